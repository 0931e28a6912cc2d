import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/store/index.ts';
import { createFakeCore, type FakeCore } from './fake-core.ts';
import { teamsLimits } from '../../support/fake-connector.ts';
import { fixture, startTeamsHarness, type TeamsHarness } from './harness.ts';
import { openTestPglite } from '../../support/pglite-template.ts';

let db: Database;
let fake: FakeCore;
let harness: TeamsHarness;

const rhian = {
  id: '29:1kbOecyrymSn1FtrbJlQNF_BvhIpb7CLGbmjaTldT8A8tXXphjq4BcA2KfWGwoI-ahbEJ_Og1syGOt68MsLId1Q',
  name: 'Rhian Morgan',
  aadObjectId: '6d415fdd-f97e-4f70-ac45-e69601e4ecb2',
  email: 'rhian.morgan@torfaen.gov.uk',
};

beforeAll(async () => {
  db = await openTestPglite();
  fake = createFakeCore();
  harness = await startTeamsHarness(db, fake.core);
  harness.connector.addMember(rhian);
});

afterAll(async () => {
  await harness?.close();
  await db?.close();
});

beforeEach(() => harness.connector.reset());

const bodyText = (card: Record<string, unknown>) => JSON.stringify(card);

describe('Teams conversation on /api/messages', () => {
  it('answers a personal chat message with a card holding the answer, its sources, feedback and "Ask a person"', async () => {
    const response = await harness.post(fixture('personal-message', harness.connector.url));
    expect(response.status).toBe(200);
    const [reply] = harness.connector.sent();
    expect(reply?.kind).toBe('reply');
    expect(reply?.activityId).toBeDefined();
    const card = harness.connector.cards()[0]!;
    expect(card.type).toBe('AdaptiveCard');
    const text = bodyText(card);
    expect(text).toContain('The review recommended a permanent Joint Chief Executive.');
    expect(text).toContain(
      '[Joint release, 23 January 2025](https://blaenau-gwent.gov.uk/en/news/joint-chief-executive)',
    );
    const actions = card.actions as { title: string; verb: string; data: Record<string, unknown> }[];
    expect(actions.map((action) => action.verb)).toEqual(['answer-feedback', 'answer-feedback', 'ask-person']);
    expect(actions[2]!.title).toBe('Ask a person');
    expect(actions[2]!.data).toEqual({ question: 'What did the review of the joint chief executive recommend?' });
  });

  it('streams a model-written answer in a personal chat, ending with the answer card', async () => {
    await harness.post(fixture('personal-message', harness.connector.url, { text: 'stream please', id: 'stream-1' }));
    const sent = harness.connector
      .sent()
      .map(
        (call) =>
          call.body as { type: string; text?: string; channelData?: { streamType?: string }; attachments?: unknown[] },
      );
    expect(sent[0]).toMatchObject({ type: 'typing', channelData: { streamType: 'streaming' } });
    const final = sent.at(-1)!;
    expect(final).toMatchObject({
      type: 'message',
      text: 'The review recommended a permanent Joint Chief Executive.',
      channelData: { streamType: 'final' },
    });
    expect(JSON.stringify(final.attachments)).toContain('ask-person');
  });

  it('tells the core who is asking: the directory person found through the Teams roster', async () => {
    await harness.post(fixture('personal-message', harness.connector.url, { id: 'message-identity' }));
    const incoming = fake.received.at(-1)!;
    expect(incoming).toMatchObject({
      channel: 'teams',
      channelUserId: rhian.aadObjectId,
      email: rhian.email,
      clientKey: 'teams:message-identity',
      locale: 'en-GB',
    });
    expect(incoming.person?.name).toBe('Rhian Morgan');
  });

  it('strips the @mention from a channel message before the core sees it', async () => {
    const response = await harness.post(fixture('channel-mention', harness.connector.url));
    expect(response.status).toBe(200);
    expect(fake.received.at(-1)!.text).toBe('who knows GIS?');
    const text = bodyText(harness.connector.cards()[0]!);
    expect(text).toContain('Gareth Price');
    expect(text).toContain('Alun Jones');
    expect(text).not.toContain('Hidden Person');
  });

  it('replies in Welsh to a user whose Teams locale is cy-GB, and labels the card in Welsh', async () => {
    await harness.post(
      fixture('personal-message', harness.connector.url, {
        text: 'Beth wnaeth yr adolygiad ei argymell?',
        locale: 'cy-GB',
        id: 'welsh-1',
      }),
    );
    expect(fake.received.at(-1)!.locale).toBe('cy-GB');
    const card = harness.connector.cards()[0]!;
    const text = bodyText(card);
    expect(text).toContain('Argymhellodd yr adolygiad');
    expect(text).toContain('Ffynonellau');
    expect((card.actions as { title: string }[]).map((action) => action.title)).toContain('Gofyn i berson');
  });

  it('tells a user the directory does not know how to get added, and still answers', async () => {
    const stranger = { id: '29:stranger', name: 'Sam Stranger', aadObjectId: '00000000-0000-0000-0000-000000000001' };
    await harness.post(fixture('personal-message', harness.connector.url, { from: stranger, id: 'stranger-1' }));
    const text = bodyText(harness.connector.cards()[0]!);
    expect(text).toContain('The review recommended');
    expect(text).toContain('You are not in the staff directory yet');
    expect(fake.received.at(-1)!.person).toBeNull();
  });

  it('says hello when the app is installed in a personal chat, in the locale Teams gives', async () => {
    const response = await harness.post(fixture('conversation-update-installed', harness.connector.url));
    expect(response.status).toBe(200);
    expect(bodyText(harness.connector.cards()[0]!)).toContain('Helo, Pont ydw i.');
  });

  it('records 👍 on an answer with the assistant and leaves the card as it was', async () => {
    const response = await harness.post(
      fixture('adaptive-card-action', harness.connector.url, {
        id: 'feedback-1',
        value: {
          action: { type: 'Action.Execute', verb: 'answer-feedback', data: { answerId: 'answer-1', helpful: true } },
          trigger: 'manual',
        },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Thank you: your feedback was recorded.',
    });
    expect(fake.feedback.at(-1)).toMatchObject({ answerId: 'answer-1', helpful: true, who: rhian.email });
  });

  it('opens a sharing request from "Ask a person": a prefilled form, then the request card', async () => {
    const asked = await harness.post(
      fixture('adaptive-card-action', harness.connector.url, {
        id: 'ask-1',
        value: {
          action: { type: 'Action.Execute', verb: 'ask-person', data: { question: 'How do you run the waste rota?' } },
          trigger: 'manual',
        },
      }),
    );
    expect(asked.status).toBe(200);
    const form = harness.connector.cards()[0]!;
    expect(bodyText(form)).toContain('How do you run the waste rota?');
    const sent = await harness.post(
      fixture('adaptive-card-action', harness.connector.url, {
        id: 'send-1',
        value: {
          action: { type: 'Action.Execute', verb: 'share-send', data: { request: 'How do you run the waste rota?' } },
          trigger: 'manual',
        },
      }),
    );
    const body = sent.body as { type: string; value: Record<string, unknown> };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(bodyText(body.value)).toContain(
      'Your request is open and has gone to gareth.price@blaenau-gwent.gov.uk, alun.jones@blaenau-gwent.gov.uk.',
    );
    const opened = [...fake.requests.values()].at(-1)!;
    expect(opened).toMatchObject({ requesterEmail: rhian.email, detail: 'How do you run the waste rota?' });
  });
});

describe('Teams command replies', () => {
  it('shows a multi-line reply (help) one line a block, so Teams keeps the line breaks', async () => {
    fake.nextText = 'I am Pont. You can:\n• skills SKILL\n• help';
    await harness.post(fixture('personal-message', harness.connector.url, { text: 'help', id: 'help-1' }));
    const card = harness.connector.cards()[0]!;
    expect((card.body as { text: string }[]).map((block) => block.text)).toEqual([
      'I am Pont. You can:',
      '• skills SKILL',
      '• help',
    ]);
  });
});

describe('Teams message size', () => {
  it('shortens a reply too long for one Teams message at a word, so it arrives instead of being refused', async () => {
    const long = Array.from({ length: 9000 }, (_, index) => `Mae'r gŵr ${index} yn gweithio ar y rota.`).join(' ');
    expect(Buffer.byteLength(long)).toBeGreaterThan(teamsLimits.activityBytes);
    fake.nextText = `${long}\nThe end.`;
    const response = await harness.post(
      fixture('personal-message', harness.connector.url, { text: 'help', id: 'help-long' }),
    );
    expect(response.status).toBe(200);
    // The connector takes at most about 100 KB an activity (413 beyond): the reply got through.
    const [sent] = harness.connector.sent();
    expect(sent).toBeDefined();
    expect(Buffer.byteLength(JSON.stringify(sent!.body))).toBeLessThanOrEqual(teamsLimits.activityBytes);
    const [first, last] = (harness.connector.cards()[0]!.body as { text: string }[]).map((block) => block.text);
    expect(first!.length).toBeLessThan(long.length);
    expect(first!.endsWith('…')).toBe(true);
    expect(long.startsWith(first!.slice(0, -1))).toBe(true);
    expect(first!.slice(0, -1)).toMatch(/\S$/);
    expect(last).toBe('The end.');
  });
});

describe('Teams faults on /api/messages', () => {
  it('tells the user briefly, in their language, when the core fails, and keeps serving', async () => {
    const response = await harness.post(
      fixture('personal-message', harness.connector.url, { text: 'break please', locale: 'cy-GB', id: 'broken-1' }),
    );
    expect(response.status).toBe(200);
    const text = bodyText(harness.connector.cards()[0]!);
    expect(text).toContain('aeth rhywbeth o');
    expect(text).not.toContain('fell over');
    const failedAction = await harness.post(
      fixture('adaptive-card-action', harness.connector.url, {
        id: 'broken-2',
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'answer-feedback',
            data: { answerId: 'answer-broken', helpful: false },
          },
          trigger: 'manual',
        },
      }),
    );
    expect(failedAction.status).toBe(200);
    expect(failedAction.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(JSON.stringify(failedAction.body)).toContain('something went wrong');
  });

  it('refuses a body that is not an activity with 400 and keeps serving', async () => {
    const malformed = await harness.post({ type: 'message', text: 'no conversation, no sender' });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toContain('Not a Bot Framework activity');
    const notJson = await harness.post('{"type": "message",');
    expect(notJson.status).toBe(400);
    expect(notJson.body).toEqual({ error: 'The body is not valid JSON' });
    const empty = await harness.post('');
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('Not a Bot Framework activity');
    const withMark = await harness.post(
      `\uFEFF${JSON.stringify(fixture('personal-message', harness.connector.url, { id: 'byte-order-mark' }))}`,
    );
    expect(withMark.status).toBe(200);
    const notDeclaredJson = await harness.post('{"type": "message"}', { 'content-type': 'text/plain' });
    expect(notDeclaredJson.status).toBe(400);
    expect(JSON.stringify(notDeclaredJson.body)).toContain('Not a Bot Framework activity');
    const oversized = fixture('personal-message', harness.connector.url, {
      id: 'too-large',
      channelData: { padding: 'x'.repeat(1024 * 1024) },
    });
    const tooLarge = await harness.post(oversized);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toEqual({ error: 'The body is too large' });
    const compressed = await harness.post(fixture('personal-message', harness.connector.url, { id: 'zipped' }), {
      'content-encoding': 'gzip',
    });
    expect(compressed.status).toBe(415);
    const after = await harness.post(fixture('personal-message', harness.connector.url, { id: 'after-bad' }));
    expect(after.status).toBe(200);
  });
});
