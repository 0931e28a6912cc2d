import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFolder, type OpenFolder } from '../support/cli.ts';
import { startFakeGraph, type FakeGraph } from '../support/fake-graph.ts';
import { makeDocx, makePdf } from '../ingest/make-fixtures.ts';

const torfaen = { id: 'tenant-torfaen', clientId: 'pont-torfaen', clientSecret: 'torfaen-secret' };
const siteUrl = 'https://torfaen.sharepoint.com/sites/Federation';
let graph: FakeGraph;
let dataDir: string;
let folder: OpenFolder;

interface Printed {
  source: { id: string };
  sources: {
    id: string;
    added: number;
    updated: number;
    removed: number;
    unchanged: number;
    error?: string;
    failed: { url: string; reason: string }[];
  }[];
  citations: { source: string; title: string; published?: string }[];
  answer: string;
  error: { code: string; message: string };
}
const environment = (extra: Record<string, string> = {}) => ({
  LOG_LEVEL: 'silent',
  PONT_FETCH_ALLOW: '127.0.0.1',
  MICROSOFT_LOGIN_URL: graph.url,
  MICROSOFT_GRAPH_URL: graph.url,
  PONT_GRAPH_TORFAEN_TENANT_ID: torfaen.id,
  PONT_GRAPH_TORFAEN_CLIENT_ID: torfaen.clientId,
  PONT_GRAPH_TORFAEN_CLIENT_SECRET: torfaen.clientSecret,
  ...extra,
});
const pont = async (argv: string[], extra: Record<string, string> = {}) => {
  const run = await folder.run([...argv, '--json'], environment(extra));
  return { ...run, json: () => JSON.parse(run.stdout) as Printed };
};

describe('pont sources: a SharePoint library through Graph drive delta', { timeout: 400_000 }, () => {
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-sources-sp-'));
    folder = await openFolder(dataDir);
    // Pages of two items, so every read spans several pages.
    graph = await startFakeGraph({ pageSize: 2 });
    graph.addTenant(torfaen);
    graph.addSite(torfaen.id, {
      id: 'site-federation',
      hostname: 'torfaen.sharepoint.com',
      path: '/sites/Federation',
      libraries: ['Documents', 'Private HR'],
    });
    graph.putDriveFile(torfaen.id, 'site-federation', 'Documents', {
      id: 'f-fleet',
      name: 'Shared fleet procedure.docx',
      folder: 'Procedures',
      content: await makeDocx([
        { heading: 'Shared fleet procedure' },
        { text: 'Gritting lorries are shared between the two councils from November to March.' },
      ]),
    });
    graph.putDriveFile(torfaen.id, 'site-federation', 'Documents', {
      id: 'f-report',
      name: 'Federation annual report.pdf',
      content: makePdf([
        'Federation annual report',
        'The federation saved three hundred thousand pounds by joint procurement of road salt.',
      ]),
    });
    graph.putDriveFile(torfaen.id, 'site-federation', 'Documents', {
      id: 'f-old',
      name: 'Old rota.pdf',
      content: makePdf(['Old rota', 'The depot rota changes every Monday at six in the morning.']),
    });
    graph.putDriveFile(torfaen.id, 'site-federation', 'Documents', {
      id: 'f-photo',
      name: 'depot.jpg',
      content: Buffer.from('not a document'),
    });
    graph.putDriveFile(torfaen.id, 'site-federation', 'Private HR', {
      id: 'f-hr',
      name: 'Disciplinary cases.pdf',
      content: makePdf(['Disciplinary cases', 'Confidential case list for the depot.']),
    });
  });

  afterAll(async () => {
    await graph.close();
    await folder?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('says which credentials are missing for a council without Graph access', async () => {
    const added = await pont([
      'sources',
      'add',
      'sharepoint',
      'https://blaenaugwent.sharepoint.com/sites/Federation',
      '--council',
      'blaenau-gwent',
    ]);
    expect(added.status).toBe(0);
    const sync = await pont(['sources', 'sync', added.json().source.id]);
    expect(sync.status).toBe(1);
    expect(sync.json().sources[0]!.error).toBe(
      'blaenau-gwent has no Graph credentials: set PONT_GRAPH_BLAENAU_GWENT_TENANT_ID, PONT_GRAPH_BLAENAU_GWENT_CLIENT_ID and PONT_GRAPH_BLAENAU_GWENT_CLIENT_SECRET',
    );
    await pont(['sources', 'remove', added.json().source.id]);
  });

  it('reads only the library IT listed, pages through delta, then follows changes and deletions', async () => {
    const added = await pont(['sources', 'add', 'sharepoint', siteUrl, '--library', 'Documents']);
    expect(added.json().source).toMatchObject({ kind: 'sharepoint', url: siteUrl, council: 'torfaen' });
    const id = added.json().source.id;

    const first = await pont(['sources', 'sync', id]);
    expect(first.status).toBe(0);
    expect(first.json().sources[0]).toMatchObject({ id, added: 3, updated: 0, removed: 0, failed: [] });
    const deltaPages = graph.requests.filter((request) => request.path.includes('/root/delta'));
    expect(deltaPages.length).toBeGreaterThan(2);
    expect(graph.requests.some((request) => request.path.includes('site-federation-drive-1'))).toBe(false);

    const fleet = await pont(['ask', 'When are gritting lorries shared between the councils?']);
    expect(fleet.json().citations[0]).toMatchObject({
      source: `${siteUrl}/Documents/Procedures/Shared%20fleet%20procedure.docx`,
    });
    const hr = await pont(['search', 'disciplinary cases depot']);
    expect(hr.stdout).not.toContain('Disciplinary');

    graph.putDriveFile(torfaen.id, 'site-federation', 'Documents', {
      id: 'f-report',
      name: 'Federation annual report.pdf',
      content: makePdf([
        'Federation annual report',
        'The federation saved four hundred thousand pounds by joint procurement of road salt.',
      ]),
    });
    graph.removeDriveFile(torfaen.id, 'site-federation', 'Documents', 'f-old');
    const before = graph.requests.length;
    const second = await pont(['sources', 'sync', id]);
    expect(second.json().sources[0]).toMatchObject({ added: 0, updated: 1, removed: 1, unchanged: 0 });
    // Only the changed file was downloaded.
    expect(
      graph.requests
        .slice(before)
        .filter((request) => request.path.startsWith('/v1.0/drives/') && request.path.includes('/items/')),
    ).toHaveLength(1);
    const salt = await pont(['ask', 'How much did joint procurement of road salt save?']);
    expect(salt.json().answer).toMatch(/four hundred thousand/);
    const rota = await pont(['search', 'depot rota Monday']);
    expect(rota.stdout).not.toContain('Old%20rota');

    // Graph forgets the delta token: the library is read whole again and nothing is lost or doubled.
    graph.expireDriveTokens(torfaen.id);
    const resync = await pont(['sources', 'sync', id]);
    expect(resync.json().sources[0]).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 2 });
    const listed = await folder.run(['sources', 'show', id, '--json'], environment());
    expect(JSON.parse(listed.stdout).source).toMatchObject({ id, documents: 2, lastError: null });
  });

  it('stops a sync whose Graph does not answer in time, and records it on the source', async () => {
    const slow = await startFakeGraph({ pageDelayMs: 30_000 });
    const slowDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-sources-sp-slow-'));
    const slowFolder = await openFolder(slowDataDir);
    try {
      slow.addTenant(torfaen);
      slow.addSite(torfaen.id, {
        id: 'site-federation',
        hostname: 'torfaen.sharepoint.com',
        path: '/sites/Federation',
        libraries: ['Documents'],
      });
      const slowEnvironment = {
        ...environment({
          MICROSOFT_LOGIN_URL: slow.url,
          MICROSOFT_GRAPH_URL: slow.url,
          PONT_SOURCES_TIMEOUT_SECONDS: '1',
        }),
      };
      const added = await slowFolder.run(
        ['sources', 'add', 'sharepoint', siteUrl, '--council', 'torfaen', '--json'],
        slowEnvironment,
      );
      const id = (JSON.parse(added.stdout) as Printed).source.id;
      const started = Date.now();
      const sync = await slowFolder.run(['sources', 'sync', id, '--json'], slowEnvironment);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(sync.status).toBe(1);
      expect((JSON.parse(sync.stdout) as Printed).sources[0]!.error).toBe(
        `Microsoft Graph did not answer in time to find the site ${siteUrl} for torfaen`,
      );
    } finally {
      await slow.close();
      await slowFolder.close();
      fs.rmSync(slowDataDir, { recursive: true, force: true });
    }
  });
});
