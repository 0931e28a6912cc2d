import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { settleHeldWork } from '../../../src/channels/after-response.ts';
import { inputIds } from '../../../src/channels/slack/index.ts';
import { monmouthshireStaffCsv, writeThreeCouncilsFile } from '../../support/three-councils.ts';
import { command, shownText, startSlackHarness, users, viewSubmission, type SlackHarness } from './harness.ts';

// With three councils in the councils file, the Slack share form offers each of them by name, and the request goes
// to exactly the councils ticked: one, several or all of the others.
let harness: SlackHarness;
let councils: ReturnType<typeof writeThreeCouncilsFile>;

interface Option {
  text: { text: string };
  value: string;
}

beforeAll(async () => {
  councils = writeThreeCouncilsFile();
  harness = await startSlackHarness({ documents: false, environment: councils.environment });
  await harness.pont.people.importCsv(monmouthshireStaffCsv, { email: null, isAdmin: true, via: 'test' });
}, 120_000);

afterAll(async () => {
  await harness?.close();
  councils?.remove();
});

beforeEach(() => {
  harness.slack.reset();
});

/** Opens the share form with /share as `user`; the view Slack was asked to show. */
async function openShareForm(user: (typeof users)[keyof typeof users]) {
  await harness.sendCommand(command(harness, user, '/share', ''));
  const [opened] = await harness.slack.waitForCalls('views.open');
  return opened!.args.view;
}

function targetElement(view: { blocks: { block_id?: string; element?: unknown }[] }) {
  return view.blocks.find((block) => block.block_id === inputIds.shareTarget.block)!.element as {
    type: string;
    options: Option[];
    initial_options?: Option[];
  };
}

/** Submits the form with `text` and the councils `ticked`; Slack's HTTP response to the submission. */
async function submit(user: (typeof users)[keyof typeof users], view: unknown, text: string, ticked: string[]) {
  const element = targetElement(view as never);
  const submission = viewSubmission(user, view, {
    [inputIds.shareText.block]: { [inputIds.shareText.action]: { type: 'plain_text_input', value: text } },
    [inputIds.shareTarget.block]: {
      [inputIds.shareTarget.action]: {
        type: 'checkboxes',
        selected_options: element.options.filter((option) => ticked.includes(option.value)),
      },
    },
  });
  return harness.sendInteraction(submission);
}

/** Waits for the request `text` to be opened and its copy posted to the requester; the request. */
async function openedRequest(text: string, requester: string) {
  await harness.slack.waitFor((calls) =>
    calls.some(
      (call) =>
        call.method === 'chat.postMessage' &&
        call.args.channel === requester &&
        /Sharing request #|Cais rhannu #/.test(shownText(call.args)),
    ),
  );
  await harness.pont.inbox.drained();
  await settleHeldWork();
  const request = (await harness.pont.sharing.list({ involving: users.sian.email })).find(
    (each) => each.detail === text,
  );
  expect(request).toBeDefined();
  return request!;
}

describe('the Slack share form with three councils', { timeout: 120_000 }, () => {
  it('offers every other council by name, all ticked, and the requester’s own council unticked', async () => {
    const view = await openShareForm(users.sian);
    const element = targetElement(view);
    expect(element.type).toBe('checkboxes');
    expect(element.options.map((option) => [option.value, option.text.text])).toEqual([
      ['blaenau-gwent', 'Blaenau Gwent'],
      ['monmouthshire', 'Monmouthshire'],
      ['torfaen', 'Torfaen (your own council)'],
    ]);
    expect(element.initial_options?.map((option) => option.value)).toEqual(['blaenau-gwent', 'monmouthshire']);
    expect(
      view.blocks.find((block: { block_id?: string }) => block.block_id === inputIds.shareText.block).label.text,
    ).toBe('What would you like to ask the other councils?');
  });

  it('sends the request to the one council ticked', async () => {
    const text = 'How do you plan refuse collection rounds after a bank holiday?';
    const view = await openShareForm(users.sian);
    expect((await submit(users.sian, view, text, ['monmouthshire'])).status).toBe(200);
    const request = await openedRequest(text, users.sian.id);
    expect(request.targetCouncils).toEqual(['monmouthshire']);
    expect(request.routedTo.length).toBeGreaterThan(0);
    expect(request.routedTo.every((email) => email.endsWith('@monmouthshire.gov.uk'))).toBe(true);
    const copy = harness.slack.calls.find(
      (call) =>
        call.method === 'chat.postMessage' &&
        call.args.channel === users.sian.id &&
        /Sharing request #/.test(shownText(call.args)),
    )!;
    expect(shownText(copy.args)).toContain('in Monmouthshire');
    expect(shownText(copy.args)).not.toContain('Blaenau Gwent');
  });

  it('sends the request to several councils ticked', async () => {
    const text = 'How do you plan your waste collection rota over Christmas?';
    const view = await openShareForm(users.sian);
    await submit(users.sian, view, text, ['blaenau-gwent', 'monmouthshire']);
    const request = await openedRequest(text, users.sian.id);
    expect([...request.targetCouncils].sort()).toEqual(['blaenau-gwent', 'monmouthshire']);
    const councilsReached = new Set(request.routedTo.map((email) => email.split('@')[1]));
    expect(councilsReached).toEqual(new Set(['blaenau-gwent.gov.uk', 'monmouthshire.gov.uk']));
  });

  it('keeps the form open with a message when no council is ticked', async () => {
    const before = (await harness.pont.sharing.list()).length;
    const view = await openShareForm(users.sian);
    const response = await submit(users.sian, view, 'How do you plan collection rounds?', []);
    expect(response.status).toBe(200);
    const body = JSON.parse(response.text);
    expect(body.response_action).toBe('errors');
    expect(body.errors[inputIds.shareTarget.block]).toBe('Choose at least one council to send your request to.');
    expect((await harness.pont.sharing.list()).length).toBe(before);
  });

  it('names the councils in Welsh for a Welsh-speaking requester', async () => {
    const view = await openShareForm(users.ffion);
    const element = targetElement(view);
    expect(element.options.map((option) => option.text.text)).toEqual([
      'Blaenau Gwent',
      'Sir Fynwy',
      'Torfaen (eich cyngor chi)',
    ]);
    const response = await submit(users.ffion, view, 'Sut ydych chi’n cynllunio casgliadau sbwriel?', []);
    expect(JSON.parse(response.text).errors[inputIds.shareTarget.block]).toBe(
      'Dewiswch o leiaf un cyngor i anfon eich cais ato.',
    );
  });
});
