import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/channels/cli/main.ts';
import { openFolder, type OpenFolder } from '../../support/cli.ts';
import { startFakeGraph, type FakeGraph, type FakeUser } from '../../support/fake-graph.ts';

const torfaen = { id: 'tenant-torfaen', clientId: 'pont-torfaen', clientSecret: 'torfaen-secret' };
const users: FakeUser[] = Array.from({ length: 7 }, (_, index) => ({
  id: `t-${index}`,
  displayName: `Officer ${index}`,
  mail: `officer.${index}@torfaen.gov.uk`,
  userPrincipalName: `officer.${index}@torfaen.gov.uk`,
  jobTitle: 'Waste Officer',
  department: 'Waste and Recycling',
  skills: [],
}));

let graph: FakeGraph;
let dataDir: string;
let folder: OpenFolder;

/** `pont people sync` as typed at a terminal (`tty`) or with stderr sent to a file. */
async function sync(argv: string[], tty: boolean) {
  let stdout = '';
  let stderr = '';
  const status = await main(
    ['--data-dir', dataDir, 'people', 'sync', '--council', 'torfaen', ...argv],
    { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), stderrIsTTY: tty },
    {
      LOG_LEVEL: 'silent',
      MICROSOFT_LOGIN_URL: graph.url,
      MICROSOFT_GRAPH_URL: graph.url,
      PONT_GRAPH_TORFAEN_TENANT_ID: torfaen.id,
      PONT_GRAPH_TORFAEN_CLIENT_ID: torfaen.clientId,
      PONT_GRAPH_TORFAEN_CLIENT_SECRET: torfaen.clientSecret,
    },
    { db: await folder.database() },
  );
  return { status, stdout, stderr };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-sync-progress-'));
  folder = await openFolder(dataDir);
  graph = await startFakeGraph({ pageSize: 3 });
  graph.addTenant(torfaen);
  graph.putUsers(torfaen.id, users);
});
afterAll(async () => {
  await graph.close();
  await folder?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// NOTE: the commands share one open database (openFolder); each still builds its own Pont.
describe('the progress of pont people sync', { timeout: 300_000 }, () => {
  it('redraws one line with the counts and the rate on a terminal, then prints the report', async () => {
    const run = await sync(['--full'], true);
    expect(run.status).toBe(0);
    // Three pages of at most three accounts: the line is drawn again after each.
    const frames = run.stderr.split('\r\u001b[2K').filter(Boolean);
    expect(frames.map((frame) => frame.replace(/, [\d,]+ accounts\/s/, '').trimEnd())).toEqual([
      'Torfaen: 3 accounts read, page 1',
      'Torfaen: 6 accounts read, page 2',
      'Torfaen: 7 accounts read, page 3',
    ]);
    for (const frame of frames) expect(frame).toMatch(/, [\d,]+ accounts\/s/);
    // The line is ended before the report, which goes to stdout.
    expect(run.stderr.endsWith('\n')).toBe(true);
    expect(run.stdout).toMatch(/^Torfaen: 7 added, 0 updated, 0 removed, 0 unchanged \(full, 3 pages/);
  });

  it('prints a plain line per page when stderr is not a terminal, and nothing extra with --json', async () => {
    const logged = await sync(['--full'], false);
    expect(logged.stderr).not.toContain('\r');
    expect(
      logged.stderr
        .split('\n')
        .filter(Boolean)
        .map((line) => line.replace(/, [\d,]+ accounts\/s$/, '')),
    ).toEqual([
      'Torfaen: 3 accounts read, page 1',
      'Torfaen: 6 accounts read, page 2',
      'Torfaen: 7 accounts read, page 3',
    ]);

    const json = await sync(['--json'], true);
    expect(json.status).toBe(0);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toMatchObject({ councils: [{ council: 'torfaen', added: 0, errors: 0 }] });
  });
});
