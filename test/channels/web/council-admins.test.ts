import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { councilsWithTheirAdmins, writeCouncilsFile } from '../../support/councils-file.ts';
import { startWebTestServer, type WebTestServer } from './web-test-pont.ts';

// Each council names its own admins in the councils file; an admin of either council sees the joint figures.
let server: WebTestServer;
let folder: string;

/** Chooses who the visitor on this computer is, as the chat page does, and returns the session cookie. */
async function signInAs(
  email: string,
): Promise<{ cookie: string; body: { identity: { isAdmin: boolean }; canSeeDashboard: boolean } }> {
  const response = await fetch(server.url + '/api/identity', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  expect(response.status).toBe(200);
  return { cookie: response.headers.get('set-cookie')!.split(';')[0]!, body: (await response.json()) as never };
}

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-web-council-admins-'));
  server = await startWebTestServer({ PONT_COUNCILS_FILE: writeCouncilsFile(folder, councilsWithTheirAdmins) });
  await server.pont.sharing.open({
    text: 'How do you run your waste collection rota over bank holidays?',
    fromEmail: 'matthew.jones@blaenau-gwent.gov.uk',
  });
}, 300_000);
afterAll(async () => {
  await server?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('admins of each council on the web', { timeout: 120_000 }, () => {
  it('shows both councils’ admins the same joint figures, and the last directory sync of each council', async () => {
    const seen: unknown[] = [];
    for (const admin of ['owain.price@torfaen.gov.uk', 'gwen.edwards@blaenau-gwent.gov.uk']) {
      const { cookie, body } = await signInAs(admin);
      expect(body).toMatchObject({ identity: { isAdmin: true }, canSeeDashboard: true });
      const response = await fetch(server.url + '/dashboard/data.json', { headers: { Cookie: cookie } });
      expect(response.status).toBe(200);
      const data = (await response.json()) as {
        charts: { name: string; rows: unknown[][] }[];
        directorySync: { columns: string[]; rows: unknown[][] };
      };
      expect(data.charts.find((chart) => chart.name === 'directions')!.rows).toEqual([
        ['Torfaen', 'Blaenau Gwent', 0],
        ['Blaenau Gwent', 'Torfaen', 1],
      ]);
      expect(data.directorySync.columns).toEqual(['Council', 'Last sync', 'Added', 'Updated', 'Removed', 'Problem']);
      expect(data.directorySync.rows).toEqual([
        ['Blaenau Gwent', 'not synced yet', null, null, null, ''],
        ['Torfaen', 'not synced yet', null, null, null, ''],
      ]);
      seen.push(data);
    }
    expect(seen[0]).toEqual(seen[1]);
  });

  it('sends a request from the chat page to the councils named', async () => {
    const { cookie } = await signInAs('matthew.jones@blaenau-gwent.gov.uk');
    const open = (target: unknown) =>
      fetch(server.url + '/api/requests', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie },
        body: JSON.stringify({ text: 'How do you plan waste collection rotas over bank holidays?', target }),
      });
    const named = await open(['torfaen']);
    expect(named.status).toBe(200);
    expect(((await named.json()) as { request: { targetCouncils: string[] } }).request.targetCouncils).toEqual([
      'torfaen',
    ]);
    const unknown = await open(['newport']);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toBe(
      'I could not do that: "newport" is not a council: send the request to blaenau-gwent, torfaen.',
    );
  });

  it('keeps the dashboard from staff who administer no council', async () => {
    const { cookie, body } = await signInAs('aled.jenkins@torfaen.gov.uk');
    expect(body).toMatchObject({ identity: { isAdmin: false }, canSeeDashboard: false });
    const response = await fetch(server.url + '/dashboard/data.json', { headers: { Cookie: cookie } });
    expect(response.status).toBe(403);
  });
});
