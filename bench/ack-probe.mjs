/**
 * A diagnostic loaded into each Pont process by `npm run bench:load -- --probe` (node --import): where an
 * acknowledgement's time goes. It keeps, between two SIGUSR2 signals, the event loop's delay
 * (perf_hooks.monitorEventLoopDelay) and utilisation, the time from each request's arrival to its response,
 * processor time, how long the main thread waited for a processor (Linux's schedstat), the time of each kind of
 * PostgreSQL query (from the call to its result, so a wait for a pool connection is included) with the longest wait
 * for a connection, and the garbage collections (how many, their total and longest pause, how many were full). On
 * SIGUSR2 it writes one line, `ack-probe {json}`, to stderr and starts again. It changes nothing in how Pont works.
 */
import diagnostics from 'node:diagnostics_channel';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import process from 'node:process';
import { URL } from 'node:url';

const require = createRequire(new URL('../package.json', import.meta.url));
const pg = require('pg');

let delay = monitorEventLoopDelay({ resolution: 2 });
delay.enable();
let elu = performance.eventLoopUtilization();
let cpu = process.cpuUsage();
/** How long the main thread has waited for a processor, in ns (Linux /proc schedstat; 0 elsewhere). */
function runQueueWaitNs() {
  try {
    return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) || 0;
  } catch {
    return 0;
  }
}
let waited = runQueueWaitNs();
let requests = [];
let queries = new Map();
let poolWaits = [];
let connectionsOpened = 0;
let collections = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) collections.push({ kind: entry.detail?.kind, ms: entry.duration });
}).observe({ entryTypes: ['gc'] });
const started = new WeakMap();
const clientConnect = pg.Client.prototype.connect;
pg.Client.prototype.connect = function (...args) {
  connectionsOpened += 1;
  return clientConnect.apply(this, args);
};

diagnostics.subscribe('http.server.request.start', ({ request }) => started.set(request, performance.now()));
diagnostics.subscribe('http.server.response.finish', ({ request }) => {
  const at = started.get(request);
  if (at !== undefined) requests.push({ path: request.url, ms: performance.now() - at });
});

function kindOf(sql) {
  const text = String(typeof sql === 'string' ? sql : (sql?.text ?? ''))
    .replace(/\s+/g, ' ')
    .trim();
  if (/^insert into inbox/i.test(text)) return 'inbox insert';
  if (/^with ready as/i.test(text)) return 'inbox take';
  if (/^update inbox/i.test(text)) return 'inbox update';
  return text.slice(0, 40);
}

function record(kind, at) {
  const entry = queries.get(kind) ?? [];
  entry.push(performance.now() - at);
  queries.set(kind, entry);
}
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (sql, ...rest) {
  const at = performance.now();
  const kind = kindOf(sql);
  const last = rest.length - 1;
  if (typeof rest[last] === 'function') {
    const done = rest[last];
    rest[last] = (...results) => {
      record(kind, at);
      done(...results);
    };
    return query.call(this, sql, ...rest);
  }
  const result = query.call(this, sql, ...rest);
  if (result && typeof result.then === 'function')
    result.then(
      () => record(kind, at),
      () => undefined,
    );
  return result;
};
// NOTE: the pool of two connections is the one kept for recording deliveries.
const connect = pg.Pool.prototype.connect;
pg.Pool.prototype.connect = function (...args) {
  const at = performance.now();
  const pool = this.options.max === 2 ? 'acknowledgements' : 'main';
  const waited = () => poolWaits.push({ pool, ms: performance.now() - at });
  if (typeof args[0] === 'function') {
    const done = args[0];
    return connect.call(this, (...results) => {
      waited();
      done(...results);
    });
  }
  const result = connect.call(this);
  void result.then(waited, () => undefined);
  return result;
};
const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round = (value) => Math.round(value * 10) / 10;

process.on('SIGUSR2', () => {
  const used = process.cpuUsage(cpu);
  const utilisation = performance.eventLoopUtilization(elu);
  const report = {
    pid: process.pid,
    loopDelayMs: {
      p50: round(delay.percentile(50) / 1e6),
      p99: round(delay.percentile(99) / 1e6),
      max: round(delay.max / 1e6),
    },
    loopUtilisation: round(utilisation.utilization * 100),
    cpuMs: round((used.user + used.system) / 1000),
    waitedForCpuMs: round((runQueueWaitNs() - waited) / 1e6),
    requests: {
      n: requests.length,
      p50: round(
        pct(
          requests.map((r) => r.ms),
          50,
        ),
      ),
      p99: round(
        pct(
          requests.map((r) => r.ms),
          99,
        ),
      ),
    },
    queries: Object.fromEntries(
      [...queries].map(([kind, times]) => [
        kind,
        { n: times.length, p50: round(pct(times, 50)), max: round(Math.max(...times)) },
      ]),
    ),
    poolWaitMs: Object.fromEntries(
      ['acknowledgements', 'main'].map((pool) => {
        const waits = poolWaits.filter((wait) => wait.pool === pool).map((wait) => wait.ms);
        return [pool, { n: waits.length, p50: round(pct(waits, 50)), max: round(Math.max(0, ...waits)) }];
      }),
    ),
    connectionsOpened: connectionsOpened,
    garbageCollection: {
      n: collections.length,
      totalMs: round(collections.reduce((sum, entry) => sum + entry.ms, 0)),
      maxMs: round(Math.max(0, ...collections.map((entry) => entry.ms))),
      major: collections.filter((entry) => entry.kind === 4).length,
    },
  };
  process.stderr.write(`ack-probe ${JSON.stringify(report)}\n`);
  delay.disable();
  delay = monitorEventLoopDelay({ resolution: 2 });
  delay.enable();
  elu = performance.eventLoopUtilization();
  cpu = process.cpuUsage();
  waited = runQueueWaitNs();
  requests = [];
  queries = new Map();
  poolWaits = [];
  connectionsOpened = 0;
  collections = [];
});
