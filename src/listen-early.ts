import http from 'node:http';
import type { Express } from 'express';
import { ConfigurationError } from './errors.ts';

/** Why the port could not be bound, in one line that names the setting to change. */
export function listenError(error: NodeJS.ErrnoException, port: number, host: string): Error {
  if (error.code === 'EADDRINUSE')
    return new ConfigurationError(
      `PORT ${port} on ${host} is already in use by another program: stop it, or set PORT to a free port (e.g. PORT=3979 npm start).`,
      { cause: error },
    );
  if (error.code === 'EACCES')
    return new ConfigurationError(
      `PORT ${port} on ${host} needs privileges this user does not have: set PORT to 1024 or above.`,
      { cause: error },
    );
  if (error.code === 'EADDRNOTAVAIL')
    return new ConfigurationError(
      `PONT_HOST ${host} is not an address of this machine: set PONT_HOST to one of its addresses, or 0.0.0.0.`,
      { cause: error },
    );
  return error;
}

/**
 * Keeps an idle connection open for 65 s. Pont runs behind a load balancer or reverse proxy (TLS, several replicas),
 * which reuses its connections to Pont and closes an idle one after its own timeout (60 s on the common ones): if Pont
 * closed first, as Node's default of 5 s would, the proxy could send a delivery on a connection just being closed and
 * return an error to Slack or Teams. Reused connections also spare each delivery a new connection's cost.
 */
export function keepConnections(server: http.Server): http.Server {
  server.keepAliveTimeout = 65_000;
  // NOTE: Node must not drop a kept connection's next request while its headers arrive, so this waits a little longer.
  server.headersTimeout = 66_000;
  return server;
}

/** A port opened before Pont is built (`listenEarly`): the app that will serve it is given once it exists. */
export interface EarlyServer {
  server: http.Server;
  /** Hands every request, those waiting included, to `app` from now on. */
  serve(app: Express): void;
  /** Answers the waiting requests 503 and closes the port (start-up failed). */
  close(): Promise<void>;
}

/**
 * Opens the port at once, before the database opens: /healthz answers `{"status":"starting"}` meanwhile, and every
 * other request waits for `serve`. A port in use or not allowed is a ConfigurationError, reported before anything slow.
 */
export function listenEarly(port: number, host: string): Promise<EarlyServer> {
  let app: Express | undefined;
  const waiting: [http.IncomingMessage, http.ServerResponse][] = [];
  const server = keepConnections(
    http.createServer((request, response) => {
      if (app) return void app(request, response);
      if (request.method === 'GET' && /^\/healthz(\?|$)/.test(request.url ?? '')) {
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ status: 'starting' }));
        return;
      }
      waiting.push([request, response]);
    }),
  );
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(listenError(error, port, host));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve({
        server,
        serve(ready) {
          app = ready;
          for (const [request, response] of waiting.splice(0)) void ready(request, response);
        },
        async close() {
          for (const [, response] of waiting.splice(0)) {
            response.writeHead(503, { 'content-type': 'application/json; charset=utf-8' });
            response.end(JSON.stringify({ status: 'unavailable' }));
          }
          await new Promise<void>((done) => server.close(() => done()));
        },
      });
    });
  });
}
