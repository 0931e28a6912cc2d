import type http from 'node:http';
import type { Pont } from '../../../src/app.ts';
import { createHttpApp, listen } from '../../../src/server.ts';
import { createTestPont } from '../../support/test-pont.ts';

export interface WebTestServer {
  url: string;
  pont: Pont;
  stop(): Promise<void>;
}

/**
 * The whole Pont (sample staff directory, starter documents, in-memory PGlite) behind the real HTTP app,
 * listening on a random port of 127.0.0.1.
 */
export async function startWebTestServer(environment: Record<string, string> = {}): Promise<WebTestServer> {
  const pont = await createTestPont({ environment });
  const app = await createHttpApp(pont);
  const server: http.Server = await listen(app, 0, '127.0.0.1');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    pont,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pont.close();
    },
  };
}
