/**
 * `npm run bench:load`: answers under load, across a crash, on PostgreSQL. A local OpenAI-compatible model
 * server answers after 1.5 s a call (the fake model behind a latency proxy); N people (1, 12, 50) ask at once
 * through signed Slack deliveries or signed Bot Framework activities (a bot registration in one tenant, with its own
 * Bot Framework signing keys, Entra ID and connector on 127.0.0.1), against one Pont process and against two
 * (replicas on one database, the deliveries shared between them like a load balancer would). Pont runs as
 * the real server (bin/server.js) in its own processes; the fakes (Slack Web API, Bot Framework connector,
 * model) run here, and the deliveries are sent and timed by bench/load-sender.ts in a process of its own, all of a
 * burst at once, each on a new connection.
 *
 * Each burst is repeated (--rounds, default 5), waiting for every answer in between, after a first burst of the same
 * size whose slowest acknowledgement is reported in a column of its own (it opens most of the burst's connections and
 * runs code paths not yet compiled: what the first crowd after a start or a deploy meets). Reports, per channel, replica
 * count and N: the median over the bursts of the time to the last answer ÷ the same for one person alone (goal ≤ 1.3
 * at N = 12, ≤ 2 at N = 50) with the worst burst's, and the acknowledgement percentiles over every delivery of the
 * bursts (the HTTP response Slack and Teams wait for; goal p99 ≤ 50 ms) with the slowest. Then answers lost or doubled after kill -9 mid-burst and a restart (goal 0), and duplicate
 * reminders after a process dies mid-batch (goal 0).
 *
 * Needs PostgreSQL: PONT_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test. Each run uses a
 * schema of its own and drops it. Options: --latency MS (default 1500), --sizes 1,12,50, --replicas 1,2, --rounds 5, --connections kept|new
 * (default kept: connections reused as a load balancer in front of the replicas does; new: one per delivery, see
 * bench/load-sender.ts), --floor (the same bursts
 * also to bench/ack-floor-server.ts, a server that only reads, records and answers: this machine's floor), and
 * --cpu-prof DIR (each Pont process writes a V8 CPU profile into DIR when it stops, to see where time goes).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { createSharing, type Notification, type Notifier } from '../src/core/sharing/index.ts';
import { silentLogger } from '../src/logger.ts';
import { migrate, openPostgres, type Database } from '../src/store/index.ts';
import { createRequestStore } from '../src/store/sharing/index.ts';
import { eventPayload, sign, signingSecret, botToken, users } from '../test/channels/slack/harness.ts';
import { fixture as teamsFixture } from '../test/channels/teams/harness.ts';
import { createFakeKnowledge, sampleDirectory } from '../test/core/sharing/fakes.ts';
import { startFakeBotFrameworkTenant } from '../test/support/fake-bot-framework-tenant.ts';
import type { FakeConnector } from '../test/support/fake-connector.ts';
import { startFakeOpenAI } from '../test/support/fake-openai.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../test/support/fake-slack-api.ts';
import { startLatencyProxy } from '../test/support/latency-proxy.ts';
import type { Delivery, Sent } from './load-sender.ts';
import { postgresReachable, postgresUrl, uniqueSchema } from '../test/support/stores.ts';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}
const latencyMs = Number(option('latency') ?? 1500);
const sizes = (option('sizes') ?? '1,12,50')
  .split(',')
  .map(Number)
  .filter((size) => size > 0);
const replicaCounts = (option('replicas') ?? '1,2')
  .split(',')
  .map(Number)
  .filter((count) => count > 0);
const profileDir = option('cpu-prof');
const rounds = Math.max(1, Number(option('rounds') ?? 5));
const withFloor = process.argv.includes('--floor');
const connections = option('connections') === 'new' ? 'new' : 'kept';
const probing = process.argv.includes('--probe');
const question = 'Who is the permanent Joint Chief Executive?';
const expected = /Stephen Vickers/;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (!(await postgresReachable())) {
  process.stderr.write(`bench:load needs PostgreSQL at ${postgresUrl} (set PONT_TEST_DATABASE_URL)\n`);
  process.exit(1);
}

// The fakes: Slack Web API, Bot Framework connector, and a model that takes `latencyMs` a call.
const slack: FakeSlackApi = await startFakeSlackApi();
const slackPeople = Array.from({ length: 60 }, (_, index) => ({
  id: `U0LOAD${String(index).padStart(4, '0')}`,
  email: `load${index}@torfaen.gov.uk`,
  locale: 'en-GB',
}));
for (const person of [...Object.values(users), ...slackPeople]) slack.addUser(person);
// Teams as in production: a bot registration in one tenant, activities signed by Bot Framework (RS256 tokens that Pont
// checks against the published keys), and answers sent with a token Entra ID issued to the bot.
const tenant = await startFakeBotFrameworkTenant({
  tenantId: '6e1d4b27-3f8a-4c59-9d02-b7a6c3e8f141',
  appId: '2f8b6d1a-7c3e-4a95-b0d4-9e1f5c7a3b62',
});
const connector: FakeConnector = tenant.connector;
const teamsPeople = Array.from({ length: 60 }, (_, index) => ({
  id: `29:load-${index}`,
  name: `Load ${index}`,
  aadObjectId: `aad-load-${index}`,
  chat: `a:load-chat-${index}`,
}));
for (const person of teamsPeople) connector.addMember(person);
const model = await startFakeOpenAI();
const slowModel = await startLatencyProxy(model.origin, latencyMs);

const schema = uniqueSchema('pont_load');
const db: Database = await openPostgres(postgresUrl, { schema, max: 2 });
await migrate(db);
const environment = {
  DATABASE_URL: `${postgresUrl}?options=${encodeURIComponent(`-c search_path=${schema},public`)}`,
  SLACK_BOT_TOKEN: botToken,
  SLACK_SIGNING_SECRET: signingSecret,
  SLACK_API_URL: slack.apiUrl,
  OPENAI_BASE_URL: `${slowModel.origin}/v1`,
  OPENAI_MODEL: 'fake-model',
  PONT_WORK_LEASE_SECONDS: '5',
  LOG_LEVEL: 'info',
  PORT: '0',
  ...tenant.environment(1, 'torfaen'),
  // NOTE: the fake Entra ID serves https with the test certificate, which the bot's sign-in must trust.
  NODE_EXTRA_CA_CERTS: new URL('../test/fixtures/graph/localhost-cert.pem', import.meta.url).pathname,
};

interface Server {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
  /** The lines bench/ack-probe.mjs wrote (with --probe). */
  probes: string[];
}

async function startServer(): Promise<Server> {
  const { DATABASE_URL: _unused, ...inherited } = process.env;
  const profiling = profileDir ? ['--cpu-prof', '--cpu-prof-interval', '100', `--cpu-prof-dir=${profileDir}`] : [];
  const probe = probing ? ['--import', './bench/ack-probe.mjs'] : [];
  const child = spawn(process.execPath, [...profiling, ...probe, 'bin/server.js'], {
    env: { ...inherited, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const probes: string[] = [];
  child.stdout!.on('data', (chunk) => (output = `${output}${chunk}`.slice(-20_000)));
  child.stderr!.on('data', (chunk) => {
    output = `${output}${chunk}`.slice(-20_000);
    for (const line of String(chunk).split('\n')) if (line.startsWith('ack-probe ')) probes.push(line.slice(10));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let attempt = 0; attempt < 1200; attempt += 1) {
    const listening = /Pont is listening on (http:\/\/[\d.:]+)/.exec(output);
    if (listening) return { child, url: listening[1]!, exited, probes };
    if (child.exitCode !== null) break;
    await pause(100);
  }
  child.kill('SIGKILL');
  throw new Error(`Pont did not start:\n${output}`);
}

let sequence = 0;

// The deliveries go out from a process of their own (bench/load-sender.ts), which only sends and times them.
const sender: ChildProcess = fork(new URL('./load-sender.ts', import.meta.url), [connections], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
let sendings = 0;
const waitingFor = new Map<number, (results: Sent[]) => void>();
sender.on('message', (message: { id: number; results: Sent[] }) => {
  waitingFor.get(message.id)?.(message.results);
  waitingFor.delete(message.id);
});
function sendAll(deliveries: Delivery[]): Promise<Sent[]> {
  sendings += 1;
  const id = sendings;
  return new Promise((resolve) => {
    waitingFor.set(id, resolve);
    sender.send({ id, deliveries });
  });
}

/** One person's question through Slack (a signed message.im) or Teams (a personal-chat activity), ready to send. */
interface Question {
  delivery: Delivery;
  answered: () => number;
}

/** What became of a question sent: the acknowledgement's status and time, and how many answers it has had. */
interface Asked {
  acknowledgedMs: number;
  status: number;
  answered: () => number;
}

function slackQuestion(url: string, index: number): Question {
  sequence += 1;
  const person = slackPeople[index]!;
  const channel = `D${person.id.slice(1)}`;
  const ts = `${Math.floor(Date.now() / 1000)}.${String(sequence).padStart(6, '0')}`;
  const body = JSON.stringify(
    eventPayload('message-im', { text: question, ts, event_ts: ts, user: person.id, channel }),
  );
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    delivery: {
      url: `${url}/slack/events`,
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign(body, timestamp),
      },
      body,
    },
    answered: () =>
      slack
        .thread(channel, ts)
        .filter(
          (message) => !message.streaming && expected.test(`${message.text}${JSON.stringify(message.blocks ?? [])}`),
        ).length,
  };
}

function teamsQuestion(url: string, index: number): Question {
  sequence += 1;
  const person = teamsPeople[index]!;
  const id = `load-${sequence}`;
  const activity = teamsFixture('personal-message', connector.url, {
    id,
    text: question,
    locale: 'en-GB',
    from: { id: person.id, name: person.name, aadObjectId: person.aadObjectId },
    recipient: { id: `28:${tenant.appId}`, name: 'Pont' },
    conversation: { conversationType: 'personal', tenantId: tenant.tenantId, id: person.chat },
    channelData: { tenant: { id: tenant.tenantId } },
  });
  const before = connector.calls.length;
  return {
    delivery: {
      url: `${url}/api/messages`,
      headers: { 'content-type': 'application/json', ...tenant.authorization() },
      body: JSON.stringify(activity),
    },
    // NOTE: what the person sees: the answer replaces a placeholder, and a retry after a crash edits the same message.
    answered: () =>
      connector
        .shown(person.chat, before)
        .filter((message) => Array.isArray(message.attachments) && expected.test(JSON.stringify(message.attachments)))
        .length,
  };
}

/** Sends the questions all at once (built beforehand, so none waits for the next to be signed). */
async function ask(questions: Question[]): Promise<Asked[]> {
  const sent = await sendAll(questions.map((one) => one.delivery));
  return questions.map((one, index) => ({
    acknowledgedMs: sent[index]!.ms,
    status: sent[index]!.status,
    answered: one.answered,
  }));
}

/** With --probe: each server reports what bench/ack-probe.mjs saw since the last call, and starts again. */
async function probe(servers: Server[], label?: string): Promise<void> {
  if (!probing) return;
  const before = servers.map((server) => server.probes.length);
  for (const server of servers) server.child.kill('SIGUSR2');
  while (servers.some((server, index) => server.probes.length === before[index])) await pause(5);
  if (label) for (const server of servers) process.stderr.write(`  ${label}: ${server.probes.at(-1)}\n`);
}

/** N people ask at once; resolves with the time until the last answer and every acknowledgement time. */
async function burst(
  channel: 'slack' | 'teams',
  servers: Server[],
  size: number,
  timeoutMs = 120_000,
): Promise<{ lastAnswerMs: number; acknowledgements: number[]; unanswered: number }> {
  const questions = Array.from({ length: size }, (_, index) => {
    const url = servers[index % servers.length]!.url;
    return channel === 'slack' ? slackQuestion(url, index) : teamsQuestion(url, index);
  });
  await probe(servers);
  const started = performance.now();
  const asked = await ask(questions);
  await probe(servers, `${channel} N=${size} acknowledgements`);
  const failed = asked.filter((one) => one.status !== 200).length;
  if (failed > 0) throw new Error(`${failed} of ${size} deliveries were refused`);
  const answeredAt = new Array<number | undefined>(size).fill(undefined);
  while (answeredAt.some((at) => at === undefined) && performance.now() - started < timeoutMs) {
    for (const [index, one] of asked.entries())
      if (answeredAt[index] === undefined && one.answered() > 0) answeredAt[index] = performance.now() - started;
    await pause(10);
  }
  await probe(servers, `${channel} N=${size} answers`);
  return {
    lastAnswerMs: Math.max(...answeredAt.map((at) => at ?? Number.POSITIVE_INFINITY)),
    acknowledgements: asked.map((one) => one.acknowledgedMs),
    unanswered: answeredAt.filter((at) => at === undefined).length,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const roundsLine = (values: number[]) => values.map((ms) => `${ms.toFixed(1)} ms`).join(', ');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function waitForQuietInbox(): Promise<void> {
  for (let attempt = 0; attempt < 1200; attempt += 1) {
    const [{ waiting }] = (await db.query<{ waiting: number }>(
      `select count(*) as waiting from inbox where status = 'pending'`,
    )) as [{ waiting: number }];
    if (waiting === 0) return;
    await pause(100);
  }
  throw new Error('the inbox did not empty');
}

/** A floor server (bench/ack-floor-server.ts) on the run's schema; resolves with its address once it listens. */
async function startFloor(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/ack-floor-server.ts'], {
    env: { ...process.env, DATABASE_URL: environment.DATABASE_URL, FLOOR_TABLE: 'ack_floor' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += String(chunk);
      const listening = /listening (\d+)/.exec(output);
      if (listening) resolve(listening[1]!);
    });
    void exited.then(() => reject(new Error('the floor server stopped before it listened')));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const rows: string[] = [];
const floorRows: string[] = [];
const servers: Server[] = [];
const stopAll = async () => {
  for (const server of servers.splice(0)) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
};

try {
  process.stderr.write(
    `bench:load: model latency ${latencyMs} ms, connections ${connections}, sizes ${sizes.join(', ')}, PostgreSQL schema ${schema}, load average ${os.loadavg()[0]!.toFixed(1)} (timings mean little above ~1 on this machine)\n`,
  );
  for (const replicas of replicaCounts) {
    await stopAll();
    for (let index = 0; index < replicas; index += 1) servers.push(await startServer());
    // NOTE: one warm-up question per channel and replica: the first answer pays for loading the index.
    for (const channel of ['slack', 'teams'] as const) for (const server of servers) await burst(channel, [server], 1);
    await waitForQuietInbox();
    for (const channel of ['slack', 'teams'] as const) {
      let alone = Number.NaN;
      for (const size of sizes) {
        const acknowledgements: number[] = [];
        const slowest: number[] = [];
        const lastAnswers: number[] = [];
        let unanswered = 0;
        // NOTE: the first burst of a size after start opens most of its connections and runs code not yet compiled
        // for it; its slowest acknowledgement is reported on its own, and the percentiles are of the bursts after it.
        const first = size > 1 ? await burst(channel, servers, size) : undefined;
        await waitForQuietInbox();
        unanswered += first?.unanswered ?? 0;
        for (let round = 0; round < rounds; round += 1) {
          const result = await burst(channel, servers, size);
          await waitForQuietInbox();
          acknowledgements.push(...result.acknowledgements);
          slowest.push(Math.max(...result.acknowledgements));
          lastAnswers.push(result.lastAnswerMs);
          unanswered += result.unanswered;
        }
        const typical = median(lastAnswers);
        if (size === 1) alone = typical;
        const ratio =
          size === 1
            ? ''
            : ` (${(typical / alone).toFixed(2)}×; worst burst ${(Math.max(...lastAnswers) / alone).toFixed(2)}×)`;
        const [p50, p95, p99, max] = [50, 95, 99, 100].map((p) => `${percentile(acknowledgements, p).toFixed(1)} ms`);
        rows.push(
          `| ${channel} | ${replicas} | ${size} | ${rounds} | ${(typical / 1000).toFixed(2)} s${ratio}${unanswered ? `, ${unanswered} unanswered` : ''} | ${p50} | ${p95} | ${p99} | ${max} | ${first ? `${Math.max(...first.acknowledgements).toFixed(1)} ms` : '–'} |`,
        );
        process.stderr.write(`${rows.at(-1)}\n  slowest acknowledgement of each burst: ${roundsLine(slowest)}\n`);
      }
    }
  }

  // --floor: the same bursts to servers that only read, record and answer (bench/ack-floor-server.ts).
  await stopAll();
  if (withFloor) {
    for (const replicas of replicaCounts) {
      const floors = await Promise.all(Array.from({ length: replicas }, startFloor));
      for (const channel of ['slack', 'teams'] as const) {
        for (const size of sizes.filter((one) => one > 1)) {
          const acknowledgements: number[] = [];
          const slowest: number[] = [];
          let first = Number.NaN;
          for (let round = -1; round < rounds; round += 1) {
            const questions = Array.from({ length: size }, (_, index) => {
              const url = floors[index % floors.length]!.url;
              return channel === 'slack' ? slackQuestion(url, index) : teamsQuestion(url, index);
            });
            const sent = (await ask(questions)).map((one) => one.acknowledgedMs);
            await pause(500);
            // NOTE: as for Pont, the first burst is reported on its own.
            if (round < 0) first = Math.max(...sent);
            else {
              acknowledgements.push(...sent);
              slowest.push(Math.max(...sent));
            }
          }
          const [p50, p95, p99, max] = [50, 95, 99, 100].map((p) => `${percentile(acknowledgements, p).toFixed(1)} ms`);
          floorRows.push(
            `| floor, ${channel} bodies | ${replicas} | ${size} | ${rounds} | – | ${p50} | ${p95} | ${p99} | ${max} | ${first.toFixed(1)} ms |`,
          );
          process.stderr.write(
            `${floorRows.at(-1)}\n  slowest acknowledgement of each burst: ${roundsLine(slowest)}\n`,
          );
        }
      }
      for (const floor of floors) await floor.stop();
    }
  }

  // kill -9 mid-burst: one process takes 20 Slack and 20 Teams questions, dies, and a new one starts.
  const victim = await startServer();
  servers.push(victim);
  const crashSize = 20;
  const asked = await ask([
    ...Array.from({ length: crashSize }, (_, index) => slackQuestion(victim.url, index)),
    ...Array.from({ length: crashSize }, (_, index) => teamsQuestion(victim.url, index)),
  ]);
  const refused = asked.filter((one) => one.status !== 200).length;
  // NOTE: under load the last acknowledgement can come after the first answers: those answered before the kill
  // are counted, since an answer posted but not yet marked done when the process dies is sent again.
  const answeredBeforeKill = asked.filter((one) => one.answered() > 0).length;
  victim.child.kill('SIGKILL');
  await victim.exited;
  servers.splice(0);
  servers.push(await startServer());
  await waitForQuietInbox();
  const counts = asked.map((one) => one.answered());
  const tally = (part: number[]) =>
    `${part.filter((count) => count === 0).length} lost, ${part.filter((count) => count > 1).length} answered twice`;
  const crashLine =
    `kill -9 mid-burst (${crashSize} Slack + ${crashSize} Teams questions acknowledged, ${refused} refused, ${answeredBeforeKill} already answered when killed): ` +
    `Slack ${tally(counts.slice(0, crashSize))}; Teams ${tally(counts.slice(crashSize))}`;
  process.stderr.write(`${crashLine}\n`);

  // Reminders: a process dies after sending 40 of 100 due reminders; another takes over after the lease.
  const due = new Date('2026-03-04T10:00:00Z');
  await db.query(
    `insert into sharing_requests (requester_email, requester_council, title, detail, topic_services, topic_skills, target_councils, status, routed_to, language, created_at, updated_at)
     select 'rhian@blaenau-gwent.gov.uk', 'blaenau-gwent', 'load-' || n, 'How do you run your waste rota?', '{waste}', '{waste rota}', '{torfaen}', 'routed', array['tom@torfaen.gov.uk'], 'en', $1, $1
     from generate_series(1, 100) as n`,
    [new Date(due.getTime() - 2 * 86_400_000)],
  );
  await db.query(
    `insert into sharing_followups (request_id, step, due_at, attempts, updated_at) select id, 'remind', $1, 0, $1 from sharing_requests where title like 'load-%'`,
    [due],
  );
  const received: Notification[] = [];
  let calls = 0;
  let died!: () => void;
  const death = new Promise<void>((resolve) => (died = resolve));
  const dying: Notifier = {
    notify(notification) {
      calls += 1;
      if (calls > 40) {
        died();
        return new Promise<void>(() => undefined);
      }
      received.push(notification);
      return Promise.resolve();
    },
  };
  const recovered: Notifier = { notify: async (notification) => void received.push(notification) };
  const sharingWith = (notifier: Notifier, now: Date) =>
    createSharing(
      {
        store: createRequestStore(db),
        people: sampleDirectory(),
        knowledge: createFakeKnowledge(),
        notifier,
        logger: silentLogger,
      },
      { deadlineWorkingDays: 2, batchSize: 200, clock: () => now },
    );
  void sharingWith(dying, due).runDueFollowUps(due);
  await death;
  const later = new Date(due.getTime() + 11 * 60_000);
  await sharingWith(recovered, later).runDueFollowUps(later);
  const perPerson = new Map<string, number>();
  for (const notification of received)
    perPerson.set(notification.request.id, (perPerson.get(notification.request.id) ?? 0) + 1);
  const duplicates = [...perPerson.values()].filter((count) => count > 1).length;
  const reminderLine = `reminders after a crash mid-batch (100 due, died after 40): ${perPerson.size} people reminded, ${duplicates} twice`;

  process.stdout.write(
    `\nbench:load — model latency ${latencyMs} ms a call, PostgreSQL, PONT_WORKERS default, connections ${connections}, load average ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')} at the end\n\n`,
  );
  process.stdout.write(
    '| channel | replicas | N | bursts | time to last answer, median of the bursts (÷ one person alone) | ack p50 | ack p95 | ack p99 | ack max | first burst after start: slowest ack |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n',
  );
  process.stdout.write(`${[...rows, ...floorRows].join('\n')}\n\n${crashLine}\n${reminderLine}\n`);
} finally {
  await stopAll();
  await slowModel.close();
  await model.close();
  await tenant.close();
  await slack.close();
  await db.exec(`drop schema if exists ${schema} cascade`);
  await db.close();
  sender.kill();
}
