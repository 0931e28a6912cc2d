import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/store/index.ts';
import { openFolder, type OpenFolder } from '../../support/cli.ts';
import type { TeamsHarness } from './harness.ts';
import { sayInPersonalChat, startTeamsWithPeople, teamsPeople } from '../../support/teams-people.ts';

const users = teamsPeople;

const say = sayInPersonalChat;

/** The Teams channel over the data folder's database, with everyone having said hello once (so Pont can reach them). */
const startTeams = async (db: Database, round: string): Promise<TeamsHarness> =>
  (await startTeamsWithPeople(db, Object.values(users), { round })).harness;

const cardsIn = (harness: TeamsHarness, chat: string) =>
  harness.connector.calls
    .filter((call) => (call.kind === 'send' || call.kind === 'reply') && call.conversationId === chat)
    .flatMap((call) => (call.body.attachments as { content: Record<string, unknown> }[] | undefined) ?? []);

describe('pont teams outbox and pont teams retry', () => {
  let dataDir: string;
  const environment = { LOG_LEVEL: 'silent' };
  let folder: OpenFolder;
  const pont = (...argv: string[]) => folder.run(argv, environment);
  const open = () => folder.database();
  let failedForAlun: number;
  let failedForGareth: number;
  let sentId: number;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-teams-outbox-'));
    folder = await openFolder(dataDir);
    const db = await open();
    const harness = await startTeams(db, 'first');
    try {
      await say(harness, users.rhian, 'share How do you run your waste rota over bank holidays?', 'share-ok');
      // The connector refuses every proactive message of the second request (the app was removed, say).
      harness.connector.failNext(100, 403, undefined, [users.alun.chat, users.gareth.chat]);
      await say(harness, users.rhian, 'share Who has a template for a Section 113 agreement?', 'share-refused');
      harness.connector.reset();
      const entries = await harness.teams.store.outbox();
      expect(entries.map((entry) => [entry.requestId, entry.status])).toEqual([
        ['1', 'sent'],
        ['1', 'sent'],
        ['2', 'failed'],
        ['2', 'failed'],
      ]);
      sentId = entries[0]!.id;
      failedForAlun = entries.find(
        (entry) => entry.status === 'failed' && entry.recipientEmail === users.alun.email,
      )!.id;
      failedForGareth = entries.find(
        (entry) => entry.status === 'failed' && entry.recipientEmail === users.gareth.email,
      )!.id;
    } finally {
      await harness.close();
    }
  });
  afterAll(async () => {
    await folder?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the messages that need attention, with the reason they failed', async () => {
    const listed = await pont('teams', 'outbox');
    expect(listed).toMatchObject({ status: 0, stderr: '' });
    expect(listed.stdout).toContain('Teams outbox: 2 failed, 0 unreachable, 0 pending, 2 sent.');
    expect(listed.stdout).toContain(`${failedForAlun}  failed  request-routed to ${users.alun.email} about request #2`);
    expect(listed.stdout).toContain(
      `${failedForGareth}  failed  request-routed to ${users.gareth.email} about request #2`,
    );
    expect(listed.stdout).toMatch(/last error: HTTP 403: /);
    expect(listed.stdout).toContain('pont teams retry ID');
    expect(listed.stdout).not.toContain('about request #1');

    const json = JSON.parse((await pont('teams', 'outbox', '--json')).stdout);
    expect(json.counts).toEqual({ failed: 2, sent: 2 });
    expect(json.entries).toHaveLength(2);
    expect(json.entries[0]).toMatchObject({
      id: failedForAlun < failedForGareth ? failedForAlun : failedForGareth,
      requestId: '2',
      status: 'failed',
      attempts: 1,
      nextAttemptAt: null,
      sentAt: null,
    });
    expect(json.entries[0].lastError).toContain('HTTP 403');
    expect(Date.parse(json.entries[0].createdAt)).not.toBeNaN();
  });

  it('filters by status, request and recipient', async () => {
    const sent = JSON.parse((await pont('teams', 'outbox', '--status', 'sent', '--json')).stdout);
    expect(sent.entries.map((entry: { requestId: string; status: string }) => [entry.requestId, entry.status])).toEqual(
      [
        ['1', 'sent'],
        ['1', 'sent'],
      ],
    );
    expect(sent.entries[0].sentAt).not.toBeNull();
    const forAlun = JSON.parse(
      (await pont('teams', 'outbox', '--request', '2', '--to', 'Alun.Jones@blaenau-gwent.gov.uk', '--json')).stdout,
    );
    expect(forAlun.entries.map((entry: { id: number }) => entry.id)).toEqual([failedForAlun]);
    const limited = JSON.parse((await pont('teams', 'outbox', '--limit', '1', '--json')).stdout);
    expect(limited).toMatchObject({ entries: [{ id: Math.max(failedForAlun, failedForGareth) }], more: 1 });
    const none = await pont('teams', 'outbox', '--status', 'unreachable');
    expect(none.stdout).toContain('No unreachable messages.');
  });

  it('turns away a bad option, an unknown id or a sent message with one clear line and changes nothing', async () => {
    const badStatus = await pont('teams', 'outbox', '--status', 'lost');
    expect(badStatus).toMatchObject({
      status: 1,
      stdout: '',
      stderr: 'pont teams: --status takes one of failed, unreachable, pending, sent, not "lost"\n',
    });

    const unknown = await pont('teams', 'retry', String(failedForAlun), '999999');
    expect(unknown).toMatchObject({ status: 1, stdout: '' });
    expect(unknown.stderr).toBe(
      'pont teams: no outbox message has id 999999: nothing was re-queued. Only failed or unreachable messages can be retried (see pont teams outbox).\n',
    );

    const alreadySent = await pont('teams', 'retry', String(sentId), String(failedForAlun));
    expect(alreadySent).toMatchObject({ status: 1, stdout: '' });
    expect(alreadySent.stderr).toBe(
      `pont teams: ${sentId} is already sent: nothing was re-queued. Only failed or unreachable messages can be retried (see pont teams outbox).\n`,
    );

    const notANumber = await pont('teams', 'retry', 'abc');
    expect(notANumber).toMatchObject({ status: 1 });
    expect(notANumber.stderr.trim().split('\n')).toHaveLength(1);
    const nothing = await pont('teams', 'retry');
    expect(nothing).toMatchObject({
      status: 1,
      stderr: 'pont teams: say which messages to retry: pont teams retry ID… or pont teams retry --all-failed\n',
    });

    const still = JSON.parse((await pont('teams', 'outbox', '--json')).stdout);
    expect(still.counts).toEqual({ failed: 2, sent: 2 });
  });

  it('puts a failed message back in the queue, and the next delivery pass sends it', async () => {
    const retried = await pont('teams', 'retry', String(failedForAlun));
    expect(retried).toMatchObject({ status: 0, stderr: '' });
    expect(retried.stdout).toBe(`Re-queued 1 message (${failedForAlun}): the next delivery pass sends it.\n`);

    const pending = JSON.parse((await pont('teams', 'outbox', '--status', 'pending', '--json')).stdout);
    expect(pending.entries).toHaveLength(1);
    expect(pending.entries[0]).toMatchObject({ id: failedForAlun, status: 'pending', attempts: 0 });
    expect(pending.entries[0].lastError).toContain('HTTP 403');
    expect(Date.parse(pending.entries[0].nextAttemptAt)).toBeLessThanOrEqual(Date.now());

    const db = await open();
    const harness = await startTeams(db, 'second');
    try {
      expect(await harness.teams.deliverDue()).toBe(1);
      const cards = cardsIn(harness, users.alun.chat);
      expect(cards).toHaveLength(1);
      expect(JSON.stringify(cards[0])).toContain('Who has a template for a Section 113 agreement?');
      expect(cardsIn(harness, users.gareth.chat)).toHaveLength(0);
      const [entry] = await harness.teams.store.outbox({ requestId: '2', recipientEmail: users.alun.email });
      expect(entry).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    } finally {
      await harness.close();
    }

    const after = await pont('teams', 'outbox');
    expect(after.stdout).toContain('Teams outbox: 1 failed, 0 unreachable, 0 pending, 3 sent.');
    expect(after.stdout).not.toContain(users.alun.email);
  });

  it('re-queues every failed message with --all-failed, and says when there is none', async () => {
    const all = await pont('teams', 'retry', '--all-failed', '--json');
    expect(all).toMatchObject({ status: 0 });
    expect(JSON.parse(all.stdout)).toEqual({ requeued: 1, ids: [failedForGareth] });
    const again = await pont('teams', 'retry', '--all-failed');
    expect(again).toMatchObject({ status: 0, stdout: 'No failed messages to retry.\n' });
    expect((await pont('teams', 'outbox')).stdout).toContain('No failed or unreachable messages.');
  });
});
