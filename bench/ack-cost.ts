/**
 * `npx tsx bench/ack-cost.ts`: the processor time one acknowledgement costs Pont, which decides how long the last of a
 * burst waits (a burst is handled one delivery after another on one event loop). Pont runs in this process on
 * PostgreSQL; bursts of 50 signed Slack deliveries and 50 signed Bot Framework activities (one tenant's bot
 * registration, tokens Pont checks against the published keys) are sent at once by bench/load-sender.ts in a process of
 * its own, and this process's CPU time (user + system) from the first request to the last response is divided by 50:
 * Pont's cost alone, not the sender's. The model never answers, so no answer's work runs while the burst is
 * acknowledged. Less sensitive to a shared machine's load than wall time, though not immune (caches, frequency).
 *
 * Options: --bursts N (default 8 a channel). Needs PostgreSQL (PONT_TEST_DATABASE_URL).
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { createPont } from '../src/app.ts';
import { silentLogger } from '../src/logger.ts';
import { createHttpApp, listen } from '../src/server.ts';
import { migrate, openPostgres } from '../src/store/index.ts';
import { eventPayload, sign, signingSecret, botToken } from '../test/channels/slack/harness.ts';
import { fixture as teamsFixture } from '../test/channels/teams/harness.ts';
import { testConfig } from '../test/support/config.ts';
import { startFakeBotFrameworkTenant } from '../test/support/fake-bot-framework-tenant.ts';
import { startFakeSlackApi } from '../test/support/fake-slack-api.ts';
import { postgresReachable, postgresUrl, uniqueSchema } from '../test/support/stores.ts';
import type { Delivery, Sent } from './load-sender.ts';

const index = process.argv.indexOf('--bursts');
const bursts = index >= 0 ? Number(process.argv[index + 1]) : 8;
const size = 50;
if (!(await postgresReachable())) {
  process.stderr.write(`needs PostgreSQL at ${postgresUrl}\n`);
  process.exit(1);
}

// A model that takes the request and never answers: workers wait on it, using no processor time.
const silent = http.createServer(() => undefined);
await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
const silentPort = (silent.address() as { port: number }).port;
const slack = await startFakeSlackApi();
const tenant = await startFakeBotFrameworkTenant({
  tenantId: '6e1d4b27-3f8a-4c59-9d02-b7a6c3e8f141',
  appId: '2f8b6d1a-7c3e-4a95-b0d4-9e1f5c7a3b62',
});
const connector = tenant.connector;
const schema = uniqueSchema('pont_ack_cost');
const db = await openPostgres(postgresUrl, { schema });
await migrate(db);
const admin = await openPostgres(postgresUrl, { schema, max: 1 });
for (let person = 0; person < size; person += 1) {
  slack.addUser({
    id: `U0COST${String(person).padStart(4, '0')}`,
    email: `cost${person}@torfaen.gov.uk`,
    locale: 'en-GB',
  });
  connector.addMember({
    id: `29:cost-${person}`,
    name: `Cost ${person}`,
    aadObjectId: `aad-cost-${person}`,
  });
}
const pont = await createPont(
  testConfig({
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    OPENAI_BASE_URL: `http://127.0.0.1:${silentPort}/v1`,
    OPENAI_MODEL: 'silent',
    ...tenant.environment(1, 'torfaen'),
  }),
  { db, logger: silentLogger },
);
const server = await listen(await createHttpApp(pont), 0, '127.0.0.1');
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

let sequence = 0;
function slackDelivery(): RequestInit & { path: string } {
  sequence += 1;
  const ts = `${Math.floor(Date.now() / 1000)}.${String(sequence).padStart(6, '0')}`;
  const user = `U0COST${String(sequence % 50).padStart(4, '0')}`;
  const body = JSON.stringify(
    eventPayload('message-im', {
      text: 'Who runs the waste rota?',
      ts,
      event_ts: ts,
      user,
      channel: `D${user.slice(1)}`,
    }),
  );
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    path: '/slack/events',
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': sign(body, timestamp),
    },
    body,
  };
}
function teamsDelivery(): RequestInit & { path: string } {
  sequence += 1;
  const activity = teamsFixture('personal-message', connector.url, {
    id: `cost-${sequence}`,
    text: 'Who runs the waste rota?',
    from: { id: `29:cost-${sequence % 50}`, name: 'Cost', aadObjectId: `aad-cost-${sequence % 50}` },
    recipient: { id: `28:${tenant.appId}`, name: 'Pont' },
    conversation: { conversationType: 'personal', tenantId: tenant.tenantId, id: `a:cost-${sequence % 50}` },
    channelData: { tenant: { id: tenant.tenantId } },
  });
  return {
    path: '/api/messages',
    method: 'POST',
    headers: { 'content-type': 'application/json', ...tenant.authorization() },
    body: JSON.stringify(activity),
  };
}

// The sender: a process of its own, so only Pont's processor time is counted here.
const sender = fork(new URL('./load-sender.ts', import.meta.url), ['kept'], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
let sendings = 0;
function sendAll(deliveries: Delivery[]): Promise<Sent[]> {
  sendings += 1;
  const id = sendings;
  return new Promise((resolve) => {
    const receive = (message: { id: number; results: Sent[] }) => {
      if (message.id !== id) return;
      sender.off('message', receive);
      resolve(message.results);
    };
    sender.on('message', receive);
    sender.send({ id, deliveries });
  });
}

async function burst(make: () => RequestInit & { path: string }): Promise<{ cpuMs: number; slowestMs: number }> {
  const deliveries = Array.from({ length: size }, make).map(({ path, headers, body }) => ({
    url: `${url}${path}`,
    headers: headers as Record<string, string>,
    body: body as string,
  }));
  const cpu = process.cpuUsage();
  const results = await sendAll(deliveries);
  const used = process.cpuUsage(cpu);
  if (results.some((result) => result.status !== 200))
    throw new Error(`refused: ${results.map((result) => result.status).join(',')}`);
  return { cpuMs: (used.user + used.system) / 1000, slowestMs: Math.max(...results.map((result) => result.ms)) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
try {
  for (const [name, make] of [
    ['slack', slackDelivery],
    ['teams', teamsDelivery],
  ] as const) {
    await burst(make); // warm-up
    const results: { cpuMs: number; slowestMs: number }[] = [];
    for (let round = 0; round < bursts; round += 1) {
      results.push(await burst(make));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    process.stdout.write(
      `${name}: ${bursts} bursts of ${size}, CPU per acknowledgement median ${(median(results.map((r) => r.cpuMs)) / size).toFixed(2)} ms (min ${(Math.min(...results.map((r) => r.cpuMs)) / size).toFixed(2)}), slowest acknowledgement median ${median(results.map((r) => r.slowestMs)).toFixed(0)} ms, load average ${os.loadavg()[0]!.toFixed(1)}\n`,
    );
  }
} finally {
  // NOTE: the workers are left waiting on the silent model; the process ends without stopping them.
  await admin.exec(`drop schema if exists ${schema} cascade`).catch(() => undefined);
  process.exit(0);
}
