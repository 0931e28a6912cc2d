import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFolder, type OpenFolder } from '../../support/cli.ts';
import { startFakeGraph, type FakeGraph, type FakeUser } from '../../support/fake-graph.ts';

const torfaen = { id: 'tenant-torfaen', clientId: 'pont-torfaen', clientSecret: 'torfaen-secret' };
const blaenauGwent = { id: 'tenant-blaenau-gwent', clientId: 'pont-bg', clientSecret: 'bg-secret' };

const torfaenUsers: FakeUser[] = [
  {
    id: 't-gareth',
    displayName: 'Gareth Lewis',
    mail: 'Gareth.Lewis@torfaen.gov.uk',
    userPrincipalName: 'gareth.lewis@torfaen.gov.uk',
    jobTitle: 'Head of Waste and Recycling',
    department: 'Neighbourhood Services',
    officeLocation: 'Ty Blaen',
    managerId: 't-rhian',
    skills: ['Fleet management', 'Rota planning'],
  },
  {
    id: 't-aled',
    displayName: 'Aled Jenkins',
    mail: 'aled.jenkins@torfaen.gov.uk',
    userPrincipalName: 'aled.jenkins@torfaen.gov.uk',
    jobTitle: 'GIS Officer',
    department: 'ICT and Digital',
    managerId: 't-gareth',
    skills: ['GIS', 'Spatial analysis'],
  },
  {
    id: 't-sian',
    displayName: 'Siân Morgan',
    mail: null,
    userPrincipalName: 'sian.morgan@torfaen.gov.uk',
    jobTitle: 'Waste Collections Manager',
    department: 'Street Scene',
    managerId: 't-gareth',
    skills: ['Route optimisation'],
  },
  {
    id: 't-kerry',
    displayName: 'Kerry Evans',
    mail: 'kerry.evans@torfaen.gov.uk',
    userPrincipalName: 'kerry.evans@torfaen.gov.uk',
    jobTitle: 'Waste Education Officer',
    department: 'Waste and Recycling',
    skills: ['Schools outreach'],
  },
  {
    id: 't-left',
    displayName: 'Dafydd Left',
    mail: 'dafydd.left@torfaen.gov.uk',
    userPrincipalName: 'dafydd.left@torfaen.gov.uk',
    jobTitle: 'Planning Officer',
    department: 'Planning',
    accountEnabled: false,
    skills: ['Planning enforcement'],
  },
  {
    id: 't-guest',
    displayName: 'Huw Guest',
    mail: 'huw.guest@blaenau-gwent.gov.uk',
    userPrincipalName: 'huw.guest_blaenau-gwent.gov.uk#EXT#@torfaen.onmicrosoft.com',
    userType: 'Guest',
    jobTitle: 'Head of Waste',
  },
  // The manager comes last, so the first pages name a manager not read yet.
  {
    id: 't-rhian',
    displayName: 'Rhian Pritchard',
    mail: 'rhian.pritchard@torfaen.gov.uk',
    userPrincipalName: 'rhian.pritchard@torfaen.gov.uk',
    jobTitle: 'Chief Officer Neighbourhood Services',
    department: 'Neighbourhood Services',
    skills: ['Waste strategy'],
  },
];

const blaenauGwentUsers: FakeUser[] = [
  {
    id: 'b-huw',
    displayName: 'Huw Davies',
    mail: 'huw.davies@blaenau-gwent.gov.uk',
    userPrincipalName: 'huw.davies@blaenau-gwent.gov.uk',
    jobTitle: 'Head of Waste Services',
    department: 'Waste Services',
    skills: ['Waste management', 'Fleet management'],
  },
  {
    id: 'b-carys',
    displayName: 'Carys Morgan',
    mail: 'carys.morgan@blaenau-gwent.gov.uk',
    userPrincipalName: 'carys.morgan@blaenau-gwent.gov.uk',
    jobTitle: 'Procurement Manager',
    department: 'Procurement',
    managerId: 'b-huw',
    skills: ['Procurement', 'Contract management'],
  },
  {
    id: 'b-emma',
    displayName: 'Emma Price',
    mail: 'emma.price@blaenau-gwent.gov.uk',
    userPrincipalName: 'emma.price@blaenau-gwent.gov.uk',
    jobTitle: 'GIS Analyst',
    department: 'Digital Services',
    skills: [],
  },
];

let graph: FakeGraph;
let dataDir: string;
// NOTE: the directory folder's database is opened once; every command still runs through the CLI's entry point.
let shared: OpenFolder;

const credentials = (extra: Record<string, string> = {}): Record<string, string> => ({
  MICROSOFT_LOGIN_URL: graph.url,
  MICROSOFT_GRAPH_URL: graph.url,
  PONT_GRAPH_TORFAEN_TENANT_ID: torfaen.id,
  PONT_GRAPH_TORFAEN_CLIENT_ID: torfaen.clientId,
  PONT_GRAPH_TORFAEN_CLIENT_SECRET: torfaen.clientSecret,
  PONT_GRAPH_BLAENAU_GWENT_TENANT_ID: blaenauGwent.id,
  PONT_GRAPH_BLAENAU_GWENT_CLIENT_ID: blaenauGwent.clientId,
  PONT_GRAPH_BLAENAU_GWENT_CLIENT_SECRET: blaenauGwent.clientSecret,
  ...extra,
});

const sync = async (argv: string[] = [], environment = credentials()) =>
  shared.run(['people', 'sync', '--json', ...argv], { LOG_LEVEL: 'silent', ...environment });
const pont = async (...argv: string[]) => {
  const run = await shared.run([...argv, '--json'], { LOG_LEVEL: 'silent' });
  return { ...run, json: () => JSON.parse(run.stdout) as Record<string, unknown> };
};
/** The one-line JSON error a --json command prints on stderr. */
const errorOf = (stderr: string) => {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  return (JSON.parse(stderr) as { error: { code: string; message: string } }).error;
};
const councilReport = (stdout: string, council: string) =>
  (JSON.parse(stdout) as { councils: { council: string }[] }).councils.find((entry) => entry.council === council);

// NOTE: each command opens the embedded database, which takes seconds on a busy machine.
describe('pont people sync: the directory from Microsoft Entra ID', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-graph-sync-'));
    shared = await openFolder(dataDir);
    // Pages of two accounts, so every read spans several pages.
    graph = await startFakeGraph({ pageSize: 2 });
    graph.addTenant(torfaen);
    graph.addTenant({ ...blaenauGwent, skillsExposed: false });
    graph.putUsers(torfaen.id, torfaenUsers);
    graph.putUsers(blaenauGwent.id, blaenauGwentUsers);
  });

  afterAll(async () => {
    await graph.close();
    await shared?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits 1 with one line, and reads nothing, when a tenant has no credentials or they are refused', async () => {
    const missing = await shared.run(['people', 'sync', '--council', 'torfaen', '--json'], {
      LOG_LEVEL: 'silent',
      MICROSOFT_LOGIN_URL: graph.url,
      MICROSOFT_GRAPH_URL: graph.url,
    });
    expect(missing.status).toBe(1);
    expect(errorOf(missing.stderr).message).toMatch(
      /^torfaen has no Graph credentials: set PONT_GRAPH_TORFAEN_TENANT_ID, PONT_GRAPH_TORFAEN_CLIENT_ID and PONT_GRAPH_TORFAEN_CLIENT_SECRET/,
    );
    expect(missing.stdout).toBe('');

    const halfGiven = await sync([], credentials({ PONT_GRAPH_TORFAEN_CLIENT_SECRET: '' }));
    expect(halfGiven.status).toBe(1);
    expect(errorOf(halfGiven.stderr).message).toMatch(
      /PONT_GRAPH_TORFAEN_CLIENT_SECRET is empty: set PONT_GRAPH_TORFAEN_TENANT_ID, PONT_GRAPH_TORFAEN_CLIENT_ID and PONT_GRAPH_TORFAEN_CLIENT_SECRET together$/,
    );

    const refused = await sync([], credentials({ PONT_GRAPH_BLAENAU_GWENT_CLIENT_SECRET: 'wrong' }));
    expect(refused.status).toBe(1);
    expect(errorOf(refused.stderr)).toMatchObject({ code: 'forbidden' });
    expect(errorOf(refused.stderr).message).toMatch(
      /^Entra ID refused the credentials of blaenau-gwent \(tenant tenant-blaenau-gwent\) — invalid_client: AADSTS7000215: Invalid client secret provided\.: check PONT_GRAPH_BLAENAU_GWENT_TENANT_ID/,
    );
    // Torfaen's credentials were good, but nothing was read from either tenant.
    expect(graph.requests.filter((request) => request.path.startsWith('/v1.0/'))).toEqual([]);
    expect((await pont('skills', 'GIS')).json()).toEqual({ people: [] });
  });

  it('fills the directory from both tenants with no CSV, through throttling, and skills and counterparts find the people', async () => {
    graph.throttle(torfaen.id, 1, 1);
    const first = await sync();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      councils: [
        expect.objectContaining({
          council: 'blaenau-gwent',
          added: 3,
          updated: 0,
          removed: 0,
          unchanged: 0,
          errors: 0,
          mode: 'full',
          skills: false,
          conflicts: [],
        }),
        expect.objectContaining({
          council: 'torfaen',
          added: 5,
          updated: 0,
          removed: 0,
          unchanged: 0,
          errors: 0,
          mode: 'full',
          skills: true,
          conflicts: [],
        }),
      ],
    });
    // The 429 was answered by waiting and asking again.
    const throttled = graph.requests.filter((request) => request.status === 429);
    expect(throttled).toHaveLength(1);
    expect(graph.requests[graph.requests.indexOf(throttled[0]!) + 1]).toMatchObject({
      path: throttled[0]!.path,
      status: 200,
    });

    const gis = (await pont('skills', 'GIS')).json().people as { email: string; council: string; skills: string[] }[];
    expect(gis[0]).toMatchObject({
      email: 'aled.jenkins@torfaen.gov.uk',
      name: 'Aled Jenkins',
      council: 'torfaen',
      jobTitle: 'GIS Officer',
      serviceArea: 'ICT and Digital',
      skills: ['GIS', 'Spatial analysis'],
    });
    expect(gis.map((person) => person.email)).not.toContain('dafydd.left@torfaen.gov.uk');
    const counterparts = (await pont('counterpart', 'gareth.lewis@torfaen.gov.uk')).json().counterparts as {
      email: string;
      council: string;
    }[];
    expect(counterparts[0]).toMatchObject({ email: 'huw.davies@blaenau-gwent.gov.uk', council: 'blaenau-gwent' });

    // The guest and the disabled account are not in the directory; the manager read last is filled in.
    expect((await pont('people', 'show', 'huw.guest@blaenau-gwent.gov.uk')).status).toBe(1);
    expect((await pont('people', 'show', 'dafydd.left@torfaen.gov.uk')).status).toBe(1);
    const sian = await pont('people', 'show', 'sian.morgan@torfaen.gov.uk');
    expect(sian.json().person).toMatchObject({
      email: 'sian.morgan@torfaen.gov.uk',
      council: 'torfaen',
      jobTitle: 'Waste Collections Manager',
    });
    const gareth = await pont('people', 'show', 'gareth.lewis@torfaen.gov.uk');
    expect(gareth.json().person).toMatchObject({ managerEmail: 'rhian.pritchard@torfaen.gov.uk' });
  });

  it('reads only the changes next time: updates, disabled and deleted accounts leave, and the audit trail says so', async () => {
    const before = graph.requests.length;
    graph.updateUser(torfaen.id, 't-aled', { jobTitle: 'Senior GIS Officer' });
    graph.updateUser(torfaen.id, 't-kerry', { accountEnabled: false });
    graph.removeUser(torfaen.id, 't-sian', 'changed');
    graph.removeUser(blaenauGwent.id, 'b-emma', 'deleted');
    const second = await sync();
    expect(second.status).toBe(0);
    expect(councilReport(second.stdout, 'torfaen')).toMatchObject({
      added: 0,
      updated: 1,
      removed: 2,
      unchanged: 0,
      errors: 0,
      mode: 'delta',
    });
    expect(councilReport(second.stdout, 'blaenau-gwent')).toMatchObject({
      added: 0,
      updated: 0,
      removed: 1,
      unchanged: 0,
      errors: 0,
      mode: 'delta',
    });
    // Only delta links were followed: no new full read.
    const reads = graph.requests.slice(before).filter((request) => request.path.startsWith('/v1.0/users/delta'));
    expect(
      reads.map((request) => request.path.includes('$deltatoken=') || request.path.includes('$skiptoken=')),
    ).not.toContain(false);

    expect((await pont('people', 'show', 'aled.jenkins@torfaen.gov.uk')).json().person).toMatchObject({
      jobTitle: 'Senior GIS Officer',
    });
    expect((await pont('skills', 'schools outreach')).json().people).toEqual([]);
    expect((await pont('people', 'show', 'sian.morgan@torfaen.gov.uk')).json().person).toMatchObject({
      visible: false,
    });
    expect((await pont('people', 'show', 'emma.price@blaenau-gwent.gov.uk')).status).toBe(1);
    const audit = (await pont('people', 'audit')).json().audit as { via: string; action: string; subject: string }[];
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ via: 'graph', action: 'people.sync.hidden', subject: 'kerry.evans@torfaen.gov.uk' }),
        expect.objectContaining({ via: 'graph', action: 'people.sync.hidden', subject: 'sian.morgan@torfaen.gov.uk' }),
        expect.objectContaining({ via: 'graph', action: 'people.erase', subject: 'emma.price@blaenau-gwent.gov.uk' }),
      ]),
    );

    const nothing = await sync();
    expect(JSON.parse(nothing.stdout).councils).toEqual([
      expect.objectContaining({ council: 'blaenau-gwent', added: 0, updated: 0, removed: 0, unchanged: 0, errors: 0 }),
      expect.objectContaining({ council: 'torfaen', added: 0, updated: 0, removed: 0, unchanged: 0, errors: 0 }),
    ]);
  });

  it('keeps everyone when a page fails halfway, and the next sync resumes from the page that failed', async () => {
    graph.putUsers(blaenauGwent.id, [
      {
        id: 'b-new1',
        displayName: 'Nia Roberts',
        mail: 'nia.roberts@blaenau-gwent.gov.uk',
        userPrincipalName: 'nia.roberts@blaenau-gwent.gov.uk',
        jobTitle: 'Flood Risk Officer',
        department: 'Engineering',
      },
      {
        id: 'b-new2',
        displayName: 'Owen Bevan',
        mail: 'owen.bevan@blaenau-gwent.gov.uk',
        userPrincipalName: 'owen.bevan@blaenau-gwent.gov.uk',
        jobTitle: 'Highways Engineer',
        department: 'Engineering',
      },
      {
        id: 'b-new3',
        displayName: 'Lowri Ellis',
        mail: 'lowri.ellis@blaenau-gwent.gov.uk',
        userPrincipalName: 'lowri.ellis@blaenau-gwent.gov.uk',
        jobTitle: 'Drainage Engineer',
        department: 'Engineering',
      },
    ]);
    // A full read: the second page fails (Graph's 500 is not retried), after the first was applied.
    graph.failPage(blaenauGwent.id, 2, 1);
    const failed = await sync(['--council', 'blaenau-gwent', '--full']);
    expect(failed.status).toBe(1);
    expect(errorOf(failed.stderr).message).toMatch(
      /^the sync of blaenau-gwent stopped \(Microsoft Graph failed to list users for blaenau-gwent: generalException: An unexpected error occurred\.\); run pont people sync again to resume/,
    );
    expect(councilReport(failed.stdout, 'blaenau-gwent')).toMatchObject({ errors: 1, removed: 0, mode: 'full' });
    // Nobody left the directory because of the failed page.
    for (const email of ['huw.davies@blaenau-gwent.gov.uk', 'carys.morgan@blaenau-gwent.gov.uk'])
      expect((await pont('people', 'show', email)).status).toBe(0);

    const resumedFrom = graph.requests.length;
    const resumed = await sync(['--council', 'blaenau-gwent']);
    expect(resumed.status).toBe(0);
    expect(councilReport(resumed.stdout, 'blaenau-gwent')).toMatchObject({ errors: 0, removed: 0, mode: 'resumed' });
    const firstRead = graph.requests.slice(resumedFrom).find((request) => request.path.startsWith('/v1.0/users/delta'));
    expect(firstRead?.path).toContain('$skiptoken=');
    for (const email of [
      'nia.roberts@blaenau-gwent.gov.uk',
      'owen.bevan@blaenau-gwent.gov.uk',
      'lowri.ellis@blaenau-gwent.gov.uk',
      'huw.davies@blaenau-gwent.gov.uk',
    ]) {
      expect((await pont('people', 'show', email)).status).toBe(0);
    }
  });

  it('reports a person the HR export describes differently, keeps what only HR knows, and the directory value wins', async () => {
    const csv = path.join(dataDir, 'staff.csv');
    fs.writeFileSync(
      csv,
      [
        'email,name,council,job_title,service_area,team,manager_email,skills,welsh_level,visible',
        'owen.bevan@blaenau-gwent.gov.uk,Owen Bevan,Blaenau Gwent,Highways Manager,Highways,Roads,,Bridge inspection,4,true',
        'mari.james@torfaen.gov.uk,Mari James,Torfaen,Housing Officer,Housing,,,Tenancy support,2,true',
      ].join('\n'),
    );
    expect((await pont('people', 'import', csv)).status).toBe(0);
    // Entra ID still says Highways Engineer in Engineering: a full read sees Owen again.
    const full = await sync(['--council', 'blaenau-gwent', '--full']);
    expect(full.status).toBe(0);
    expect(councilReport(full.stdout, 'blaenau-gwent')).toMatchObject({
      conflicts: [{ email: 'owen.bevan@blaenau-gwent.gov.uk', fields: ['jobTitle', 'serviceArea'] }],
      errors: 0,
      removed: 0,
    });
    const owen = (await pont('people', 'show', 'owen.bevan@blaenau-gwent.gov.uk')).json().person;
    expect(owen).toMatchObject({
      jobTitle: 'Highways Engineer',
      serviceArea: 'Engineering',
      welshLevel: 4,
      skills: ['Bridge inspection'],
    });
    // Someone only in the HR export stays.
    expect((await pont('people', 'show', 'mari.james@torfaen.gov.uk')).status).toBe(0);
    const audit = (await pont('people', 'audit', 'owen.bevan@blaenau-gwent.gov.uk')).json().audit as {
      action: string;
      detail: unknown;
    }[];
    expect(audit.slice(0, 2)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'people.sync.conflict', detail: { fields: ['jobTitle', 'serviceArea'] } }),
      ]),
    );
  });

  it('refuses an unknown council in one line', async () => {
    const run = await shared.run(['people', 'sync', '--council', 'newport'], credentials());
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('pont people: --council "newport" is not a council: give blaenau-gwent or torfaen\n');
  });
});

describe('pont people sync when tokens expire during a sync', { timeout: 180_000 }, () => {
  let expiring: FakeGraph;
  let folder: string;
  let opened: OpenFolder;

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-graph-token-'));
    opened = await openFolder(folder);
    // Tokens say they last 303 s; the client renews 300 s before expiry, so after 3 s; Graph refuses them after 6 s.
    // Seven pages a second apart outlive the first token.
    expiring = await startFakeGraph({
      pageSize: 1,
      tokenExpiresInSeconds: 303,
      acceptTokensForMs: 6_000,
      pageDelayMs: 1_000,
    });
    expiring.addTenant(torfaen);
    expiring.putUsers(torfaen.id, torfaenUsers);
  });

  afterAll(async () => {
    await expiring.close();
    await opened?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('gets a new token from Entra ID when the last one expires, and reads every page', async () => {
    const run = await opened.run(['people', 'sync', '--council', 'torfaen', '--json'], {
      LOG_LEVEL: 'silent',
      MICROSOFT_LOGIN_URL: expiring.url,
      MICROSOFT_GRAPH_URL: expiring.url,
      PONT_GRAPH_TORFAEN_TENANT_ID: torfaen.id,
      PONT_GRAPH_TORFAEN_CLIENT_ID: torfaen.clientId,
      PONT_GRAPH_TORFAEN_CLIENT_SECRET: torfaen.clientSecret,
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).councils).toEqual([
      expect.objectContaining({ council: 'torfaen', added: 5, errors: 0, pages: 7 }),
    ]);
    expect(expiring.tokensIssued.get(torfaen.id)).toBeGreaterThan(1);
    expect(expiring.requests.filter((request) => request.status === 401)).toEqual([]);
  });
});
