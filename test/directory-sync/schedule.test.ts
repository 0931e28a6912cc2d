import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPont, type Pont } from '../../src/app.ts';
import {
  directorySyncJob,
  startDirectorySyncSchedule,
  type RunningSchedule,
} from '../../src/directory-sync/schedule.ts';
import { silentLogger } from '../../src/logger.ts';
import { createHttpApp, listen } from '../../src/server.ts';
import { createScheduleStore } from '../../src/store/directory-sync/index.ts';
import type { Database } from '../../src/store/index.ts';
import { testConfig } from '../support/config.ts';
import { startFakeGraph, type FakeGraph, type FakeUser } from '../support/fake-graph.ts';
import { openTestPglite } from '../support/pglite-template.ts';

const torfaen = { id: 'tenant-torfaen', clientId: 'pont-torfaen', clientSecret: 'torfaen-secret' };
const blaenauGwent = { id: 'tenant-blaenau-gwent', clientId: 'pont-bg', clientSecret: 'bg-secret' };
const torfaenUsers: FakeUser[] = [
  {
    id: 't-gareth',
    displayName: 'Gareth Lewis',
    mail: 'gareth.lewis@torfaen.gov.uk',
    userPrincipalName: 'gareth.lewis@torfaen.gov.uk',
    jobTitle: 'Head of Waste and Recycling',
    department: 'Neighbourhood Services',
    skills: ['Rota planning'],
  },
  {
    id: 't-aled',
    displayName: 'Aled Jenkins',
    mail: 'aled.jenkins@torfaen.gov.uk',
    userPrincipalName: 'aled.jenkins@torfaen.gov.uk',
    jobTitle: 'GIS Officer',
    department: 'ICT and Digital',
    skills: ['GIS'],
  },
  {
    id: 't-sian',
    displayName: 'Siân Morgan',
    mail: 'sian.morgan@torfaen.gov.uk',
    userPrincipalName: 'sian.morgan@torfaen.gov.uk',
    jobTitle: 'Waste Collections Manager',
    department: 'Street Scene',
    skills: [],
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
    skills: ['Fleet management'],
  },
];

let graph: FakeGraph;
let db: Database;
const replicas: Pont[] = [];
const schedules: RunningSchedule[] = [];

const environment = (): Record<string, string> => ({
  MICROSOFT_LOGIN_URL: graph.url,
  MICROSOFT_GRAPH_URL: graph.url,
  PONT_GRAPH_TORFAEN_TENANT_ID: torfaen.id,
  PONT_GRAPH_TORFAEN_CLIENT_ID: torfaen.clientId,
  PONT_GRAPH_TORFAEN_CLIENT_SECRET: torfaen.clientSecret,
  PONT_GRAPH_BLAENAU_GWENT_TENANT_ID: blaenauGwent.id,
  PONT_GRAPH_BLAENAU_GWENT_CLIENT_ID: blaenauGwent.clientId,
  PONT_GRAPH_BLAENAU_GWENT_CLIENT_SECRET: blaenauGwent.clientSecret,
});

/** Full reads of the users of `tenant` that Graph answered (the first page of each read). */
const fullReads = (tenant: string) =>
  graph.requests.filter(
    (request) =>
      request.tenant === tenant &&
      /\/users\/delta(\?|$)/.test(request.path) &&
      !/deltatoken|skiptoken/i.test(request.path),
  ).length;

beforeAll(async () => {
  graph = await startFakeGraph({ pageSize: 2 });
  graph.addTenant(torfaen);
  graph.addTenant(blaenauGwent);
  graph.putUsers(torfaen.id, torfaenUsers);
  graph.putUsers(blaenauGwent.id, blaenauGwentUsers);
  db = await openTestPglite();
  // Two replicas of the server on one database.
  for (let index = 0; index < 2; index += 1)
    replicas.push(await createPont(testConfig(environment()), { db, logger: silentLogger }));
}, 300_000);

afterAll(async () => {
  for (const schedule of schedules) await schedule.stop();
  for (const pont of replicas) await pont.close();
  await db?.close();
  await graph?.close();
});

describe('the directory sync scheduled in the server', { timeout: 300_000 }, () => {
  it('is off when no council has Graph credentials', async () => {
    const offDb = await openTestPglite();
    const pont = await createPont(testConfig(), { db: offDb, logger: silentLogger });
    try {
      expect(await startDirectorySyncSchedule(pont)).toBeNull();
      expect(await createScheduleStore(offDb).get(directorySyncJob)).toBeNull();
    } finally {
      await pont.close();
      await offDb.close();
    }
  });

  it('runs on one replica at a time, fills the directory from Graph, and shows the last sync on the dashboard', async () => {
    for (const pont of replicas) {
      const schedule = await startDirectorySyncSchedule(pont, { pollMs: 25, intervalMs: 60 * 60_000 });
      expect(schedule).not.toBeNull();
      schedules.push(schedule!);
    }
    const store = createScheduleStore(db);
    await expect
      .poll(async () => (await store.get(directorySyncJob))?.lastFinishedAt ?? null, {
        timeout: 120_000,
        interval: 100,
      })
      .not.toBeNull();
    // Both replicas kept polling; only one read each tenant, once: the next run is an hour away.
    await Promise.all(schedules.map((schedule) => schedule.tick()));
    expect(fullReads(torfaen.id)).toBe(1);
    expect(fullReads(blaenauGwent.id)).toBe(1);
    const job = (await store.get(directorySyncJob))!;
    expect(job.lastError).toBeNull();
    expect(job.nextRunAt.getTime() - job.lastFinishedAt!.getTime()).toBeGreaterThan(59 * 60_000);

    expect(await replicas[0]!.people.getPerson('aled.jenkins@torfaen.gov.uk')).toMatchObject({
      name: 'Aled Jenkins',
      council: 'torfaen',
    });
    expect(await replicas[1]!.people.getPerson('huw.davies@blaenau-gwent.gov.uk')).toMatchObject({
      name: 'Huw Davies',
      council: 'blaenau-gwent',
    });

    const app = await createHttpApp(replicas[1]!);
    const server: http.Server = await listen(app, 0, '127.0.0.1');
    try {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const response = await fetch(`http://127.0.0.1:${port}/dashboard/data.json`);
      expect(response.status).toBe(200);
      const { directorySync } = (await response.json()) as { directorySync: { rows: (string | number | null)[][] } };
      const [bg, tf] = directorySync.rows;
      expect(bg!.slice(0, 1).concat(bg!.slice(2))).toEqual(['Blaenau Gwent', 1, 0, 0, '']);
      expect(tf!.slice(0, 1).concat(tf!.slice(2))).toEqual(['Torfaen', 3, 0, 0, '']);
      // The time of the last sync, as an ISO time the page shows in the reader's own format.
      expect(String(tf![1])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Math.abs(Date.now() - Date.parse(String(tf![1])))).toBeLessThan(10 * 60_000);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('is taken over by another replica when the one holding it stops answering', async () => {
    const store = createScheduleStore(db);
    // A replica took the job (now due) and died: its lease runs out in a moment.
    await db.query(`update scheduled_jobs set next_run_at = now() where name = $1`, [directorySyncJob]);
    expect(await store.take(directorySyncJob, 'replica-that-died', 200)).not.toBeNull();
    const before = (await store.get(directorySyncJob))!.lastFinishedAt!;
    graph.updateUser(torfaen.id, 't-aled', { jobTitle: 'Senior GIS Officer' });
    await expect
      .poll(async () => (await store.get(directorySyncJob))?.lastFinishedAt?.getTime() ?? 0, {
        timeout: 120_000,
        interval: 100,
      })
      .toBeGreaterThan(before.getTime());
    expect(await replicas[0]!.people.getPerson('aled.jenkins@torfaen.gov.uk')).toMatchObject({
      jobTitle: 'Senior GIS Officer',
    });
  });
});
