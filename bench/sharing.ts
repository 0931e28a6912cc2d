/**
 * `npm run bench:sharing` — the sharing workflow at the scale of both councils. On the embedded store (PGlite
 * on disk) and on PostgreSQL (127.0.0.1:5432 db test, a schema of its own, dropped afterwards):
 *
 * - a 10,000-person directory imported through the people capability's own CSV import;
 * - routing latency p50/p99: choosing up to three people for a request (topic match in the other council, work
 *   spread by open requests), and opening a request end to end (topic, routing, one transaction, notifications);
 * - follow-up throughput: 10,000 due reminders and two workers racing (two connections on PostgreSQL), with the
 *   reminders each person received counted: duplicates and misses must both be zero.
 *
 * Prints a markdown table. PONT_BENCH_STAFF, PONT_BENCH_REQUESTS and PONT_BENCH_DUE change the sizes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createPeople, type People } from '../src/core/people/index.ts';
import type { Council } from '../src/core/people/types.ts';
import { otherCouncils } from '../src/core/councils/index.ts';
import { chooseRoutes, createSharing, type Notification, type Notifier } from '../src/core/sharing/index.ts';
import { silentLogger } from '../src/logger.ts';
import { migrate, openPglite, openPostgres, type Database } from '../src/store/index.ts';
import { createDirectoryStore, loadTaxonomy } from '../src/store/people/index.ts';
import { createRequestStore } from '../src/store/sharing/index.ts';
import { postgresReachable, postgresUrl, uniqueSchema } from '../test/support/stores.ts';
import { createRandom } from './random.ts';

const staffCount = Number(process.env.PONT_BENCH_STAFF ?? 10_000);
const requestCount = Number(process.env.PONT_BENCH_REQUESTS ?? 300);
const dueCount = Number(process.env.PONT_BENCH_DUE ?? 10_000);

const services: { name: string; skills: string[] }[] = [
  {
    name: 'Waste Services',
    skills: [
      'Waste management',
      'Refuse collection',
      'Recycling',
      'Rota planning',
      'Fleet management',
      'Street cleansing',
    ],
  },
  { name: 'Highways', skills: ['Highway engineering', 'Road safety', 'Traffic management', 'Street lighting design'] },
  { name: 'Planning', skills: ['Development management', 'Planning enforcement', 'Conservation', 'Planning appeals'] },
  { name: 'Environmental Health', skills: ['Food safety', 'Noise nuisance', 'Pest control', 'Taxi licensing'] },
  { name: 'Housing', skills: ['Homelessness prevention', 'Housing allocations', 'Tenancy support'] },
  { name: 'Revenues and Benefits', skills: ['Council tax', 'Business rates', 'Housing benefit', 'Debt recovery'] },
  { name: 'Finance', skills: ['Budget setting', 'Accountancy', 'Treasury management', 'Internal audit'] },
  { name: 'Procurement', skills: ['Procurement', 'Tender evaluation', 'Contract management', 'Social value'] },
  { name: 'Human Resources', skills: ['Employee relations', 'Recruitment', 'Payroll', 'Job evaluation'] },
  {
    name: 'Legal and Governance',
    skills: ['Employment law', 'Contract law', 'Data protection', 'DPIA', 'Freedom of information'],
  },
  { name: 'ICT', skills: ['Cyber security', 'Network management', 'Microsoft 365', 'Digital transformation'] },
  { name: "Children's Services", skills: ['Safeguarding', 'Child protection', 'Fostering', 'Court work'] },
  { name: 'Adult Social Care', skills: ['Safeguarding adults', 'Reablement', 'Direct payments', 'Care assessments'] },
  { name: 'Education', skills: ['School improvement', 'Additional learning needs', 'School admissions'] },
  { name: 'Environment', skills: ['Net zero', 'Decarbonisation', 'Ecology', 'Renewable energy'] },
  { name: 'Emergency Planning', skills: ['Emergency planning', 'Business continuity', 'Incident response'] },
];
const titles = ['Officer', 'Senior Officer', 'Team Leader', 'Manager', 'Head of'];
const requestShapes = [
  'How do you handle {skill}?',
  'Has anyone got a template for {skill}?',
  'Who can tell me how your team does {skill}?',
  'What is your approach to {skill} in {service}?',
];

function generateDirectory(count: number): string {
  const random = createRandom(4);
  const lines = ['email,name,council,job_title,service_area,skills,welsh_level,visible'];
  for (let index = 0; index < count; index += 1) {
    const council: Council = index % 2 === 0 ? 'blaenau-gwent' : 'torfaen';
    const service = random.pick(services);
    const skills = new Set([random.pick(service.skills), random.pick(service.skills)]);
    const title = random.pick(titles);
    const jobTitle = title === 'Head of' ? `Head of ${service.name}` : `${service.name} ${title}`;
    const visible = random.next() < 0.97 ? 'true' : 'false';
    lines.push(
      `person${index}@${council}.gov.uk,Person ${index},${council},"${jobTitle}","${service.name}","${[...skills].join(';')}",${Math.floor(random.next() * 6)},${visible}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function generateRequests(count: number): { text: string; fromEmail: string }[] {
  const random = createRandom(11);
  return Array.from({ length: count }, () => {
    const service = random.pick(services);
    const text = random
      .pick(requestShapes)
      .replace('{skill}', random.pick(service.skills).toLowerCase())
      .replace('{service}', service.name.toLowerCase());
    const index = Math.floor(random.next() * staffCount);
    return { text, fromEmail: `person${index}@${index % 2 === 0 ? 'blaenau-gwent' : 'torfaen'}.gov.uk` };
  });
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

const format = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

/** A notifier that counts what each person received. */
function countingNotifier(counts: Map<string, number>): Notifier {
  return {
    async notify(notification: Notification) {
      const key = `${notification.request.id}:${notification.kind}:${notification.recipientEmail}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
  };
}

interface Row {
  store: string;
  routingP50: number;
  routingP99: number;
  openP50: number;
  openP99: number;
  opened: number;
  refused: number;
  due: number;
  workerSeconds: number;
  perSecond: number;
  duplicates: number;
  misses: number;
  split: string;
}

async function measure(
  name: string,
  first: Database,
  second: Database,
  directoryCsv: string,
  requests: { text: string; fromEmail: string }[],
): Promise<Row> {
  const people: People = createPeople({ directory: createDirectoryStore(first), taxonomy: loadTaxonomy() });
  const started = performance.now();
  const report = await people.importCsv(directoryCsv, { email: null, isAdmin: true, via: 'bench' });
  process.stderr.write(
    `${name}: imported ${report.imported} people in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );

  const store = createRequestStore(first);
  const knowledge = { addDocument: async () => ({ documentId: 'unused', chunks: 0 }) };
  const routingMs: number[] = [];
  const openMs: number[] = [];
  let refused = 0;
  const routedCounts = new Map<string, number>();
  const sharing = createSharing({
    store,
    people,
    knowledge,
    notifier: countingNotifier(routedCounts),
    logger: silentLogger,
  });

  // Warm the people index and the statements once.
  await people.matchTopic(await people.inferTopic(requests[0]!.text), { council: 'torfaen', limit: 3 });
  for (const request of requests) {
    const requester = await people.getOwnProfile(request.fromEmail);
    const topic = await people.inferTopic(request.text);
    const routeStart = performance.now();
    await chooseRoutes(people, store, {
      topic,
      targetCouncils: otherCouncils(requester!.council),
      excludeEmails: [request.fromEmail],
      limit: 3,
      escalate: true,
    });
    routingMs.push(performance.now() - routeStart);

    const openStart = performance.now();
    try {
      await sharing.open(request);
      openMs.push(performance.now() - openStart);
    } catch {
      // NOTE: a request about nothing the directory knows is refused; it is counted, not timed.
      refused += 1;
    }
  }
  process.stderr.write(`${name}: routed ${openMs.length} requests (${refused} refused)\n`);

  // 10,000 due reminders, two people each, and two workers racing for them. The requests opened above are
  // taken out of the follow-up queue so that only the seeded reminders are counted.
  const due = new Date('2030-01-07T10:00:00Z');
  await first.query('delete from sharing_followups');
  await first.query(
    `insert into sharing_requests (requester_email, requester_council, title, detail, topic_services, topic_skills, target_councils, status, routed_to, language, created_at, updated_at)
     select 'person0@blaenau-gwent.gov.uk', 'blaenau-gwent', 'bench-due-' || n, 'How do you run your waste rota?', '{waste}', '{rota planning}', '{torfaen}', 'routed',
            array['person1@torfaen.gov.uk', 'person3@torfaen.gov.uk'], 'en', $1, $1
     from generate_series(1, $2::int) as n`,
    [new Date(due.getTime() - 3 * 86_400_000), dueCount],
  );
  await first.query(
    `insert into sharing_followups (request_id, step, due_at, attempts, updated_at) select id, 'remind', $1, 0, $1 from sharing_requests where title like 'bench-due-%'`,
    [due],
  );
  const counts = new Map<string, number>();
  const worker = (db: Database) =>
    createSharing(
      { store: createRequestStore(db), people, knowledge, notifier: countingNotifier(counts), logger: silentLogger },
      { clock: () => due, batchSize: 100 },
    );
  const workerStart = performance.now();
  const [actedA, actedB] = await Promise.all([worker(first).runDueFollowUps(due), worker(second).runDueFollowUps(due)]);
  const workerSeconds = (performance.now() - workerStart) / 1000;
  const reminders = [...counts.entries()].filter(([key]) => key.includes(':request-reminder:'));
  const duplicates = reminders.filter(([, count]) => count > 1).length;
  const expected = dueCount * 2;
  const misses = expected - reminders.length;
  const [{ remaining }] = (await first.query<{ remaining: number }>(
    `select count(*) as remaining from sharing_followups f join sharing_requests r on r.id = f.request_id where r.title like 'bench-due-%' and f.step = 'remind'`,
  )) as [{ remaining: number }];

  return {
    store: name,
    routingP50: percentile(routingMs, 0.5),
    routingP99: percentile(routingMs, 0.99),
    openP50: percentile(openMs, 0.5),
    openP99: percentile(openMs, 0.99),
    opened: openMs.length,
    refused,
    due: dueCount,
    workerSeconds,
    perSecond: dueCount / workerSeconds,
    duplicates,
    misses: misses + remaining,
    split: `${actedA} / ${actedB}`,
  };
}

async function main() {
  const directoryCsv = generateDirectory(staffCount);
  const requests = generateRequests(requestCount);
  const rows: Row[] = [];

  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-bench-sharing-'));
  try {
    const db = await openPglite(path.join(folder, 'pglite'));
    await migrate(db);
    try {
      rows.push(await measure('PGlite 0.5.14 (embedded, on disk)', db, db, directoryCsv, requests));
    } finally {
      await db.close();
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }

  if (await postgresReachable()) {
    const schema = uniqueSchema('pont_bench_sharing');
    const first = await openPostgres(postgresUrl, { schema, max: 4 });
    await migrate(first);
    const second = await openPostgres(postgresUrl, { schema, max: 4 });
    try {
      const [{ version }] = (await first.query<{ version: string }>(
        `select current_setting('server_version') as version`,
      )) as [{ version: string }];
      rows.push(await measure(`PostgreSQL ${version} (two connections)`, first, second, directoryCsv, requests));
    } finally {
      await second.close();
      await first.exec(`drop schema if exists ${schema} cascade`);
      await first.close();
    }
  } else {
    process.stderr.write(`PostgreSQL at ${postgresUrl} is not reachable: measured PGlite only\n`);
  }

  const lines = [
    `Sharing at scale: ${staffCount.toLocaleString('en-GB')} staff, ${requestCount} requests routed one after another, ${dueCount.toLocaleString('en-GB')} due reminders (two people each) taken by two workers at once.`,
    '',
    '| store | routing p50 ms | routing p99 ms | open p50 ms | open p99 ms | reminders due | two workers, s | follow-ups/s | duplicates | misses | split A / B |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.store} | ${format(row.routingP50)} | ${format(row.routingP99)} | ${format(row.openP50)} | ${format(row.openP99)} | ${row.due.toLocaleString('en-GB')} | ${row.workerSeconds.toFixed(1)} | ${Math.round(row.perSecond).toLocaleString('en-GB')} | ${row.duplicates} | ${row.misses} | ${row.split} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (rows.some((row) => row.duplicates > 0 || row.misses > 0)) process.exitCode = 1;
}

await main();
