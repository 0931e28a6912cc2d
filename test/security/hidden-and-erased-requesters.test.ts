import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFolder, type OpenFolder } from '../support/cli.ts';

// NOTE: each test runs several whole `pont` commands (on one open database, see openFolder).
const cliTimeout = 300_000;

// A colleague at the command line (--as is taken on trust, as at an admin console) looks for a requester who has
// since hidden or erased their profile.
let dataDir: string;
let folder: OpenFolder;
const environment = { LOG_LEVEL: 'silent' };
const pont = (...argv: string[]) => folder.run(argv, environment);

const hider = 'matthew.jones@blaenau-gwent.gov.uk';
const eraser = 'gwen.edwards@blaenau-gwent.gov.uk';

async function share(text: string, from: string): Promise<{ id: string; routedTo: string[] }> {
  const shared = await pont('share', text, '--from', from, '--json');
  expect(shared.status).toBe(0);
  return JSON.parse(shared.stdout).request as { id: string; routedTo: string[] };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-security-requesters-'));
  folder = await openFolder(dataDir);
  expect((await pont('people', 'import', 'examples/staff-directory.csv', '--json')).status).toBe(0);
}, 120_000);
afterAll(async () => {
  await folder?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a requester who hides their profile', () => {
  it(
    'is not named to the people the request went to, in show, --involving or their list',
    async () => {
      const { id, routedTo } = await share('How do you run your waste collection rota over bank holidays?', hider);
      const colleague = routedTo[0]!;
      expect((await pont('people', 'hide', hider)).status).toBe(0);

      const shown = await pont('requests', 'show', id, '--as', colleague, '--json');
      expect(shown.status).toBe(0);
      expect(JSON.parse(shown.stdout).request).toMatchObject({ id, requesterEmail: null });
      expect(shown.stdout).not.toContain(hider);
      const text = await pont('requests', 'show', id, '--as', colleague);
      expect(text.stdout).toContain('from a member of staff (Blaenau Gwent)');
      expect(text.stdout).not.toContain(hider);

      expect(
        JSON.parse((await pont('requests', '--involving', hider, '--as', colleague, '--json')).stdout).requests,
      ).toEqual([]);
      const theirList = await pont('requests', '--involving', colleague, '--as', colleague, '--json');
      expect(JSON.parse(theirList.stdout).requests.map((request: { id: string }) => request.id)).toContain(id);
      expect(theirList.stdout).not.toContain(hider);

      // The requester still sees their own request.
      const own = await pont('requests', 'show', id, '--as', hider, '--json');
      expect(JSON.parse(own.stdout).request.requesterEmail).toBe(hider);
    },
    cliTimeout,
  );
});

describe('a requester who erases their profile', () => {
  it(
    'leaves no trace of their email in requests, routes, history or notifications, and the history still reads',
    async () => {
      const { id, routedTo } = await share('How do you publish your recycling collection calendar?', eraser);
      const helper = routedTo[0]!;
      expect((await pont('requests', 'claim', id, '--as', helper)).status).toBe(0);
      expect(
        (await pont('requests', 'answer', id, 'We print it on the back of the council tax bill.', '--as', helper))
          .status,
      ).toBe(0);
      expect((await pont('people', 'erase', eraser)).status).toBe(0);

      const shown = await pont('requests', 'show', id, '--json');
      expect(shown.status).toBe(0);
      expect(shown.stdout).not.toContain(eraser);
      const { request, events } = JSON.parse(shown.stdout) as {
        request: { requesterEmail: string | null; answer: string };
        events: { type: string }[];
      };
      expect(request).toMatchObject({
        requesterEmail: null,
        answer: 'We print it on the back of the council tax bill.',
      });
      expect(events.map((event) => event.type)).toEqual(
        expect.arrayContaining(['request-opened', 'request-routed', 'request-claimed', 'request-answered']),
      );

      const db = await folder.database();
      for (const [table, column] of [
        ['sharing_requests', 'requester_email'],
        ['sharing_requests', 'claimed_by'],
        ['sharing_requests', 'answered_by'],
        ['sharing_routes', 'email'],
        ['sharing_events', 'actor_email'],
        ['sharing_notifications', 'recipient_email'],
      ] as const) {
        const rows = await db.query<{ count: number }>(
          `select count(*)::int as count from ${table} where ${column} = $1`,
          [eraser],
        );
        expect(rows[0]!.count, `${table}.${column}`).toBe(0);
      }
      const details = await db.query<{ count: number }>(
        `select count(*)::int as count from sharing_events where detail::text like $1`,
        [`%${eraser}%`],
      );
      expect(details[0]!.count).toBe(0);
      // The same pseudonym stands for them throughout, so the history stays consistent.
      const [row] = await db.query<{ requester_email: string }>(
        'select requester_email from sharing_requests where id = $1',
        [id],
      );
      expect(row!.requester_email).toMatch(/^erased:[0-9a-f-]{36}$/);
      const told = await db.query<{ count: number }>(
        `select count(*)::int as count from sharing_notifications where request_id = $1 and recipient_email = $2`,
        [id, row!.requester_email],
      );
      expect(told[0]!.count).toBeGreaterThan(0);
    },
    cliTimeout,
  );
});
