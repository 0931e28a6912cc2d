import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { settleHeldWork } from '../../../src/channels/after-response.ts';
import type { Database } from '../../../src/store/index.ts';
import type { FakeCore } from './fake-core.ts';
import { fixture, type TeamsHarness } from './harness.ts';
import {
  fromPerson,
  personalChat,
  sayInPersonalChat,
  startTeamsWithPeople,
  teamsPeople,
  type TeamsPerson,
} from '../../support/teams-people.ts';
import { openTestPglite } from '../../support/pglite-template.ts';

let db: Database;
let fake: FakeCore;
let harness: TeamsHarness;

const users = teamsPeople;
type User = TeamsPerson;

const from = fromPerson;
const conversation = (user: User) => personalChat(user);

/** Says something in a 1:1 chat; resolves once what it caused for others (sent after the answer) has finished too. */
const say = (user: User, text: string, id: string) => sayInPersonalChat(harness, user, text, id);

/** Presses a card button; resolves once what it caused for others (sent after the answer) has finished too. */
async function press(user: User, verb: string, data: Record<string, unknown>, replyToId = 'card-activity') {
  return settledAfter(
    harness.post(
      fixture('adaptive-card-action', harness.connector.url, {
        id: `press-${Math.random()}`,
        from: from(user),
        conversation: conversation(user),
        replyToId,
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
    ),
  );
}

async function settledAfter<T>(answered: Promise<T>): Promise<T> {
  const response = await answered;
  await settleHeldWork();
  return response;
}

/** Messages the bot posted into a chat (the SDK posts proactive messages as replies to the continuation). */
const messagesTo = (chat: string) =>
  harness.connector.calls.filter(
    (call) => (call.kind === 'send' || call.kind === 'reply') && call.conversationId === chat,
  );
const cardsIn = (chat: string) =>
  messagesTo(chat).flatMap((call) =>
    (call.body.attachments as { content: Record<string, unknown> }[]).map((attachment) => attachment.content),
  );

const cardOf = (response: { body: unknown }) =>
  (response.body as { type: string; value: Record<string, unknown> }).value;
const verbs = (card: Record<string, unknown>) =>
  ((card.actions as { verb: string }[] | undefined) ?? []).map((action) => action.verb);

beforeAll(async () => {
  db = await openTestPglite();
  // Each of them has talked to Pont once, so Pont holds a reference to their 1:1 chat.
  ({ harness, fake } = await startTeamsWithPeople(db, Object.values(users)));
});

afterAll(async () => {
  await harness?.close();
  await db?.close();
});

beforeEach(() => harness.connector.reset());

describe('sharing requests in Teams', () => {
  it('sends each routed person a proactive 1:1 card with Claim and Not me', async () => {
    await say(users.rhian, 'share How do you run your waste rota over bank holidays?', 'share-1');
    // The routed people hear after Rhian's turn has been answered.
    await harness.connector.waitFor(
      () => messagesTo(users.alun.chat).length > 0 && messagesTo(users.gareth.chat).length > 0,
    );
    expect(messagesTo(users.alun.chat)).toHaveLength(1);
    expect(messagesTo(users.gareth.chat)).toHaveLength(1);
    const card = cardsIn(users.alun.chat)[0]!;
    expect(JSON.stringify(card)).toContain('A colleague in the other council is asking for your help.');
    expect(verbs(card)).toEqual(['request-claim', 'request-decline']);
    expect(card.refresh).toMatchObject({ action: { type: 'Action.Execute', verb: 'request-refresh' } });
    const outbox = await harness.teams.store.outbox({ requestId: '1' });
    expect(outbox.map((entry) => entry.status)).toEqual(['sent', 'sent']);
  });

  it('lets a routed person claim; their card turns into an answer form, the other card updates in place, the requester hears', async () => {
    const [garethCard] = await harness.teams.store
      .cardsFor('1')
      .then((cards) => cards.filter((card) => card.recipientEmail === users.gareth.email));
    const alunCard = (await harness.teams.store.cardsFor('1')).find(
      (card) => card.recipientEmail === users.alun.email,
    )!;
    const response = await press(users.alun, 'request-claim', { requestId: '1' }, alunCard.activityId);
    expect(response.status).toBe(200);
    const card = cardOf(response);
    expect(JSON.stringify(card)).toContain('You picked this up.');
    expect(verbs(card)).toEqual(['request-answer', 'request-decline']);
    expect(fake.requests.get('1')).toMatchObject({ status: 'claimed', claimedBy: users.alun.email });

    // The other card and the requester's news follow the answer to the invoke.
    await harness.connector.waitFor(
      (calls) =>
        calls.some((call) => call.kind === 'update' && call.activityId === garethCard!.activityId) &&
        cardsIn(users.rhian.chat).length > 0,
    );
    const pressed = harness.connector.calls.filter(
      (call) => call.kind === 'update' && call.activityId === alunCard.activityId,
    );
    expect(pressed).toHaveLength(1);
    const updates = harness.connector.calls.filter(
      (call) => call.kind === 'update' && call.activityId !== alunCard.activityId,
    );
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ conversationId: users.gareth.chat, activityId: garethCard!.activityId });
    expect(
      verbs(
        updates[0]!.body.attachments
          ? (updates[0]!.body.attachments as { content: Record<string, unknown> }[])[0]!.content
          : {},
      ),
    ).toEqual([]);

    const toRequester = cardsIn(users.rhian.chat);
    expect(toRequester).toHaveLength(1);
    expect(JSON.stringify(toRequester[0])).toContain('someone has picked up your request');
  });

  it('refuses a claim on a request that is already picked up, and changes nothing', async () => {
    const response = await press(users.gareth, 'request-claim', { requestId: '1' });
    const text = JSON.stringify(cardOf(response));
    expect(text).toContain('That has already changed');
    expect(text).toContain('already picked this up');
    expect(fake.requests.get('1')).toMatchObject({ status: 'claimed', claimedBy: users.alun.email });
    expect(harness.connector.calls.filter((call) => call.kind === 'update')).toEqual([]);
  });

  it('answers a stale or foreign request id with a clear card and no change', async () => {
    const unknown = await press(users.alun, 'request-claim', { requestId: '999' });
    expect(JSON.stringify(cardOf(unknown))).toContain('This card is out of date');
    const foreign = await press(users.rhian, 'request-decline', { requestId: '1' });
    expect(JSON.stringify(cardOf(foreign))).toContain('This card is out of date');
    expect(fake.requests.get('1')).toMatchObject({
      status: 'claimed',
      claimedBy: users.alun.email,
      routedTo: [users.gareth.email, users.alun.email],
    });
    const oldVerb = await press(users.alun, 'request-escalate', { requestId: '1' });
    expect(JSON.stringify(cardOf(oldVerb))).toContain('This card is out of date');
    const malformed = await harness.post(
      fixture('adaptive-card-action', harness.connector.url, { id: 'malformed-action', value: { trigger: 'manual' } }),
    );
    expect(malformed.status).toBe(400);
    // The notice goes to the person who pressed only: no card is replaced and nobody is messaged.
    expect(harness.connector.calls).toEqual([]);
  });

  it('sends the answer to the requester, who can mark it helpful', async () => {
    const answered = await press(users.alun, 'request-answer', {
      requestId: '1',
      answer: 'We run a four-day rota and publish it in October.',
      consentToShare: 'true',
    });
    expect(JSON.stringify(cardOf(answered))).toContain('your answer has gone to the requester');
    await harness.connector.waitFor(() => cardsIn(users.rhian.chat).length > 0);
    const toRequester = cardsIn(users.rhian.chat).at(-1)!;
    expect(JSON.stringify(toRequester)).toContain('We run a four-day rota');
    expect(verbs(toRequester)).toEqual(['request-helpful', 'request-helpful', 'request-close']);
    const helpful = await press(users.rhian, 'request-helpful', { requestId: '1', helpful: true });
    expect(JSON.stringify(cardOf(helpful))).toContain('Pont has recorded that');
    expect(fake.requests.get('1')?.helpful).toBe(true);
  });

  it('shows the current state when Teams refreshes a card', async () => {
    const response = await press(users.gareth, 'request-refresh', { requestId: '1' });
    const text = JSON.stringify(cardOf(response));
    expect(text).toContain('"value":"Answered"');
    expect(verbs(cardOf(response))).toEqual([]);
  });
});

describe('proactive delivery faults', () => {
  it('retries a message the connector refused with backoff, records the failure and delivers it later', async () => {
    // Four refusals per message: the connector client's own quick retries give up, then the outbox takes over.
    harness.connector.failNext(8, 429, 0, [users.alun.chat, users.gareth.chat]);
    await say(users.rhian, 'share Who has a template for a Section 113 agreement?', 'share-2');
    const pending = await harness.teams.store.outbox({ requestId: '2' });
    expect(pending.map((entry) => entry.status)).toEqual(['pending', 'pending']);
    for (const entry of pending) {
      expect(entry.attempts).toBe(1);
      expect(entry.lastError).toContain('429');
      expect(entry.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 10_000);
    }
    // Not due yet: nothing is sent.
    expect(await harness.teams.deliverDue(new Date())).toBe(0);
    harness.connector.reset();
    expect(await harness.teams.deliverDue(new Date(Date.now() + 60 * 60_000))).toBe(2);
    const delivered = await harness.teams.store.outbox({ requestId: '2' });
    expect(delivered.map((entry) => [entry.status, entry.attempts])).toEqual([
      ['sent', 2],
      ['sent', 2],
    ]);
    expect([...messagesTo(users.alun.chat), ...messagesTo(users.gareth.chat)]).toHaveLength(2);
  });

  it('retries after a server error from the connector, and records a refusal that retrying cannot fix', async () => {
    harness.connector.failNext(4, 503, 0, [users.alun.chat, users.gareth.chat]);
    await say(users.rhian, 'share How do you staff the household recycling centre at weekends?', 'share-503');
    const [first] = [...fake.requests.values()].filter((entry) => entry.detail.includes('recycling centre'));
    let entries = await harness.teams.store.outbox({ requestId: first!.id });
    expect(entries.map((entry) => entry.status).sort()).toEqual(['pending', 'sent']);
    expect(entries.find((entry) => entry.status === 'pending')!.lastError).toContain('503');

    harness.connector.failNext(100, 403);
    expect(await harness.teams.deliverDue(new Date(Date.now() + 60 * 60_000))).toBe(1);
    entries = await harness.teams.store.outbox({ requestId: first!.id });
    const refused = entries.find((entry) => entry.status !== 'sent')!;
    expect(refused).toMatchObject({ status: 'failed', attempts: 2 });
    expect(refused.lastError).toContain('403');
    harness.connector.reset();
  });

  it('reaches a person the directory already links to their Teams id, even when Teams gives no email', async () => {
    const owen = {
      id: '29:owen',
      name: 'Owen Davies',
      aadObjectId: 'aad-owen',
      email: 'owen.davies@blaenau-gwent.gov.uk',
      chat: 'a:owen-chat',
    };
    fake.people.push({
      email: owen.email,
      name: owen.name,
      council: 'blaenau-gwent',
      jobTitle: 'Fleet Manager',
      serviceArea: 'Waste',
      skills: ['waste rota'],
      welshLevel: 1,
      team: null,
      managerEmail: null,
      slackUserId: null,
      teamsUserId: owen.aadObjectId,
      visible: true,
      services: [],
      level: 'manager',
    });
    await say(owen, 'hello', 'owen-1');
    await say(users.rhian, 'share Who plans cover for the refuse fleet?', 'share-owen');
    const [request] = [...fake.requests.values()].filter(
      (entry) => entry.detail === 'Who plans cover for the refuse fleet?',
    );
    expect(request!.routedTo).toContain(owen.email);
    expect(cardsIn(owen.chat).filter((card) => verbs(card).includes('request-claim'))).toHaveLength(1);
    expect(fake.people.find((entry) => entry.email === owen.email)!.teamsUserId).toBe(owen.aadObjectId);
  });

  it('opens a 1:1 chat with a routed person Pont has only seen in a channel', async () => {
    const bethan = {
      id: '29:bethan',
      name: 'Bethan Hughes',
      aadObjectId: 'aad-bethan',
      email: 'bethan.hughes@blaenau-gwent.gov.uk',
      chat: '19:team-channel@thread.skype',
    };
    fake.people.push({
      email: bethan.email,
      name: bethan.name,
      council: 'blaenau-gwent',
      jobTitle: 'Waste Officer',
      serviceArea: 'Waste',
      skills: ['waste rota'],
      welshLevel: 3,
      team: null,
      managerEmail: null,
      slackUserId: null,
      teamsUserId: null,
      visible: true,
      services: [],
      level: 'officer',
    });
    harness.connector.addMember(bethan);
    await harness.post(fixture('channel-mention', harness.connector.url, { id: 'bethan-1', from: from(bethan) }));
    harness.connector.reset();
    await say(users.rhian, 'share Who can show us how the bulky waste rota works?', 'share-bethan');
    const created = harness.connector.calls.filter((call) => call.kind === 'create-conversation');
    expect(created).toHaveLength(1);
    expect(created[0]!.body).toMatchObject({
      isGroup: false,
      members: [{ id: bethan.id }],
      tenantId: '3c1f7a52-9e0b-4d7a-a1c4-5b2e8f0d9a61',
    });
    const newChat = created[0]!.conversationId;
    expect(cardsIn(newChat).filter((card) => verbs(card).includes('request-claim'))).toHaveLength(1);
    expect((await harness.teams.store.findByEmail(bethan.email))?.personalReference?.conversation?.id).toBe(newChat);
  });

  it('keeps a message for someone Pont cannot reach yet, and delivers it once they open a chat', async () => {
    const newcomer = {
      id: '29:nia',
      name: 'Nia Evans',
      aadObjectId: 'aad-nia',
      email: 'nia.evans@blaenau-gwent.gov.uk',
      chat: 'a:nia-chat',
    };
    fake.people.push({
      email: newcomer.email,
      name: 'Nia Evans',
      council: 'blaenau-gwent',
      jobTitle: 'Waste Officer',
      serviceArea: 'Waste',
      skills: ['waste rota'],
      welshLevel: 5,
      team: null,
      managerEmail: null,
      slackUserId: null,
      teamsUserId: null,
      visible: true,
      services: [],
      level: 'officer',
    });
    await say(users.rhian, 'share How do you plan the Christmas collections?', 'share-3');
    const kept = await harness.teams.store.outbox({ recipientEmail: newcomer.email });
    expect(kept.map((entry) => entry.status)).toEqual(['unreachable']);

    harness.connector.addMember(newcomer);
    await say(newcomer, 'helo', 'nia-1');
    harness.connector.reset();
    expect(await harness.teams.deliverDue()).toBe(1);
    expect(cardsIn(newcomer.chat)).toHaveLength(1);
    expect(JSON.stringify(cardsIn(newcomer.chat)[0])).toContain('How do you plan the Christmas collections?');
    expect((await harness.teams.store.outbox({ recipientEmail: newcomer.email })).map((entry) => entry.status)).toEqual(
      ['sent'],
    );
  });
});
