import type http from 'node:http';
import express from 'express';
import { ConfigurationError } from './errors.ts';
import type { Pont } from './app.ts';
import { channelsFor, mountChannels, type Channel } from './channels/channel.ts';
import { jsonErrorHandler, notFoundHandler } from './http-errors.ts';

/**
 * The HTTP application: health, and each channel's routes. Channels mount themselves here so one port serves
 * Slack, Teams and the web pages.
 */
export async function createHttpApp(pont: Pont, options: { ready?: Promise<void>; channels?: Channel[] } = {}): Promise<express.Express> {
  const app = express();
  app.disable('x-powered-by');
  let ready = options.ready === undefined;
  void options.ready?.finally(() => (ready = true));

  app.get('/healthz', async (_request, response) => {
    try {
      await pont.db.query('select 1');
      response.json({
        // NOTE: "indexing" while start-up indexing runs: Pont is up, and requests wait for the indexes.
        status: ready ? 'ok' : 'indexing',
        database: pont.db.kind,
        vectors: pont.db.vectorSupport ? 'pgvector' : 'in-process',
        languageModel: pont.config.openai.provider,
      });
    } catch (error) {
      pont.logger.error({ err: error }, 'health check failed');
      response.status(503).json({ status: 'unavailable' });
    }
  });

  // Everything but /healthz waits for start-up indexing, so an early question is answered from the whole corpus.
  if (options.ready) {
    const whenReady = options.ready;
    app.use((_request, _response, next) => (ready ? next() : void whenReady.then(() => next(), next)));
  }

  // Microsoft Teams: POST /api/messages. The channel is kept on app.locals for the start-up code and tests.
  // NOTE: the channels the settings turn on (Slack, Teams, the web pages); `main.ts` starts and stops them.
  const channels = options.channels ?? channelsFor(pont);
  mountChannels(app, pont, channels);
  app.locals.channels = channels;

  app.use(notFoundHandler());
  app.use(jsonErrorHandler(pont.logger));

  return app;
}

/** Why the port could not be bound, in one line that names the setting to change. */
function listenError(error: NodeJS.ErrnoException, port: number, host: string): Error {
  if (error.code === 'EADDRINUSE') return new ConfigurationError(`PORT ${port} on ${host} is already in use by another program: stop it, or set PORT to a free port (e.g. PORT=3979 npm start).`, { cause: error });
  if (error.code === 'EACCES') return new ConfigurationError(`PORT ${port} on ${host} needs privileges this user does not have: set PORT to 1024 or above.`, { cause: error });
  if (error.code === 'EADDRNOTAVAIL') return new ConfigurationError(`PONT_HOST ${host} is not an address of this machine: set PONT_HOST to one of its addresses, or 0.0.0.0.`, { cause: error });
  return error;
}

/** Starts listening; resolves once the port is bound. A port in use or not allowed is a ConfigurationError. */
export function listen(app: express.Express, port: number, host: string): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(listenError(error, port, host));
    const server = app.listen(port, host, (error?: Error) => (error ? fail(error) : resolve(server)));
    server.once('error', fail);
  });
}
