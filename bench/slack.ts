/**
 * `npm run bench:slack`: signed Slack slash commands and events per second, and time to acknowledge (the
 * HTTP response Slack waits 3 seconds for), against Pont's real /slack/events and a bare Bolt app that acks
 * and does nothing, in the same run, on loopback. Like with like: each app runs in its own process
 * (bench/slack-server-process.ts) with its own fake Slack Web API process (bench/fake-slack-process.ts);
 * this process only generates the load, the same signed payloads for both, round after round in turn after
 * two warm-up rounds of each. Pont's work after the ack (the assistant, the directory, PGlite, the replies to the
 * fake Slack API) runs in Pont's process, as in production; "answered/s" says how fast that work finished,
 * "answer ms" how long after its delivery each reply reached Slack, and "CPU ms/delivery" how much processor
 * time each app's process used per delivery.
 *
 * Options: --requests N (per round, default 1500), --concurrency N (default 16), --rounds N (default 3),
 * --cpu-prof DIR or --profile DIR (V8 CPU profiles of each app process, as `node --cpu-prof` writes them, in DIR/pont and DIR/bare).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';

const signingSecret = 'bench-signing-secret-0000000000000';
const botToken = 'xoxb-bench-0000';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const requestsPerRound = option('requests', 1500);
const concurrency = option('concurrency', 16);
const rounds = option('rounds', 3);
const profileIndex = process.argv.indexOf('--cpu-prof');
const profileDirectory = profileIndex >= 0 ? process.argv[profileIndex + 1] : undefined;

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
  /** When each reply reached the fake, keyed by response_url path or thread ts. */
  answers(): Promise<{ key: string; at: number }[]>;
  reset(): Promise<void>;
  stop(): void;
}

/** Starts `script` in its own Node process and waits for the JSON line it prints once it is ready. */
async function startProcess(
  script: string,
  args: string[],
  nodeOptions: string[] = [],
): Promise<{ child: ChildProcess; ready: Record<string, string> }> {
  const child: ChildProcess = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      if (buffer.includes('\n')) resolve(buffer.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { child, ready: JSON.parse(line) as Record<string, string> };
}

/** Processor time (user + system) a process has used so far, in milliseconds (Linux /proc). */
function cpuMilliseconds(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // NOTE: utime and stime are fields 14 and 15 of /proc/PID/stat, in clock ticks (100 a second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

async function startRemoteSlack(users: unknown[]): Promise<RemoteSlack> {
  const { child, ready } = await startProcess('bench/fake-slack-process.ts', [JSON.stringify(users)]);
  const { apiUrl, origin } = ready as { apiUrl: string; origin: string };
  let responses = 0;
  return {
    apiUrl,
    origin,
    responseUrl: () => `${origin}/response/T0FEDERATN/${(responses += 1)}/bench`,
    counts: async () => (await (await fetch(`${origin}/_counts`)).json()) as Record<string, number>,
    answers: async () => (await (await fetch(`${origin}/_answers`)).json()) as { key: string; at: number }[],
    reset: async () => {
      await (await fetch(`${origin}/_reset`)).arrayBuffer();
    },
    stop: () => {
      child.kill('SIGTERM');
    },
  };
}

/** An app under test (Pont or bare Bolt) in its own process. */
interface AppUnderTest {
  url: string;
  pid: number | undefined;
  stop(): void;
}

async function startApp(kind: 'pont' | 'bare', slack: RemoteSlack): Promise<AppUnderTest> {
  const profile = profileDirectory ? ['--cpu-prof', '--cpu-prof-dir', `${profileDirectory}/${kind}`] : [];
  const { child, ready } = await startProcess(
    'bench/slack-server-process.ts',
    [kind, slack.apiUrl, signingSecret, botToken],
    profile,
  );
  return { url: ready.url!, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

interface Delivery {
  body: string;
  contentType: string;
  /** True when Pont answers it through response_url (commands); events answer with chat.postMessage. */
  kind: 'command' | 'event';
  /** What the reply is found by: the response_url path (commands) or the message ts it answers in (events). */
  answerKey: string;
  /** An @mention: Pont's answer replaces the placeholder it posted first, so it is in when that is edited. */
  replaced?: boolean;
}

let sequence = 0;

/** The mix: slash commands (/skills, /counterpart, /pont help, /ask) and events (app_mention, message.im). */
function delivery(slack: RemoteSlack, index: number): Delivery {
  sequence += 1;
  const user = slackUsers[index % slackUsers.length]!;
  const pick = index % 6;
  if (pick < 4) {
    const [command, text] = (
      [
        ['/skills', 'GIS'],
        ['/counterpart', ''],
        ['/pont', 'help'],
        ['/ask', 'Is the federation a merger?'],
      ] as const
    )[pick]!;
    const responseUrl = slack.responseUrl();
    const fields = {
      token: 'bench',
      team_id: 'T0FEDERATN',
      team_domain: 'federation',
      channel_id: 'C0BENCH',
      channel_name: 'bench',
      user_id: user.id,
      user_name: user.email.split('@')[0]!,
      command,
      text,
      response_url: responseUrl,
      trigger_id: `bench.${sequence}.${Date.now()}`,
      api_app_id: 'A0PONTAPP1',
    };
    return {
      body: new URLSearchParams(fields).toString(),
      contentType: 'application/x-www-form-urlencoded',
      kind: 'command',
      answerKey: new URL(responseUrl).pathname,
    };
  }
  const ts = `${Math.floor(Date.now() / 1000)}.${String(sequence).padStart(6, '0')}`;
  const event =
    pick === 4
      ? {
          type: 'app_mention',
          text: '<@UPONTBOT1> who knows about procurement?',
          user: user.id,
          ts,
          event_ts: ts,
          channel: 'C0BENCH',
          team: 'T0FEDERATN',
        }
      : {
          type: 'message',
          channel_type: 'im',
          text: 'skills GIS',
          user: user.id,
          ts,
          event_ts: ts,
          channel: `D${user.id.slice(1)}`,
          team: 'T0FEDERATN',
        };
  const payload = {
    token: 'bench',
    team_id: 'T0FEDERATN',
    api_app_id: 'A0PONTAPP1',
    type: 'event_callback',
    event_id: `EvBench${sequence}`,
    event_time: Math.floor(Date.now() / 1000),
    event,
  };
  return {
    body: JSON.stringify(payload),
    contentType: 'application/json',
    kind: 'event',
    answerKey: ts,
    ...(pick === 4 ? { replaced: true } : {}),
  };
}

async function send(url: string, item: Delivery): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${item.body}`).digest('hex')}`;
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': item.contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
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
  /** Time from sending a delivery to its first reply reaching Slack, p50 and p99 (ms). */
  answerP50: number | null;
  answerP99: number | null;
  /** The app process's CPU time per delivery, acks and (for Pont) answers included. */
  cpuPerDelivery: number | null;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * fraction) - 1)]!;
}

async function round(
  app: AppUnderTest,
  slack: RemoteSlack,
  count: number,
  waitForAnswers: boolean,
): Promise<RoundResult> {
  const items = Array.from({ length: count }, (_, index) => delivery(slack, index));
  await slack.reset();
  const latencies: number[] = [];
  const sentAt = new Map<string, number>();
  let next = 0;
  const cpuBefore = cpuMilliseconds(app.pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next]!;
        next += 1;
        sentAt.set(item.answerKey, Date.now());
        latencies.push(await send(app.url, item));
      }
    }),
  );
  const ackSeconds = (performance.now() - started) / 1000;
  let answeredPerSecond: number | null = null;
  let answerTimes: number[] = [];
  if (waitForAnswers) {
    for (;;) {
      const counts = await slack.counts();
      const edits = items.filter((item) => item.replaced).length;
      if (
        (counts.response_url ?? 0) + (counts['chat.postMessage'] ?? 0) >= items.length &&
        (counts['chat.update'] ?? 0) >= edits
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    answeredPerSecond = items.length / ((performance.now() - started) / 1000);
    // NOTE: the answer to a mention is the edit of its placeholder: the last arrival in each thread is the answer.
    const last = new Map<string, number>();
    for (const answer of await slack.answers()) last.set(answer.key, answer.at);
    answerTimes = [...sentAt].map(([key, at]) => (last.get(key) ?? Number.NaN) - at).filter(Number.isFinite);
    answerTimes.sort((left, right) => left - right);
  }
  const cpuAfter = cpuMilliseconds(app.pid);
  latencies.sort((left, right) => left - right);
  return {
    perSecond: count / ackSeconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    answeredPerSecond,
    answerP50: answerTimes.length ? percentile(answerTimes, 0.5) : null,
    answerP99: answerTimes.length ? percentile(answerTimes, 0.99) : null,
    cpuPerDelivery: cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / count : null,
  };
}

async function main(): Promise<void> {
  const pontSlack = await startRemoteSlack(slackUsers);
  const bareSlack = await startRemoteSlack([]);
  const bare = await startApp('bare', bareSlack);
  const pont = await startApp('pont', pontSlack);
  const loadBefore = os.loadavg();

  try {
    // Warm-up of each app with the same mix, two full rounds each: JIT, connection pools, identity caches, the
    // skill index. (With one short round the bare app was still getting faster in the measured rounds.)
    for (let index = 0; index < 2; index += 1) {
      await round(bare, bareSlack, requestsPerRound, false);
      await round(pont, pontSlack, requestsPerRound, true);
    }

    const results: { name: string; result: RoundResult }[] = [];
    for (let index = 0; index < rounds; index += 1) {
      results.push({ name: 'bare Bolt (ack only)', result: await round(bare, bareSlack, requestsPerRound, false) });
      results.push({ name: 'Pont', result: await round(pont, pontSlack, requestsPerRound, true) });
    }

    const range = (values: number[], digits: number) => {
      if (values.length === 0) return '—';
      const low = Math.min(...values).toFixed(digits);
      const high = Math.max(...values).toFixed(digits);
      return low === high ? low : `${low}–${high}`;
    };
    const rows = ['bare Bolt (ack only)', 'Pont'].map((name) => {
      const mine = results.filter((entry) => entry.name === name).map((entry) => entry.result);
      const answered = mine
        .map((result) => result.answeredPerSecond)
        .filter((value): value is number => value !== null);
      const answerP50 = mine.map((result) => result.answerP50).filter((value): value is number => value !== null);
      const answerP99 = mine.map((result) => result.answerP99).filter((value): value is number => value !== null);
      const cpu = mine.map((result) => result.cpuPerDelivery).filter((value): value is number => value !== null);
      return `| ${name} | ${concurrency} | ${range(
        mine.map((result) => result.perSecond),
        0,
      )} | ${range(
        mine.map((result) => result.p50),
        1,
      )} | ${range(
        mine.map((result) => result.p99),
        1,
      )} | ${range(answered, 0)} | ${range(answerP50, 0)} | ${range(answerP99, 0)} | ${range(cpu, 2)} |`;
    });
    const mean = (name: string) =>
      results.filter((entry) => entry.name === name).reduce((sum, entry) => sum + entry.result.perSecond, 0) / rounds;
    const pontP99 = Math.max(...results.filter((entry) => entry.name === 'Pont').map((entry) => entry.result.p99));
    const loadAfter = os.loadavg();

    process.stdout.write(
      [
        `Signed Slack deliveries on loopback: ${requestsPerRound} a round (4 slash commands : 2 events), ${concurrency} at a time, ${rounds} rounds each, taken in turn after two warm-up rounds of each; every app and fake Slack API in its own process; Node ${process.version}, ${os.cpus().length} CPUs, load average ${loadBefore[0]!.toFixed(2)} before and ${loadAfter[0]!.toFixed(2)} after.`,
        '',
        '| app | in flight | acks/s | p50 ack ms | p99 ack ms | answered/s | p50 answer ms | p99 answer ms | CPU ms/delivery |',
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
        ...rows,
        '',
        `Pont throughput is ${((mean('Pont') / mean('bare Bolt (ack only)')) * 100).toFixed(0)}% of bare Bolt (mean of the rounds; target ≥ 80%); worst p99 ack ${pontP99.toFixed(1)} ms (target ≤ 50 ms).`,
        '',
      ].join('\n'),
    );
  } finally {
    bare.stop();
    pont.stop();
    pontSlack.stop();
    bareSlack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:slack failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
