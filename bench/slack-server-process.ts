/**
 * One app under test for `npm run bench:slack`, in its own process so that neither the load generator nor
 * the other app is charged to it. `argv[2]` is `pont` (the whole Pont: PGlite, the sample directory and
 * documents, /slack/events) or `bare` (a Bolt app on the same ExpressReceiver that acknowledges and does
 * nothing); then the fake Slack Web API's URL, the signing secret and the bot token. Prints one JSON line
 * `{ url }` on stdout once it listens, then serves until SIGTERM.
 */
import http from 'node:http';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import express from 'express';
import { createHttpApp, listen } from '../src/server.ts';
import { createTestPont } from '../test/support/test-pont.ts';

const [kind, apiUrl, benchSigningSecret, benchBotToken] = process.argv.slice(2);
if ((kind !== 'pont' && kind !== 'bare') || !apiUrl || !benchSigningSecret || !benchBotToken) {
  process.stderr.write('usage: slack-server-process.ts pont|bare SLACK_API_URL SIGNING_SECRET BOT_TOKEN\n');
  process.exit(2);
}

let stop: () => Promise<void> = async () => undefined;
let server: http.Server;

if (kind === 'bare') {
  const expressApp = express();
  const receiver = new ExpressReceiver({
    signingSecret: benchSigningSecret,
    app: expressApp,
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: apiUrl },
    authorize: async () => ({ botToken: benchBotToken, botId: 'BPONTBOT1', botUserId: 'UPONTBOT1' }),
  });
  app.command(/.*/, async ({ ack }) => {
    await ack();
  });
  app.event(/.*/, async () => undefined);
  server = await listen(expressApp, 0, '127.0.0.1');
} else {
  const pont = await createTestPont({
    environment: { SLACK_BOT_TOKEN: benchBotToken, SLACK_SIGNING_SECRET: benchSigningSecret, SLACK_API_URL: apiUrl },
  });
  server = await listen(await createHttpApp(pont), 0, '127.0.0.1');
  stop = () => pont.close();
}

const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/slack/events` })}\n`);

process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => {
    void stop().then(() => process.exit(0));
  });
});
