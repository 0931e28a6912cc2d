/**
 * `npm run bench:cli` — how quickly a person at a terminal gets an answer: each command is run as a new process
 * (`node bin/pont.js …`, as typed), several times after one warm-up run, like hyperfine; and the server is started
 * again and again on an existing data folder, timing from spawn to the first /healthz answer, to the first answer
 * past "starting" (the database open) and to /healthz "ok" (start-up indexing done). `pont ask` is also timed
 * right after an ingest, when the index kept in the data folder is out of date and is built again, and `pont skills`
 * right after a profile edit, when the profiles kept there are out of date. Every other command is timed too. Prints a markdown table of median and p90 in seconds, and the machine's load average,
 * since figures from a busy machine are not figures for a quiet one.
 *
 * PONT_BENCH_RUNS (default 10) sets the runs per command; PONT_BENCH_SERVER_RUNS (default 5) the server restarts.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const runs = Number(process.env.PONT_BENCH_RUNS ?? 10);
const serverRuns = Number(process.env.PONT_BENCH_SERVER_RUNS ?? 5);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-bench-cli-'));
const environment = {
  ...process.env,
  LOG_LEVEL: 'silent',
  PONT_DATA_DIR: dataDir,
  DATABASE_URL: '',
  OPENAI_API_KEY: '',
  AZURE_OPENAI_API_KEY: '',
};

function pont(args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['bin/pont.js', ...args], {
    env: environment,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`pont ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return seconds;
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

const rows: string[] = [];
function report(label: string, seconds: number[]): void {
  rows.push(
    `| ${label} | ${seconds.length} | ${percentile(seconds, 0.5).toFixed(2)} | ${percentile(seconds, 0.9).toFixed(2)} |`,
  );
  console.error(`${label}: median ${percentile(seconds, 0.5).toFixed(2)} s`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/**
 * Starts the server on the data folder; resolves with the seconds to the first /healthz answer, to the first answer
 * past "starting" (the database open) and to "ok".
 */
async function serverStart(): Promise<{ healthz: number; open: number; ready: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/server.js'], {
    env: { ...environment, PORT: String(port) },
    stdio: 'ignore',
  });
  let healthz: number | undefined;
  let open: number | undefined;
  try {
    for (let attempt = 0; attempt < 6_000; attempt += 1) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (response) => response.json() as Promise<{ status: string }>,
        () => null,
      );
      if (health) healthz ??= (performance.now() - started) / 1000;
      if (health && health.status !== 'starting') open ??= (performance.now() - started) / 1000;
      if (health?.status === 'ok')
        return { healthz: healthz!, open: open!, ready: (performance.now() - started) / 1000 };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the server did not answer /healthz within two minutes');
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

try {
  const question = 'Is the federation a merger?';
  // NOTE: a person in the sample directory (examples/staff-directory.csv).
  const person = 'gareth.lewis@torfaen.gov.uk';
  // NOTE: the data folder is made and filled once; every timed run below finds it as a returning user would.
  pont(['ingest', 'data/']);
  pont(['people', 'import', 'examples/staff-directory.csv']);
  const commands: [string, string[]][] = [
    ['pont --version', ['--version']],
    ['pont help', ['help']],
    ['pont ask --help', ['ask', '--help']],
    [`pont ask "${question}"`, ['ask', question]],
    ['pont skills GIS', ['skills', 'GIS']],
    ['pont search "federation"', ['search', 'federation']],
    ['pont counterpart EMAIL', ['counterpart', person]],
    ['pont people show EMAIL', ['people', 'show', person]],
    ['pont people audit', ['people', 'audit']],
    ['pont chat "who knows GIS?" --as EMAIL', ['chat', 'who knows GIS?', '--as', person]],
    ['pont share "REQUEST" --from EMAIL', ['share', 'How do you plan the gritting routes?', '--from', person]],
    ['pont requests', ['requests']],
    ['pont requests figures', ['requests', 'figures']],
    ['pont sources list', ['sources', 'list']],
    ['pont teams outbox', ['teams', 'outbox']],
    ['pont ingest data/ (nothing changed)', ['ingest', 'data/']],
  ];
  for (const [label, args] of commands) {
    pont(args);
    report(
      label,
      Array.from({ length: runs }, () => pont(args)),
    );
  }
  // The first question after the documents changed: the index kept in the data folder is out of date, so the
  // command starts the database and builds the index again (a small file is ingested, untimed, before each run).
  const changing = path.join(dataDir, 'changing.md');
  const afterChange = Array.from({ length: runs }, (_, run) => {
    fs.writeFileSync(changing, `# Bench note\n\nThis note was changed for run ${run} of the benchmark.\n`);
    pont(['ingest', changing]);
    return pont(['ask', question]);
  });
  report(`pont ask "${question}" after an ingest`, afterChange);
  // Likewise the first search for people after the directory changed: the profiles kept in the data folder are out of
  // date, so the command starts the database and reads the directory again (a profile is edited, untimed, each run).
  const afterEdit = Array.from({ length: runs }, (_, run) => {
    pont(['people', 'edit', person, '--skills', `Waste management; Fleet management; Bench skill ${run}`]);
    return pont(['skills', 'GIS']);
  });
  report('pont skills GIS after a profile edit', afterEdit);

  await serverStart();
  const starts: { healthz: number; open: number; ready: number }[] = [];
  for (let run = 0; run < serverRuns; run += 1) starts.push(await serverStart());
  report(
    'server restart: first /healthz answer',
    starts.map((start) => start.healthz),
  );
  report(
    'server restart: database open (/healthz past "starting")',
    starts.map((start) => start.open),
  );
  report(
    'server restart: /healthz "ok" (indexing done)',
    starts.map((start) => start.ready),
  );

  console.log(
    `pont CLI and server start (${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')} at the end)\n`,
  );
  console.log('| command | runs | median s | p90 s |\n| --- | --- | --- | --- |');
  console.log(rows.join('\n'));
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
