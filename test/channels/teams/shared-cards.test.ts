import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { settleHeldWork } from '../../../src/channels/after-response.ts';
import type { Database } from '../../../src/store/index.ts';
import type { ConnectorCall } from '../../support/fake-connector.ts';
import type { FakeCore } from './fake-core.ts';
import { fixture, type TeamsHarness } from './harness.ts';
import {
  fromPerson,
  personalChat,
  startTeamsWithPeople,
  teamsPeople,
  type TeamsPerson,
} from '../../support/teams-people.ts';
import { openTestPglite } from '../../support/pglite-template.ts';

let db: Database;
let fake: FakeCore;
let harness: TeamsHarness;

const users = {
  ...teamsPeople,
  // In the group chat, but not part of the request.
  hidden: {
    id: '29:hidden',
    name: 'Hidden Person',
    aadObjectId: 'aad-hidden',
    email: 'hidden.person@blaenau-gwent.gov.uk',
    chat: 'a:hidden-chat',
  },
};
type User = TeamsPerson;

const tenantId = '3c1f7a52-9e0b-4d7a-a1c4-5b2e8f0d9a61';
const groupChat = '19:waste-leads-group@thread.v2';
const from = fromPerson;
const personal = (user: User) => personalChat(user, tenantId);
const group = { isGroup: true, conversationType: 'groupChat', tenantId, id: groupChat };

type Card = Record<string, unknown>;
const verbs = (card: Card | undefined) =>
  ((card?.actions as { verb: string }[] | undefined) ?? []).map((action) => action.verb);
const cardOf = (response: { body: unknown }) => (response.body as { type: string; value: Card }).value;
const cardsIn = (call: ConnectorCall) =>
  ((call.body.attachments as { content: Card }[] | undefined) ?? []).map((attachment) => attachment.content);
const inGroup = (kinds: ConnectorCall['kind'][]) =>
  harness.connector.calls.filter((call) => call.conversationId === groupChat && kinds.includes(call.kind));

/** A card action (or Teams' automatic refresh) from `user` on the group chat message `replyToId`. */
async function invoke(
  user: User,
  verb: string,
  data: Record<string, unknown>,
  replyToId: string,
  trigger: 'manual' | 'automatic' = 'manual',
) {
  const response = await harness.post(
    fixture('adaptive-card-action', harness.connector.url, {
      id: `invoke-${Math.random()}`,
      from: from(user),
      conversation: group,
      replyToId,
      channelData: { tenant: { id: tenantId } },
      value: { action: { type: 'Action.Execute', verb, data }, trigger },
    }),
  );
  await settleHeldWork();
  return response;
}

interface SharedMessage {
  activityId: string;
  card: Card;
  requestId: string;
}

/** Rhian opens a request from the group chat, mentioning Pont: the card Pont posted there, and the request's id. */
async function shareFromGroup(id: string, question: string): Promise<SharedMessage> {
  harness.connector.reset();
  await harness.post(
    fixture('channel-mention', harness.connector.url, {
      id,
      from: from(users.rhian),
      conversation: group,
      text: `<at>Pont</at> share ${question}`,
    }),
  );
  await settleHeldWork();
  const posted = inGroup(['send', 'reply']);
  expect(posted).toHaveLength(1);
  const card = cardsIn(posted[0]!)[0]!;
  const requestId = (card.refresh as { action: { data: { requestId: string } } }).action.data.requestId;
  harness.connector.reset();
  return { activityId: posted[0]!.activityId!, card, requestId };
}

/** Alun claims a request from the card shared in the group chat. */
async function claimAsAlun(shared: SharedMessage) {
  return invoke(users.alun, 'request-claim', { requestId: shared.requestId }, shared.activityId);
}

let sharedMessage: SharedMessage;

beforeAll(async () => {
  db = await openTestPglite();
  // Everyone has written to Pont in a personal chat once, so Pont knows who they are in Teams.
  ({ harness, fake } = await startTeamsWithPeople(db, Object.values(users), { tenantId }));
  sharedMessage = await shareFromGroup('group-share-1', 'How do you run your waste rota over bank holidays?');
});

afterAll(async () => {
  await harness?.close();
  await db?.close();
});

beforeEach(() => harness.connector.reset());

describe('request cards in a Teams group chat', () => {
  it('posts a card everyone may see: no buttons, nobody it was routed to, and a refresh naming the people who take part', () => {
    const { card } = sharedMessage;
    expect(verbs(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('How do you run your waste rota over bank holidays?');
    expect(JSON.stringify(card)).not.toContain(users.alun.email);
    expect(card.refresh).toMatchObject({
      action: { type: 'Action.Execute', verb: 'request-refresh', data: { requestId: sharedMessage.requestId } },
    });
    expect([...(card.refresh as { userIds: string[] }).userIds].sort()).toEqual(
      [users.alun.id, users.gareth.id, users.rhian.id].sort(),
    );
  });

  it("answers a routed person's refresh with their own card, and leaves the message for everyone else as it was", async () => {
    const shared = await shareFromGroup('group-share-refresh', 'How do you plan the gritting routes each winter?');
    const refresh = { requestId: shared.requestId };
    const alun = await invoke(users.alun, 'request-refresh', refresh, shared.activityId, 'automatic');
    expect(alun.status).toBe(200);
    expect(verbs(cardOf(alun))).toEqual(['request-claim', 'request-decline']);
    // The refreshed card keeps naming the same people, so Teams goes on refreshing each of them.
    expect((cardOf(alun).refresh as { userIds: string[] }).userIds).toContain(users.alun.id);

    const requester = await invoke(users.rhian, 'request-refresh', refresh, shared.activityId, 'automatic');
    expect(verbs(cardOf(requester))).toEqual(['request-cancel']);

    // Someone not taking part chooses Refresh on the message: they see no one's buttons.
    const bystander = await invoke(users.hidden, 'request-refresh', refresh, shared.activityId);
    expect(verbs(cardOf(bystander))).toEqual([]);

    // Nothing was written to the chat: the shared message was not replaced with anyone's card.
    expect(harness.connector.calls.filter((call) => call.kind === 'update')).toEqual([]);
    expect(inGroup(['send', 'reply', 'update'])).toEqual([]);
  });

  it('answers a claim with the claimer’s answer form, and updates the message to a card without anyone’s buttons', async () => {
    const shared = await shareFromGroup('group-share-claim', 'Who checks the play areas in the parks, and how often?');
    const claimed = await claimAsAlun(shared);
    expect(claimed.status).toBe(200);
    expect(JSON.stringify(cardOf(claimed))).toContain('You picked this up.');
    expect(verbs(cardOf(claimed))).toEqual(['request-answer', 'request-decline']);
    expect(fake.requests.get(shared.requestId)).toMatchObject({ status: 'claimed', claimedBy: users.alun.email });

    const updates = inGroup(['update']);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.activityId).toBe(shared.activityId);
    const everyone = cardsIn(updates[0]!)[0]!;
    expect(verbs(everyone)).toEqual([]);
    expect(JSON.stringify(everyone)).toContain('"value":"Picked up"');
    expect(JSON.stringify(everyone)).not.toContain('request-answer');
    expect(JSON.stringify(everyone)).not.toContain('You picked this up.');
    // No update anywhere carries Alun's buttons.
    for (const update of harness.connector.calls.filter((call) => call.kind === 'update')) {
      if (update.conversationId !== users.alun.chat)
        expect(cardsIn(update).flatMap(verbs)).not.toContain('request-answer');
    }

    // Gareth, also routed, refreshes: the claim is shown to him, with no Claim button left.
    const gareth = await invoke(
      users.gareth,
      'request-refresh',
      { requestId: shared.requestId },
      shared.activityId,
      'automatic',
    );
    expect(verbs(cardOf(gareth))).toEqual([]);
    expect(JSON.stringify(cardOf(gareth))).toContain('"value":"Picked up"');
  });

  it('keeps a profile out of the group chat: no skills, no Save button, a pointer to the 1:1 chat', async () => {
    await harness.post(
      fixture('channel-mention', harness.connector.url, {
        id: 'group-profile-1',
        from: from(users.gareth),
        conversation: group,
        text: '<at>Pont</at> profile',
      }),
    );
    await settleHeldWork();
    const posted = inGroup(['send', 'reply']);
    expect(posted).toHaveLength(1);
    const card = cardsIn(posted[0]!)[0]!;
    expect(JSON.stringify(card)).toContain('only in your 1:1 chat with Pont');
    expect(JSON.stringify(card)).not.toContain('GIS');
    expect(JSON.stringify(card)).not.toContain('Input.');
    expect(verbs(card)).toEqual([]);

    // In his own chat he still gets the card he can change.
    harness.connector.reset();
    await harness.post(
      fixture('personal-message', harness.connector.url, {
        id: 'personal-profile-1',
        from: from(users.gareth),
        conversation: personal(users.gareth),
        text: 'profile',
      }),
    );
    await settleHeldWork();
    const own = harness.connector.cards().at(-1)!;
    expect(JSON.stringify(own)).toContain('GIS');
    expect(verbs(own)).toEqual(['profile-save']);
  });

  it("keeps the group chat's card current when a step is taken from a personal chat", async () => {
    const shared = await shareFromGroup('group-share-answer', 'How do you book the community halls for elections?');
    await claimAsAlun(shared);
    harness.connector.reset();
    await harness.post(
      fixture('adaptive-card-action', harness.connector.url, {
        id: 'answer-from-personal',
        from: from(users.alun),
        conversation: personal(users.alun),
        replyToId: 'alun-card',
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'request-answer',
            data: {
              requestId: shared.requestId,
              answer: 'A four-day rota, published in October.',
              consentToShare: 'true',
            },
          },
          trigger: 'manual',
        },
      }),
    );
    await settleHeldWork();
    const updates = inGroup(['update']);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.activityId).toBe(shared.activityId);
    expect(JSON.stringify(cardsIn(updates[0]!)[0])).toContain('"value":"Answered"');
    expect(verbs(cardsIn(updates[0]!)[0])).toEqual([]);
  });
});
