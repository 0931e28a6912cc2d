import type http from 'node:http';
import express from 'express';
import type { Pont } from './app.ts';
import { mountSlack } from './channels/slack/index.ts';
import { mountTeams } from './channels/teams/index.ts';
import { mountWeb } from './channels/web/index.ts';

/**
 * The HTTP application: health, and each channel's routes. Channels mount themselves here so one port serves
 * Slack, Teams and the web pages.
 */
export async function createHttpApp(pont: Pont): Promise<express.Express> {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', async (_request, response) => {
    try {
      await pont.db.query('select 1');
      response.json({
        status: 'ok',
        database: pont.db.kind,
        vectors: pont.db.vectorSupport ? 'pgvector' : 'in-process',
        languageModel: pont.config.openai.provider,
      });
    } catch (error) {
      pont.logger.error({ err: error }, 'health check failed');
      response.status(503).json({ status: 'unavailable' });
    }
  });

  // Microsoft Teams: POST /api/messages. The channel is kept on app.locals for the start-up code and tests.
  app.locals.teams = mountTeams(app, pont);

  // Slack in HTTP mode: POST /slack/events (signed requests only), when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set.
  app.locals.slack = mountSlack(app, pont);

  // The local chat page (GET /), the dashboard (GET /dashboard) and their API: loopback, or the admin token.
  mountWeb(app, pont);

  return app;
}

/** Starts listening; resolves once the port is bound. */
export function listen(app: express.Express, port: number, host: string): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    server.once('error', reject);
  });
}
