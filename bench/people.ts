/**
 * `npm run bench:people` — the staff directory at the scale of both councils: 10,000 generated staff (both
 * councils, a realistic spread of services, levels and skills, 3% hidden). Measures, on the embedded store
 * (PGlite on disk) and on PostgreSQL (127.0.0.1:5432 db test, in a schema of its own, dropped afterwards):
 * the import of the CSV, a second import of the same file (nothing changes), the first search (the in-process
 * index is built from the database), and skill-search and counterpart latency p50/p99 — each call includes the
 * database round trip that checks the index is current. Prints a markdown table.
 * With `--sync`: the directory sync from Microsoft Entra ID (Graph) instead; see bench/people-sync.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createPeople, type People } from '../src/core/people/index.ts';
import { migrate, openPglite, openPostgres, type Database } from '../src/store/index.ts';
import { createDirectoryStore, loadTaxonomy } from '../src/store/people/index.ts';
import { postgresReachable, postgresUrl, uniqueSchema } from '../test/support/stores.ts';
import { createRandom } from './random.ts';

const staffCount = Number(process.env.PONT_BENCH_STAFF ?? 10_000);
const searchRuns = 2_000;
const counterpartRuns = 1_000;

const firstNames = [
  'Rhian',
  'Gareth',
  'Siân',
  'Dylan',
  'Kerry',
  'Aled',
  'Owain',
  'Catrin',
  'Huw',
  'Nia',
  'Mark',
  'Lowri',
  'Emma',
  'David',
  'Mared',
  'Ffion',
  'Sarah',
  'Paul',
  'Helen',
  'Tom',
  'Bethan',
  'Rhys',
  'Angharad',
  'Jason',
  'Claire',
  'Lee',
  'Sophie',
  'Nathan',
  'Gwen',
  'Matthew',
  'Karen',
  'Ieuan',
  'Leanne',
  'Craig',
  'Simon',
  'Rachel',
  'Andrew',
  'Jessica',
  'Elin',
  'Mike',
  'Joanne',
  'Carys',
  'Daniel',
  'Hannah',
  'Peter',
  'Lisa',
  'Owen',
  'Amy',
  'Gethin',
  'Victoria',
  'Robert',
  'Megan',
  'Iwan',
  'Seren',
  'Cerys',
  'Dafydd',
  'Llinos',
  'Geraint',
  'Alun',
  'Manon',
];
const lastNames = [
  'Jones',
  'Williams',
  'Davies',
  'Evans',
  'Thomas',
  'Roberts',
  'Lewis',
  'Hughes',
  'Morgan',
  'Griffiths',
  'Edwards',
  'Price',
  'Rees',
  'Jenkins',
  'Powell',
  'Phillips',
  'Watkins',
  'Owen',
  'James',
  'Pritchard',
  'Bevan',
  'Howells',
  'Parry',
  'Lloyd',
  'Harris',
  'Baker',
  'Walters',
  'Smith',
  'Collins',
  'Ellis',
  'King',
  'Reynolds',
  'Bowen',
  'Llywelyn',
  'Rowlands',
  'Griffith',
  'Hale',
  'Cole',
  'Morris',
  'Protheroe',
];

/** Services weighted roughly by their share of a county borough's workforce, with each council's names. */
const services: { names: [string, string]; weight: number; skills: string[] }[] = [
  {
    names: ['Neighbourhood Services', 'Waste Services'],
    weight: 8,
    skills: [
      'Waste management',
      'Refuse collection',
      'Recycling',
      'Rota planning',
      'Fleet management',
      'Street cleansing',
      'Route optimisation',
    ],
  },
  {
    names: ['Highways', 'Highways and Engineering'],
    weight: 5,
    skills: [
      'Highway engineering',
      'Road safety',
      'Bridge inspection',
      'Traffic management',
      'Street lighting design',
      'Asset management',
    ],
  },
  {
    names: ['Flood and Water Management', 'Flood Risk'],
    weight: 1,
    skills: ['Flood risk management', 'Flooding', 'Land drainage', 'SuDS', 'Hydraulic modelling', 'Culvert inspection'],
  },
  {
    names: ['Planning', 'Development Management'],
    weight: 3,
    skills: [
      'Development management',
      'Planning enforcement',
      'Conservation',
      'GIS',
      'Planning appeals',
      'Tree preservation orders',
    ],
  },
  {
    names: ['Building Control', 'Building Regulations'],
    weight: 1,
    skills: ['Building regulations', 'Dangerous structures', 'Fire safety'],
  },
  {
    names: ['Public Protection', 'Environmental Health'],
    weight: 3,
    skills: ['Food safety', 'Noise nuisance', 'Pest control', 'Consumer protection', 'Taxi licensing'],
  },
  {
    names: ['Housing Solutions', 'Housing'],
    weight: 4,
    skills: ['Homelessness prevention', 'Housing allocations', 'Tenancy support', 'Atal digartrefedd'],
  },
  {
    names: ['Revenues and Benefits', 'Revenues'],
    weight: 4,
    skills: ['Council tax', 'Business rates', 'Housing benefit', 'Debt recovery'],
  },
  {
    names: ['Finance', 'Resources'],
    weight: 3,
    skills: ['Budget setting', 'Accountancy', 'Treasury management', 'Power BI', 'Internal audit'],
  },
  {
    names: ['Procurement', 'Commissioning and Procurement'],
    weight: 1,
    skills: ['Procurement', 'Tender evaluation', 'Contract management', 'Purchasing', 'Social value', 'Caffael'],
  },
  {
    names: ['People Services', 'Human Resources'],
    weight: 3,
    skills: ['Employee relations', 'Recruitment', 'Payroll', 'Job evaluation', 'Workforce planning', 'Coaching'],
  },
  {
    names: ['Legal and Governance', 'Legal and Corporate Compliance'],
    weight: 2,
    skills: ['Employment law', 'Contract law', 'Governance', 'Data protection', 'DPIA', 'Freedom of information'],
  },
  {
    names: ['ICT and Digital', 'ICT'],
    weight: 4,
    skills: [
      'Cyber security',
      'Network management',
      'Microsoft 365',
      'Digital transformation',
      'GIS',
      'Content design',
      'Power BI',
    ],
  },
  {
    names: ["Children's Services", 'Social Services'],
    weight: 12,
    skills: ['Safeguarding', 'Child protection', 'Fostering', 'Court work', 'Family group conferencing'],
  },
  {
    names: ['Adult Services', 'Adult Social Care'],
    weight: 14,
    skills: ['Safeguarding adults', 'Reablement', 'Direct payments', 'Care assessments', 'Mental health'],
  },
  {
    names: ['Education', 'Addysg'],
    weight: 12,
    skills: [
      'School improvement',
      'Additional learning needs',
      'School admissions',
      'Welsh-medium education',
      'Safeguarding',
    ],
  },
  {
    names: ['Environment and Decarbonisation', 'Environment'],
    weight: 2,
    skills: ['Net zero', 'Decarbonisation', 'Ecology', 'Renewable energy', 'Grant funding', 'Carbon accounting'],
  },
  {
    names: ['Policy and Performance', 'Policy'],
    weight: 2,
    skills: ['Equality impact assessment', 'Data analysis', 'Community engagement', 'Future generations', 'Power BI'],
  },
  {
    names: ['Welsh Language', 'Gwasanaethau Cymraeg'],
    weight: 1,
    skills: ['Welsh translation', 'Cyfieithu', 'Interpreting', 'Welsh language standards'],
  },
  {
    names: ['Regeneration', 'Regeneration and Economic Development'],
    weight: 2,
    skills: ['Grant funding', 'Business support', 'Employability', 'Town centres'],
  },
  { names: ['Leisure', 'Leisure and Culture'], weight: 3, skills: ['Sports development', 'Events', 'Heritage'] },
  {
    names: ['Communications', 'Communications and Marketing'],
    weight: 1,
    skills: ['Media relations', 'Social media', 'Press releases', 'Content design'],
  },
  {
    names: ['Emergency Planning', 'Civil Contingencies'],
    weight: 1,
    skills: ['Emergency planning', 'Business continuity', 'Incident response'],
  },
  {
    names: ['Customer Services', 'Contact Centre'],
    weight: 3,
    skills: ['Complaints handling', 'Customer service', 'Welsh language'],
  },
];
const commonSkills = [
  'Project management',
  'Data analysis',
  'Change management',
  'Coaching',
  'Welsh language',
  'Excel modelling',
  'First aid',
  'Health and safety',
];
const levelTitles: [[string, string], number][] = [
  [['Director of', 'Cyfarwyddwr'], 0.3],
  [['Head of', 'Pennaeth'], 2],
  [['Manager', 'Rheolwr'], 9],
  [['Team Leader', 'Arweinydd Tîm'], 15],
  [['Officer', 'Swyddog'], 73.7],
];

function jobTitle(random: ReturnType<typeof createRandom>, service: string): string {
  const [english, welsh] = random.weighted(levelTitles);
  const useWelsh = random.next() < 0.05;
  if (english.endsWith('of')) return useWelsh ? `${welsh} ${service}` : `${english} ${service}`;
  return useWelsh ? `${welsh} ${service}` : `${service} ${english}`;
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The generated HR export and a sample of what people will search for. */
function generateDirectory(count: number) {
  const random = createRandom(20_251_123);
  const lines = [
    'email,name,council,job_title,service_area,team,manager_email,skills,welsh_level,slack_user_id,teams_user_id,visible',
  ];
  const emails: string[] = [];
  const used = new Set<string>();
  for (let index = 0; index < count; index += 1) {
    const council = random.next() < 0.45 ? 'Blaenau Gwent' : 'Torfaen';
    const domain = council === 'Torfaen' ? 'torfaen.gov.uk' : 'blaenau-gwent.gov.uk';
    const first = random.pick(firstNames);
    const last = random.pick(lastNames);
    let email = `${first}.${last}@${domain}`
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    for (let suffix = 2; used.has(email); suffix += 1) email = email.replace(/\d*@/, `${suffix}@`);
    used.add(email);
    const service = random.weighted(services.map((entry) => [entry, entry.weight] as [typeof entry, number]));
    const serviceArea = service.names[council === 'Torfaen' ? 0 : 1];
    const skills = new Set<string>();
    const skillCount = 1 + Math.floor(random.next() * 5);
    while (skills.size < skillCount)
      skills.add(random.next() < 0.8 ? random.pick(service.skills) : random.pick(commonSkills));
    const welshLevel = random.weighted([
      [0, 40],
      [1, 25],
      [2, 15],
      [3, 10],
      [4, 5],
      [5, 5],
    ] as [number, number][]);
    const visible = random.next() < 0.97 ? 'true' : 'false';
    if (visible === 'true') emails.push(email);
    lines.push(
      [
        email,
        `${first} ${last}`,
        council,
        jobTitle(random, serviceArea),
        serviceArea,
        '',
        '',
        [...skills].join(';'),
        String(welshLevel),
        '',
        '',
        visible,
      ]
        .map(csvField)
        .join(','),
    );
  }
  const skillQueries = [
    'GIS',
    'procurement',
    'caffael',
    'flooding',
    'procurment',
    'DPIA',
    'translation',
    'cyfieithu',
    'rota planning',
    'safeguarding children',
    'budget',
    'net zero',
    'data protection',
    'employee relations',
    'power bi',
    'homelessness',
    'highway engineering',
    'tender evaluaton',
    'fostering',
    'social media',
  ];
  const roleQueries = [
    'head of waste',
    'planning manager',
    'Pennaeth Addysg',
    'finance team leader in Torfaen',
    'procurement officer',
    'Rheolwr Tai',
    'head of highways in Blaenau Gwent',
  ];
  return { csv: lines.join('\n'), emails, skillQueries, roleQueries };
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

interface Row {
  store: string;
  importMs: number;
  reimportMs: number;
  indexMs: number;
  search: [number, number];
  counterpart: [number, number];
  found: number;
}

async function measure(name: string, db: Database, directory: ReturnType<typeof generateDirectory>): Promise<Row> {
  const people: People = createPeople({ directory: createDirectoryStore(db), taxonomy: loadTaxonomy() });
  const actor = { email: null, isAdmin: true, via: 'bench' };
  const [report, importMs] = await timed(() => people.importCsv(directory.csv, actor));
  if (report.imported !== staffCount || report.rejected.length > 0)
    throw new Error(`import went wrong: ${JSON.stringify({ ...report, rejected: report.rejected.slice(0, 3) })}`);
  const [again, reimportMs] = await timed(() => people.importCsv(directory.csv, actor));
  if (again.unchanged !== staffCount) throw new Error(`the second import changed ${staffCount - again.unchanged} rows`);
  const [, indexMs] = await timed(() => people.findBySkill('GIS'));

  let found = 0;
  for (const query of directory.skillQueries) found += (await people.findBySkill(query)).length > 0 ? 1 : 0;
  const searchTimes: number[] = [];
  for (let run = 0; run < searchRuns; run += 1) {
    const query = directory.skillQueries[run % directory.skillQueries.length]!;
    const [, ms] = await timed(() => people.findBySkill(query, { council: run % 3 === 0 ? 'torfaen' : undefined }));
    searchTimes.push(ms);
  }
  const counterpartTimes: number[] = [];
  for (let run = 0; run < counterpartRuns; run += 1) {
    const input =
      run % 2 === 0
        ? directory.emails[(run * 7919) % directory.emails.length]!
        : directory.roleQueries[run % directory.roleQueries.length]!;
    const [, ms] = await timed(() => people.counterparts(input));
    counterpartTimes.push(ms);
  }
  return {
    store: name,
    importMs,
    reimportMs,
    indexMs,
    search: [percentile(searchTimes, 0.5), percentile(searchTimes, 0.99)],
    counterpart: [percentile(counterpartTimes, 0.5), percentile(counterpartTimes, 0.99)],
    found,
  };
}

// NOTE: `npm run bench:people -- --sync` measures the directory sync from Graph instead (bench/people-sync.ts).
if (process.argv.includes('--sync')) {
  const { runSyncBench } = await import('./people-sync.ts');
  process.exit(await runSyncBench());
}

const directory = generateDirectory(staffCount);
if (process.env.PONT_BENCH_WRITE_CSV) fs.writeFileSync(process.env.PONT_BENCH_WRITE_CSV, directory.csv);
const rows: Row[] = [];

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-bench-people-'));
const pglite = await openPglite(dataDir);
try {
  await migrate(pglite);
  rows.push(await measure('embedded (PGlite, on disk)', pglite, directory));
} finally {
  await pglite.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

if (await postgresReachable()) {
  const schema = uniqueSchema('pont_bench_people');
  const postgres = await openPostgres(postgresUrl, { schema, max: 4 });
  try {
    await migrate(postgres);
    rows.push(await measure('PostgreSQL (127.0.0.1)', postgres, directory));
  } finally {
    await postgres.exec(`drop schema if exists ${schema} cascade`);
    await postgres.close();
  }
} else {
  process.stderr.write(`PostgreSQL at ${postgresUrl} is not reachable: measured the embedded store only\n`);
}

const format = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(2));
const lines = [
  `Staff directory: ${staffCount.toLocaleString('en-GB')} generated staff (${directory.emails.length.toLocaleString('en-GB')} visible), ${searchRuns} skill searches over ${directory.skillQueries.length} queries, ${counterpartRuns} counterpart look-ups (half by email, half by role); Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)} at the end.`,
  '',
  '| store | import (ms) | re-import, unchanged (ms) | first search, index built (ms) | skill search p50 / p99 (ms) | counterpart p50 / p99 (ms) | queries with results |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    (row) =>
      `| ${row.store} | ${format(row.importMs)} | ${format(row.reimportMs)} | ${format(row.indexMs)} | ${format(row.search[0])} / ${format(row.search[1])} | ${format(row.counterpart[0])} / ${format(row.counterpart[1])} | ${row.found}/${directory.skillQueries.length} |`,
  ),
  '',
  'Targets: import ≤ 5,000 ms; skill search p99 ≤ 10 ms.',
];
process.stdout.write(`${lines.join('\n')}\n`);
