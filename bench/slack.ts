/**
 * `npm run bench:slack`: signed Slack slash commands and events per second, and time to acknowledge (the
 * HTTP response Slack waits 3 seconds for), against Pont's real /slack/events and a bare Bolt app that acks
 * and does nothing, in the same run, on loopback. Pont's work after the ack (the assistant, the directory,
 * the replies to the fake Slack API) runs in the same process, so it competes with the acks for the CPU;
 * the "answered/s" column says how fast that work itself finished.
 *
 * Options: --requests N (per round, default 1500), --concurrency N (default 16), --rounds N (default 2).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import type http from 'node:http';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import express from 'express';
import type { Pont } from '../src/app.ts';
import { createHttpApp, listen } from '../src/server.ts';
import { createTestPont } from '../test/support/test-pont.ts';

const signingSecret = 'bench-signing-secret-0000000000000';
const botToken = 'xoxb-bench-0000';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const requestsPerRound = option('requests', 1500);
const concurrency = option('concurrency', 16);
const rounds = option('rounds', 2);

const slackUsers = [
  { id: 'U0SIANMORG', email: 'sian.morgan@torfaen.gov.uk', locale: 'en-GB' },
  { id: 'U0KARENPHI', email: 'karen.phillips@blaenau-gwent.gov.uk', locale: 'en-GB' },
  { id: 'U0FFIONHOW', email: 'ffion.howells@torfaen.gov.uk', locale: 'cy-GB' },
];

/** A fake Slack Web API running in a child process. */
interface RemoteSlack {
  apiUrl: string;
  origin: string;
  responseUrl(): string;
  counts(): Promise<Record<string, number>>;
  reset(): Promise<void>;
  stop(): void;
}

async function startRemoteSlack(users: unknown[]): Promise<RemoteSlack> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/fake-slack-process.ts', JSON.stringify(users)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      if (buffer.includes('\n')) resolve(buffer.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`the fake Slack API exited with ${code}`)));
  });
  const { apiUrl, origin } = JSON.parse(line) as { apiUrl: string; origin: string };
  let responses = 0;
  return {
    apiUrl,
    origin,
    responseUrl: () => `${origin}/response/T0FEDERATN/${(responses += 1)}/bench`,
    counts: async () => (await (await fetch(`${origin}/_counts`)).json()) as Record<string, number>,
    reset: async () => {
      await (await fetch(`${origin}/_reset`)).arrayBuffer();
    },
    stop: () => {
      child.kill('SIGTERM');
    },
  };
}

interface Delivery {
  body: string;
  contentType: string;
  /** True when Pont answers it through response_url (commands); events answer with chat.postMessage. */
  kind: 'command' | 'event';
}

let sequence = 0;

/** The mix: slash commands (/skills, /counterpart, /pont help, /ask) and events (app_mention, message.im). */
function delivery(slack: RemoteSlack, index: number): Delivery {
  sequence += 1;
  const user = slackUsers[index % slackUsers.length]!;
  const pick = index % 6;
  if (pick < 4) {
    const [command, text] = ([['/skills', 'GIS'], ['/counterpart', ''], ['/pont', 'help'], ['/ask', 'Is the federation a merger?']] as const)[pick]!;
    const fields = {
      token: 'bench', team_id: 'T0FEDERATN', team_domain: 'federation', channel_id: 'C0BENCH', channel_name: 'bench',
      user_id: user.id, user_name: user.email.split('@')[0]!, command, text,
      response_url: slack.responseUrl(), trigger_id: `bench.${sequence}.${Date.now()}`, api_app_id: 'A0PONTAPP1',
    };
    return { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded', kind: 'command' };
  }
  const ts = `${Math.floor(Date.now() / 1000)}.${String(sequence).padStart(6, '0')}`;
  const event =
    pick === 4
      ? { type: 'app_mention', text: '<@UPONTBOT1> who knows about procurement?', user: user.id, ts, event_ts: ts, channel: 'C0BENCH', team: 'T0FEDERATN' }
      : { type: 'message', channel_type: 'im', text: 'skills GIS', user: user.id, ts, event_ts: ts, channel: `D${user.id.slice(1)}`, team: 'T0FEDERATN' };
  const payload = { token: 'bench', team_id: 'T0FEDERATN', api_app_id: 'A0PONTAPP1', type: 'event_callback', event_id: `EvBench${sequence}`, event_time: Math.floor(Date.now() / 1000), event };
  return { body: JSON.stringify(payload), contentType: 'application/json', kind: 'event' };
}

async function send(url: string, item: Delivery): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${item.body}`).digest('hex')}`;
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': item.contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
    body: item.body,
  });
  await response.arrayBuffer();
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return elapsed;
}

interface RoundResult {
  perSecond: number;
  p50: number;
  p99: number;
  answeredPerSecond: number | null;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * fraction) - 1)]!;
}

async function round(url: string, slack: RemoteSlack, count: number, waitForAnswers: boolean): Promise<RoundResult> {
  const items = Array.from({ length: count }, (_, index) => delivery(slack, index));
  const expectedAnswers = items.length;
  await slack.reset();
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next]!;
        next += 1;
        latencies.push(await send(url, item));
      }
    }),
  );
  const ackSeconds = (performance.now() - started) / 1000;
  let answeredPerSecond: number | null = null;
  if (waitForAnswers) {
    for (;;) {
      const counts = await slack.counts();
      if ((counts.response_url ?? 0) + (counts['chat.postMessage'] ?? 0) >= expectedAnswers) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    answeredPerSecond = expectedAnswers / ((performance.now() - started) / 1000);
  }
  latencies.sort((left, right) => left - right);
  return { perSecond: count / ackSeconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), answeredPerSecond };
}

/** A Bolt app with the same receiver that acknowledges everything and does nothing else. */
async function startBareBolt(slack: RemoteSlack): Promise<{ url: string; server: http.Server }> {
  const expressApp = express();
  const receiver = new ExpressReceiver({ signingSecret, app: expressApp, logLevel: LogLevel.ERROR });
  const app = new App({
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: slack.apiUrl },
    authorize: async () => ({ botToken, botId: 'BPONTBOT1', botUserId: 'UPONTBOT1' }),
  });
  app.command(/.*/, async ({ ack }) => {
    await ack();
  });
  app.event(/.*/, async () => undefined);
  const server = await listen(expressApp, 0, '127.0.0.1');
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/slack/events`, server };
}

async function startPont(slack: RemoteSlack): Promise<{ url: string; server: http.Server; pont: Pont }> {
  const pont = await createTestPont({ environment: { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: slack.apiUrl } });
  const app = await createHttpApp(pont);
  const server = await listen(app, 0, '127.0.0.1');
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/slack/events`, server, pont };
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

async function main(): Promise<void> {
  const pontSlack = await startRemoteSlack(slackUsers);
  const bareSlack = await startRemoteSlack([]);
  const bare = await startBareBolt(bareSlack);
  const pont = await startPont(pontSlack);

  // Warm-up: JIT, connection pools, identity caches, the skill index.
  await round(bare.url, bareSlack, 200, false);
  await round(pont.url, pontSlack, 200, true);

  const results: { name: string; result: RoundResult }[] = [];
  for (let index = 0; index < rounds; index += 1) {
    results.push({ name: 'bare Bolt (ack only)', result: await round(bare.url, bareSlack, requestsPerRound, false) });
    results.push({ name: 'Pont', result: await round(pont.url, pontSlack, requestsPerRound, true) });
  }

  const range = (values: number[], digits: number) => {
    const low = Math.min(...values).toFixed(digits);
    const high = Math.max(...values).toFixed(digits);
    return low === high ? low : `${low}–${high}`;
  };
  const rows = ['bare Bolt (ack only)', 'Pont'].map((name) => {
    const mine = results.filter((entry) => entry.name === name).map((entry) => entry.result);
    const answered = mine.map((result) => result.answeredPerSecond).filter((value): value is number => value !== null);
    return `| ${name} | ${range(mine.map((result) => result.perSecond), 0)} | ${range(mine.map((result) => result.p50), 1)} | ${range(mine.map((result) => result.p99), 1)} | ${answered.length > 0 ? range(answered, 0) : '—'} |`;
  });
  const bareMean = results.filter((entry) => entry.name !== 'Pont').reduce((sum, entry) => sum + entry.result.perSecond, 0) / rounds;
  const pontMean = results.filter((entry) => entry.name === 'Pont').reduce((sum, entry) => sum + entry.result.perSecond, 0) / rounds;
  const pontP99 = Math.max(...results.filter((entry) => entry.name === 'Pont').map((entry) => entry.result.p99));

  process.stdout.write(
    [
      `Signed Slack deliveries on loopback: ${requestsPerRound} a round (4 slash commands : 2 events), ${concurrency} at a time, ${rounds} rounds after a warm-up; Node ${process.version}.`,
      '',
      '| app | acks/s | p50 ack ms | p99 ack ms | answered/s |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
      '',
      `Pont throughput is ${((pontMean / bareMean) * 100).toFixed(0)}% of bare Bolt (target ≥ 80%); worst p99 ack ${pontP99.toFixed(1)} ms (target ≤ 50 ms).`,
      '',
    ].join('\n'),
  );

  await close(bare.server);
  await close(pont.server);
  await pont.pont.close();
  pontSlack.stop();
  bareSlack.stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:slack failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
