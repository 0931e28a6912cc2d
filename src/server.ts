import type http from 'node:http';
import express from 'express';
import { keepConnections, listenError } from './listen-early.ts';
import type { Pont } from './app.ts';
import { channelsFor, mountChannels, type Channel } from './channels/channel.ts';
import { jsonErrorHandler, notFoundHandler } from './http-errors.ts';

export interface HttpAppOptions {
  /** Start-up work (indexing) that requests other than /healthz wait for; /healthz says "indexing" meanwhile. */
  ready?: Promise<void>;
  /** The channels to mount; those the settings turn on otherwise. */
  channels?: Channel[];
  /**
   * Mount the channels only once this resolves (the server passes its port opening), so loading their SDKs does not
   * delay /healthz; requests other than /healthz wait for them. Without it, the app is returned with them mounted.
   */
  mountAfter?: Promise<unknown>;
}

/** The Express app and, when its channels are mounted later, the promise of that (rejecting when a channel fails). */
export interface HttpApp {
  app: express.Express;
  channelsMounted: Promise<void>;
}

/**
 * The HTTP application: health, and each channel's routes. Channels mount themselves here so one port serves
 * Slack, Teams and the web pages. See `createHttpServerApp` for an app whose channels mount after the port opens.
 */
export async function createHttpApp(
  pont: Pont,
  options: Omit<HttpAppOptions, 'mountAfter'> = {},
): Promise<express.Express> {
  const { app, channelsMounted } = createHttpServerApp(pont, options);
  await channelsMounted;
  return app;
}

/**
 * The HTTP application, returned at once: /healthz answers straight away, and the channels (with the handlers for
 * unknown paths and errors after them) are added once `mountAfter` resolves; every other request waits for that and
 * for `ready`. NOTE: Express reads its list of handlers as a request moves along it, so handlers added while a
 * request waits at the gate below are seen by it.
 */
export function createHttpServerApp(pont: Pont, options: HttpAppOptions = {}): HttpApp {
  const app = express();
  app.disable('x-powered-by');
  const channels = options.channels ?? channelsFor(pont);
  // NOTE: the channels the settings turn on (Slack, Teams, the web pages); `main.ts` starts and stops them.
  app.locals.channels = channels;
  const channelsMounted = (options.mountAfter ?? Promise.resolve()).then(async () => {
    await mountChannels(app, pont, channels);
    app.use(notFoundHandler());
    app.use(jsonErrorHandler(pont.logger));
  });
  let indexed = options.ready === undefined;
  void options.ready?.finally(() => (indexed = true));
  let mounted = options.mountAfter === undefined;
  channelsMounted.then(
    () => (mounted = true),
    () => {},
  );

  app.get('/healthz', async (_request, response) => {
    try {
      await pont.db.query('select 1');
      response.json({
        // NOTE: "indexing" while start-up indexing runs or the channels load: Pont is up, and requests wait for both.
        status: indexed && mounted ? 'ok' : 'indexing',
        database: pont.db.kind,
        vectors: pont.db.vectorSupport ? 'pgvector' : 'in-process',
        languageModel: pont.config.openai.provider,
      });
    } catch (error) {
      pont.logger.error({ err: error }, 'health check failed');
      response.status(503).json({ status: 'unavailable' });
    }
  });

  // Everything but /healthz waits for the channels to be mounted and for start-up indexing, so an early question is
  // answered from the whole corpus.
  let open = false;
  const whenOpen = Promise.all([channelsMounted, options.ready]).then(() => {
    open = true;
  });
  // NOTE: a channel that fails to mount is for the caller to report (the server stops); a request waiting meanwhile
  // gets a plain 503, since the error handlers come after the channels.
  whenOpen.catch(() => {});
  app.use((_request, response, next) =>
    open
      ? next()
      : void whenOpen.then(
          () => next(),
          () => response.status(503).json({ status: 'unavailable' }),
        ),
  );

  return { app, channelsMounted };
}

/** Starts listening; resolves once the port is bound. A port in use or not allowed is a ConfigurationError. */
export function listen(app: express.Express, port: number, host: string): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(listenError(error, port, host));
    const server = keepConnections(app.listen(port, host, (error?: Error) => (error ? fail(error) : resolve(server))));
    server.once('error', fail);
  });
}
