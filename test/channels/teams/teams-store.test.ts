import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsStore, type TeamsStore } from '../../../src/channels/teams/teams-store.ts';
import type { Notification } from '../../../src/core/sharing/types.ts';
import { storeTargets } from '../../support/stores.ts';

function notification(recipientEmail: string, requestId: string): Notification {
  return {
    kind: 'request-routed',
    recipientEmail,
    reasons: ['works on rotas'],
    request: {
      id: requestId,
      requesterEmail: 'sian.morgan@torfaen.gov.uk',
      requesterCouncil: 'torfaen',
      title: 'Waste rota',
      detail: 'How do you plan the rota?',
      topic: { services: ['waste'], skills: [] },
      targetCouncils: ['blaenau-gwent'],
      status: 'routed',
      routedTo: [recipientEmail],
      claimedBy: null,
      answer: null,
      answeredBy: null,
      helpful: null,
      language: 'en',
      createdAt: '2026-11-23T10:00:00Z',
      updatedAt: '2026-11-23T10:00:00Z',
      actions: [],
    },
  };
}

describe.each(await storeTargets())('Teams store on $name', (target) => {
  let db: Awaited<ReturnType<typeof target.open>>;
  let store: TeamsStore;

  beforeAll(async () => {
    db = await target.open();
    store = createTeamsStore(db);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("keeps a user's 1:1 chat reference when they later write from a channel", async () => {
    const reference = {
      conversation: { id: 'a:chat', conversationType: 'personal', isGroup: false, name: '' },
      serviceUrl: 'https://smba.example/uk/',
    };
    await store.rememberUser({
      aadObjectId: 'aad-1',
      teamsUserId: '29:one',
      tenantId: 't',
      serviceUrl: 'https://smba.example/uk/',
      locale: 'cy-GB',
      personalReference: reference,
    });
    await store.rememberUser({
      aadObjectId: 'aad-1',
      teamsUserId: '29:one',
      tenantId: null,
      serviceUrl: 'https://smba.example/uk/',
      locale: null,
      personalReference: null,
    });
    await store.setIdentity('aad-1', 'Ieuan.Rowlands@Blaenau-Gwent.gov.uk', 'ieuan.rowlands@blaenau-gwent.gov.uk');
    const found = await store.findByEmail('ieuan.rowlands@blaenau-gwent.gov.uk');
    expect(found).toMatchObject({ aadObjectId: 'aad-1', tenantId: 't', locale: 'cy-GB', personalReference: reference });
    expect(await store.findByEmail('nobody@torfaen.gov.uk')).toBeNull();
  });

  it('leases each due message to one sender only, even when two ask at once', async () => {
    for (let index = 0; index < 6; index += 1)
      await store.enqueue(notification(`person${index}@blaenau-gwent.gov.uk`, `lease-${index}`));
    const now = new Date(Date.now() + 1000);
    const [first, second] = await Promise.all([store.leaseDue(now, 4, 60_000), store.leaseDue(now, 4, 60_000)]);
    const ids = [...first, ...second].map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(6);
    expect(await store.leaseDue(now, 10, 60_000)).toEqual([]);
  });

  it('records failed attempts and brings back messages held for someone who was unreachable', async () => {
    const entry = await store.enqueue(notification('nia.evans@blaenau-gwent.gov.uk', 'held-1'));
    const later = new Date(Date.now() + 3_600_000);
    await store.markRetry(entry.id, 1, later, 'HTTP 429: throttled');
    let [stored] = await store.outbox({ requestId: 'held-1' });
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 429: throttled' });
    expect(stored!.nextAttemptAt.getTime()).toBe(later.getTime());
    await store.markStopped(entry.id, 'unreachable', 1, 'no Teams user yet');
    expect(await store.requeueUnreachable('Nia.Evans@blaenau-gwent.gov.uk')).toBe(1);
    [stored] = await store.outbox({ recipientEmail: 'nia.evans@blaenau-gwent.gov.uk' });
    expect(stored).toMatchObject({ status: 'pending' });
    await store.markSent(entry.id, 2, 'activity-9');
    [stored] = await store.outbox({ requestId: 'held-1' });
    expect(stored).toMatchObject({ status: 'sent', attempts: 2, activityId: 'activity-9', lastError: null });
  });

  it('remembers the cards sent about a request, once each', async () => {
    const sent = {
      conversationId: 'a:chat',
      activityId: 'activity-1',
      requestId: 'card-1',
      recipientEmail: 'Ieuan.Rowlands@blaenau-gwent.gov.uk',
      reference: { conversation: { id: 'a:chat', isGroup: false, conversationType: 'personal', name: '' } },
    };
    await store.saveCard(sent);
    await store.saveCard(sent);
    expect(await store.cardsFor('card-1')).toEqual([
      { ...sent, recipientEmail: 'ieuan.rowlands@blaenau-gwent.gov.uk' },
    ]);
  });

  it('lists by status, counts by status, and re-queues only stopped messages, all or nothing', async () => {
    const failed = await store.enqueue(notification('a@blaenau-gwent.gov.uk', 'admin-1'));
    const unreachable = await store.enqueue(notification('b@blaenau-gwent.gov.uk', 'admin-1'));
    const sent = await store.enqueue(notification('c@blaenau-gwent.gov.uk', 'admin-1'));
    const pending = await store.enqueue(notification('d@blaenau-gwent.gov.uk', 'admin-1'));
    await store.markStopped(failed.id, 'failed', 8, 'gave up after 8 attempts: HTTP 502: bad gateway');
    await store.markStopped(unreachable.id, 'unreachable', 0, 'no Teams user is known for this email yet');
    await store.markSent(sent.id, 1, 'activity-1');

    const attention = await store.outbox({ requestId: 'admin-1', statuses: ['failed', 'unreachable'] });
    expect(attention.map((entry) => [entry.id, entry.status, entry.attempts, entry.lastError])).toEqual([
      [failed.id, 'failed', 8, 'gave up after 8 attempts: HTTP 502: bad gateway'],
      [unreachable.id, 'unreachable', 0, 'no Teams user is known for this email yet'],
    ]);
    expect((await store.outbox({ requestId: 'admin-1', limit: 2 })).map((entry) => entry.id)).toEqual([
      sent.id,
      pending.id,
    ]);
    expect(await store.outboxCounts({ requestId: 'admin-1' })).toEqual({
      failed: 1,
      unreachable: 1,
      sent: 1,
      pending: 1,
    });
    expect((await store.outbox({ requestId: 'admin-1', statuses: ['sent'] }))[0]!.sentAt).toBeInstanceOf(Date);

    expect(await store.requeue({ ids: [failed.id, sent.id, pending.id, 987654] })).toEqual({
      requeued: [],
      unknown: [987654],
      notStopped: [
        { id: sent.id, status: 'sent' },
        { id: pending.id, status: 'pending' },
      ],
    });
    expect(await store.outboxCounts({ requestId: 'admin-1' })).toEqual({
      failed: 1,
      unreachable: 1,
      sent: 1,
      pending: 1,
    });

    expect(await store.requeue({ ids: [unreachable.id, failed.id] })).toEqual({
      requeued: [failed.id, unreachable.id].sort((a, b) => a - b),
    });
    const due = await store.leaseDue(new Date(Date.now() + 1000), 10, 60_000, [failed.id, unreachable.id]);
    expect(due.map((entry) => [entry.id, entry.status, entry.attempts])).toEqual([
      [failed.id, 'pending', 0],
      [unreachable.id, 'pending', 0],
    ]);
    expect(due[0]!.lastError).toContain('HTTP 502');
  });

  it('re-queues every failed message and leaves unreachable ones to wait for their person', async () => {
    const first = await store.enqueue(notification('e@blaenau-gwent.gov.uk', 'admin-2'));
    const second = await store.enqueue(notification('f@blaenau-gwent.gov.uk', 'admin-2'));
    const waiting = await store.enqueue(notification('g@blaenau-gwent.gov.uk', 'admin-2'));
    await store.markStopped(first.id, 'failed', 1, 'HTTP 403: Forbidden');
    await store.markStopped(second.id, 'failed', 8, 'gave up');
    await store.markStopped(waiting.id, 'unreachable', 0, 'no Teams user');
    const result = await store.requeue({ allFailed: true });
    expect(result.requeued).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(result.requeued).not.toContain(waiting.id);
    expect(await store.outboxCounts({ requestId: 'admin-2' })).toEqual({ pending: 2, unreachable: 1 });
    expect(await store.requeue({ allFailed: true })).toEqual({ requeued: [] });
  });
});
