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
      id: requestId, requesterEmail: 'sian.morgan@torfaen.gov.uk', requesterCouncil: 'torfaen', title: 'Waste rota', detail: 'How do you plan the rota?',
      topic: { services: ['waste'], skills: [] }, targetCouncils: ['blaenau-gwent'], status: 'routed', routedTo: [recipientEmail], claimedBy: null,
      answer: null, answeredBy: null, helpful: null, language: 'en', createdAt: '2026-11-23T10:00:00Z', updatedAt: '2026-11-23T10:00:00Z',
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

  it('keeps a user\'s 1:1 chat reference when they later write from a channel', async () => {
    const reference = { conversation: { id: 'a:chat', conversationType: 'personal', isGroup: false, name: '' }, serviceUrl: 'https://smba.example/uk/' };
    await store.rememberUser({ aadObjectId: 'aad-1', teamsUserId: '29:one', tenantId: 't', serviceUrl: 'https://smba.example/uk/', locale: 'cy-GB', personalReference: reference });
    await store.rememberUser({ aadObjectId: 'aad-1', teamsUserId: '29:one', tenantId: null, serviceUrl: 'https://smba.example/uk/', locale: null, personalReference: null });
    await store.setIdentity('aad-1', 'Ieuan.Rowlands@Blaenau-Gwent.gov.uk', 'ieuan.rowlands@blaenau-gwent.gov.uk');
    const found = await store.findByEmail('ieuan.rowlands@blaenau-gwent.gov.uk');
    expect(found).toMatchObject({ aadObjectId: 'aad-1', tenantId: 't', locale: 'cy-GB', personalReference: reference });
    expect(await store.findByEmail('nobody@torfaen.gov.uk')).toBeNull();
  });

  it('leases each due message to one sender only, even when two ask at once', async () => {
    for (let index = 0; index < 6; index += 1) await store.enqueue(notification(`person${index}@blaenau-gwent.gov.uk`, `lease-${index}`));
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
    const sent = { conversationId: 'a:chat', activityId: 'activity-1', requestId: 'card-1', recipientEmail: 'Ieuan.Rowlands@blaenau-gwent.gov.uk', reference: { conversation: { id: 'a:chat', isGroup: false, conversationType: 'personal', name: '' } } };
    await store.saveCard(sent);
    await store.saveCard(sent);
    expect(await store.cardsFor('card-1')).toEqual([{ ...sent, recipientEmail: 'ieuan.rowlands@blaenau-gwent.gov.uk' }]);
  });
});
