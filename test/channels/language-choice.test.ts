import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionIds } from '../../src/channels/slack/index.ts';
import type { Database } from '../../src/store/index.ts';
import { buttonPress, startSlackHarness, users, type SlackHarness } from './slack/harness.ts';
import { createFakeCore } from './teams/fake-core.ts';
import { fixture, startTeamsHarness, type TeamsHarness } from './teams/harness.ts';
import { openTestPglite } from '../support/pglite-template.ts';

// Slack and Teams word their own text in the language the core chooses for a message: an English sentence that
// names a council ("Blaenau Gwent" looks Welsh to a letter count) stays English.
const question = 'who knows Blaenau Gwent flood data';

describe('the language of a message in Slack', () => {
  let harness: SlackHarness;
  beforeAll(async () => {
    harness = await startSlackHarness({ documents: false });
  }, 60_000);
  afterAll(async () => harness?.close());

  it('opens the "Ask a person" form in English for an English question naming a council, and in Welsh for a Welsh one', async () => {
    await harness.sendInteraction(
      buttonPress(harness, users.sian, actionIds.askAPerson, question, {
        channel: 'D0SIANMORG',
        messageTs: '1732392000.000100',
      }),
    );
    const [english] = await harness.slack.waitForCalls('views.open');
    expect(english!.args.view.title.text).toBe('Ask a person');

    harness.slack.reset();
    await harness.sendInteraction(
      buttonPress(harness, users.sian, actionIds.askAPerson, 'pwy sy’n gwybod am ddata llifogydd ym Mlaenau Gwent', {
        channel: 'D0SIANMORG',
        messageTs: '1732392000.000200',
      }),
    );
    const [welsh] = await harness.slack.waitForCalls('views.open');
    expect(welsh!.args.view.title.text).toBe('Gofyn i berson');
  });
});

describe('the language of a message in Teams', () => {
  let db: Database;
  let harness: TeamsHarness;
  beforeAll(async () => {
    db = await openTestPglite();
    harness = await startTeamsHarness(db, createFakeCore().core);
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
    await db?.close();
  });

  async function askForm(id: string, text: string): Promise<string> {
    const activity = fixture('compose-extension-fetch-task', harness.connector.url, { id });
    const value = activity.value as { messagePayload: { body: { content: string } } };
    value.messagePayload.body.content = `<p>${text}</p>`;
    const fetched = await harness.post(activity);
    expect(fetched.status).toBe(200);
    return (fetched.body as { task: { value: { title: string } } }).task.value.title;
  }

  it('titles the "Ask the other council" form in English for an English message naming a council, and in Welsh for a Welsh one', async () => {
    expect(await askForm('language-1', question)).toBe('Ask the other council');
    expect(await askForm('language-2', 'pwy sy’n gwybod am ddata llifogydd ym Mlaenau Gwent')).toBe(
      'Gofyn i’r cyngor arall',
    );
  });
});
