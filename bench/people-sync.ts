/**
 * `npm run bench:people -- --sync` — the directory from Microsoft Entra ID at the scale of both councils: 10,000
 * generated accounts in each of two tenants, served by the local Entra ID and Graph (https on 127.0.0.1, in this
 * process), read through the real @azure/identity and Graph client. Measures a full sync (every page, profile
 * skills in batches of 20, managers) and then a delta sync after 1% of each tenant changed (updates, disabled and
 * deleted accounts), on the embedded store (PGlite on disk) and on PostgreSQL. Prints a markdown table.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createPeople } from '../src/core/people/index.ts';
import { createDirectorySync } from '../src/directory-sync/index.ts';
import { createGraphDirectoryReader } from '../src/integrations/graph/index.ts';
import { silentLogger } from '../src/logger.ts';
import { createSyncStateStore } from '../src/store/directory-sync/index.ts';
import { migrate, openPglite, openPostgres, type Database } from '../src/store/index.ts';
import { createDirectoryStore, loadTaxonomy } from '../src/store/people/index.ts';
import { fakeGraphCertificateFile, startFakeGraph, type FakeGraph, type FakeUser } from '../test/support/fake-graph.ts';
import { postgresReachable, postgresUrl, uniqueSchema } from '../test/support/stores.ts';
import { createRandom } from './random.ts';

const perTenant = Number(process.env.PONT_BENCH_ACCOUNTS ?? 10_000);
const changedShare = 0.01;
const tenants = [
  {
    council: 'torfaen' as const,
    id: 'bench-torfaen',
    clientId: 'pont-torfaen',
    clientSecret: 'secret-t',
    domain: 'torfaen.gov.uk',
  },
  {
    council: 'blaenau-gwent' as const,
    id: 'bench-blaenau-gwent',
    clientId: 'pont-bg',
    clientSecret: 'secret-bg',
    domain: 'blaenau-gwent.gov.uk',
  },
];
const departments: [string, string[]][] = [
  ['Neighbourhood Services', ['Waste management', 'Rota planning', 'Fleet management']],
  ['Highways', ['Highway engineering', 'Road safety', 'Bridge inspection']],
  ['Planning', ['Development management', 'GIS', 'Conservation']],
  ['Finance', ['Budget setting', 'Accountancy', 'Power BI']],
  ['Procurement', ['Procurement', 'Tender evaluation', 'Contract management']],
  ["Children's Services", ['Safeguarding', 'Fostering', 'Court work']],
  ['Adult Services', ['Reablement', 'Direct payments', 'Care assessments']],
  ['Education', ['School improvement', 'Additional learning needs']],
  ['ICT and Digital', ['Cyber security', 'Microsoft 365', 'GIS']],
  ['Housing Solutions', ['Homelessness prevention', 'Tenancy support']],
];
const titles = ['Officer', 'Officer', 'Officer', 'Officer', 'Team Leader', 'Manager'];

function generateUsers(tenant: (typeof tenants)[number]): FakeUser[] {
  const random = createRandom(tenant.council === 'torfaen' ? 7 : 11);
  const users: FakeUser[] = [];
  for (let index = 0; index < perTenant; index += 1) {
    const [department, skills] = random.pick(departments);
    const email = `person${index}@${tenant.domain}`;
    users.push({
      id: `${tenant.council}-${index}`,
      displayName: `Person ${index}`,
      mail: email,
      userPrincipalName: email,
      jobTitle: index < 10 ? `Head of ${department}` : `${department} ${random.pick(titles)}`,
      department,
      officeLocation: random.next() < 0.5 ? 'Civic Centre' : 'Depot',
      // Managers are spread over the whole read, so some are read after the people they manage.
      managerId: index % 50 === 0 ? null : `${tenant.council}-${(index * 7919) % perTenant}`,
      skills: skills.filter(() => random.next() < 0.6),
    });
  }
  return users;
}

/** 1% of a tenant changes: most are updated, some disabled, some deleted. */
function changeOnePercent(graph: FakeGraph, tenant: (typeof tenants)[number]): number {
  const count = Math.round(perTenant * changedShare);
  for (let step = 0; step < count; step += 1) {
    const id = `${tenant.council}-${(step * 97 + 13) % perTenant}`;
    if (step % 10 === 0) graph.removeUser(tenant.id, id, step % 20 === 0 ? 'deleted' : 'changed');
    else if (step % 10 === 1) graph.updateUser(tenant.id, id, { accountEnabled: false });
    else graph.updateUser(tenant.id, id, { jobTitle: `Senior Officer ${step}` });
  }
  return count;
}

interface Row {
  store: string;
  fullMs: number;
  fullAccounts: number;
  deltaMs: number;
  deltaAccounts: number;
  added: number;
  updated: number;
  removed: number;
  requests: number;
}

async function measure(name: string, db: Database, graph: FakeGraph): Promise<Row> {
  const people = createPeople({ directory: createDirectoryStore(db), taxonomy: loadTaxonomy() });
  const sync = createDirectorySync({ people, store: createSyncStateStore(db), logger: silentLogger });
  const readers = () =>
    tenants.map((tenant) => ({
      council: tenant.council,
      reader: createGraphDirectoryReader({
        graph: { loginUrl: graph.url, graphUrl: graph.url },
        tenant: {
          council: tenant.council,
          tenantId: tenant.id,
          clientId: tenant.clientId,
          clientSecret: tenant.clientSecret,
        },
      }),
    }));
  const requestsBefore = graph.requests.length;
  let start = performance.now();
  const full = await sync.sync(readers());
  const fullMs = performance.now() - start;
  for (const report of full.councils)
    if (report.errors > 0 || report.added !== perTenant)
      throw new Error(`the full sync went wrong: ${JSON.stringify(report)}`);

  let changed = 0;
  for (const tenant of tenants) changed += changeOnePercent(graph, tenant);
  start = performance.now();
  const delta = await sync.sync(readers());
  const deltaMs = performance.now() - start;
  for (const report of delta.councils)
    if (report.errors > 0 || report.mode !== 'delta')
      throw new Error(`the delta sync went wrong: ${JSON.stringify(report)}`);
  // Put the tenants back for the next store.
  return {
    store: name,
    fullMs,
    fullAccounts: perTenant * tenants.length,
    deltaMs,
    deltaAccounts: changed,
    added: delta.councils.reduce((sum, report) => sum + report.added, 0),
    updated: delta.councils.reduce((sum, report) => sum + report.updated, 0),
    removed: delta.councils.reduce((sum, report) => sum + report.removed, 0),
    requests: graph.requests.length - requestsBefore,
  };
}

async function freshGraph(): Promise<FakeGraph> {
  const graph = await startFakeGraph({ pageSize: 999 });
  for (const tenant of tenants) {
    graph.addTenant(tenant);
    graph.putUsers(tenant.id, generateUsers(tenant));
  }
  return graph;
}

/** Runs the sync benchmark; re-runs itself first so that Node trusts the local servers' certificate. */
export async function runSyncBench(): Promise<number> {
  if (process.env.NODE_EXTRA_CA_CERTS !== fakeGraphCertificateFile) {
    const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, NODE_EXTRA_CA_CERTS: fakeGraphCertificateFile },
    });
    return child.status ?? 1;
  }
  const rows: Row[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-bench-sync-'));
  let graph = await freshGraph();
  const pglite = await openPglite(dataDir);
  try {
    await migrate(pglite);
    rows.push(await measure('embedded (PGlite, on disk)', pglite, graph));
  } finally {
    await pglite.close();
    await graph.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  if (await postgresReachable()) {
    graph = await freshGraph();
    const schema = uniqueSchema('pont_bench_sync');
    const postgres = await openPostgres(postgresUrl, { schema, max: 4 });
    try {
      await migrate(postgres);
      rows.push(await measure('PostgreSQL (127.0.0.1)', postgres, graph));
    } finally {
      await postgres.exec(`drop schema if exists ${schema} cascade`);
      await postgres.close();
      await graph.close();
    }
  } else {
    process.stderr.write(`PostgreSQL at ${postgresUrl} is not reachable: measured the embedded store only\n`);
  }

  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  const rate = (count: number, ms: number) => Math.round(count / (ms / 1000)).toLocaleString('en-GB');
  const lines = [
    `Directory sync from Graph: ${perTenant.toLocaleString('en-GB')} accounts in each of 2 tenants (pages of 999, profile skills in batches of 20, managers), then ${Math.round(perTenant * changedShare)} changes a tenant (80% updated, 10% disabled, 5% soft-deleted, 5% deleted); local Entra ID and Graph over https in the same process; Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)} at the end.`,
    '',
    '| store | full sync (s) | full, accounts/s | delta sync (s) | delta, changes/s | delta: updated / removed | Graph requests |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.store} | ${seconds(row.fullMs)} | ${rate(row.fullAccounts, row.fullMs)} | ${seconds(row.deltaMs)} | ${rate(row.deltaAccounts, row.deltaMs)} | ${row.updated} / ${row.removed} | ${row.requests} |`,
    ),
    '',
    'Targets: full sync ≤ 60 s; delta sync ≤ 5 s.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
