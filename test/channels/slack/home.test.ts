import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actionIds, inputIds } from '../../../src/channels/slack/index.ts';
import {
  buttonIds,
  buttonPress,
  command,
  eventPayload,
  shownText,
  startSlackHarness,
  users,
  viewSubmission,
  type SlackHarness,
} from './harness.ts';

let harness: SlackHarness;

beforeAll(async () => {
  harness = await startSlackHarness({ documents: false });
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

beforeEach(() => {
  harness.slack.reset();
});

function homeOpened(userId: string) {
  return eventPayload('app-home-opened', { user: userId, channel: `D${userId.slice(1)}` });
}

describe('App Home', () => {
  it('publishes my profile with an Edit button, my requests and the requests sent to me', async () => {
    const request = await harness.pont.sharing.open({
      text: 'How do you plan your waste collection rota?',
      fromEmail: users.sian.email,
      clientKey: 'home-test-rota',
    });
    harness.slack.reset();

    await harness.sendEvent(homeOpened(users.sian.id));
    const [published] = await harness.slack.waitForCalls('views.publish');
    expect(published!.args.user_id).toBe(users.sian.id);
    expect(published!.args.view.type).toBe('home');
    const text = shownText({ blocks: published!.args.view.blocks });
    expect(text).toContain('Siân Morgan');
    expect(text).toContain('Rota planning');
    expect(text).toContain('My requests');
    expect(text).toContain(`#${request.id}`);
    expect(buttonIds(published!.args.view.blocks)).toContain(actionIds.editProfile);

    // A person the request was sent to sees it under "Requests sent to me", with Claim.
    const recipient = Object.values(users).find((user) => request.routedTo.includes(user.email));
    expect(recipient).toBeDefined();
    harness.slack.reset();
    await harness.sendEvent(homeOpened(recipient!.id));
    const [theirs] = await harness.slack.waitForCalls('views.publish');
    const theirText = shownText({ blocks: theirs!.args.view.blocks });
    expect(theirText).toMatch(/Requests sent to me|Ceisiadau a anfonwyd ataf i/);
    expect(theirText).toContain(`#${request.id}`);
    expect(buttonIds(theirs!.args.view.blocks)).toContain(actionIds.claim);
  });

  it('lets a person claim a request from the Home tab, opens the answer form and refreshes the tab', async () => {
    const request = await harness.pont.sharing.open({
      text: 'How do you run the bulky waste collection service?',
      fromEmail: users.sian.email,
      clientKey: 'home-test-bulky',
    });
    expect(request.routedTo.length).toBeGreaterThan(0);
    // Whoever the request went to, give them a Slack account.
    const recipient = { id: 'U0ROUTED01', email: request.routedTo[0]!, name: 'Routed person', locale: 'en-GB' };
    harness.slack.addUser(recipient);
    harness.slack.reset();

    const press = buttonPress(harness, recipient, actionIds.claim, request.id);
    // Pressed on the Home tab: the payload names the view, not a message, and has no response_url.
    press.container = { type: 'view', view_id: 'V0HOMETAB01' };
    press.view = {
      id: 'V0HOMETAB01',
      type: 'home',
      team_id: 'T0FEDERATN',
      callback_id: '',
      private_metadata: '',
      blocks: [],
    };
    delete press.message;
    delete press.channel;
    delete press.response_url;
    expect((await harness.sendInteraction(press)).status).toBe(200);

    const [opened] = await harness.slack.waitForCalls('views.open');
    expect(opened!.args.view.callback_id).toBe('pont_answer_modal');
    const [published] = await harness.slack.waitForCalls('views.publish');
    expect(published!.args.user_id).toBe(recipient.id);
    expect(buttonIds(published!.args.view.blocks)).toContain(actionIds.answer);
    expect((await harness.pont.sharing.get(request.id)).claimedBy).toBe(recipient.email);
  });

  it('edits skills, Welsh level and visibility in a modal, and a hidden profile leaves skill lookups', async () => {
    await harness.sendInteraction(buttonPress(harness, users.sian, actionIds.editProfile, ''));
    const [opened] = await harness.slack.waitForCalls('views.open');
    const view = opened!.args.view;
    expect(view.callback_id).toBe('pont_profile_modal');
    const skills = view.blocks.find((block: { block_id?: string }) => block.block_id === inputIds.profileSkills.block);
    expect(skills.element.initial_value).toContain('Rota planning');

    const submission = viewSubmission(users.sian, view, {
      [inputIds.profileSkills.block]: {
        [inputIds.profileSkills.action]: { type: 'plain_text_input', value: 'Rota planning; Electric refuse vehicles' },
      },
      [inputIds.profileWelsh.block]: {
        [inputIds.profileWelsh.action]: { type: 'static_select', selected_option: { value: '3' } },
      },
      [inputIds.profileVisible.block]: {
        [inputIds.profileVisible.action]: { type: 'radio_buttons', selected_option: { value: 'hidden' } },
      },
    });
    expect((await harness.sendInteraction(submission)).status).toBe(200);
    const [republished] = await harness.slack.waitForCalls('views.publish');
    expect(shownText({ blocks: republished!.args.view.blocks })).toMatch(/no \(hidden\)/);

    const profile = await harness.pont.people.getOwnProfile(users.sian.email);
    expect(profile).toMatchObject({
      skills: ['Rota planning', 'Electric refuse vehicles'],
      welshLevel: 3,
      visible: false,
    });

    harness.slack.reset();
    await harness.sendCommand(command(harness, users.karen, '/skills', 'electric refuse vehicles'));
    const [lookup] = await harness.slack.waitForCalls('response_url');
    expect(shownText(lookup!.args)).not.toContain('Siân Morgan');
  });

  it('opens the profile editor for a very long list of skills, shows what fits its box and keeps the rest on save', async () => {
    const many = Array.from(
      { length: 46 },
      (_, index) =>
        `Skill ${String(index + 1).padStart(2, '0')}: collection round planning with crew scheduling and depot cover`,
    );
    expect(many.join('; ').length).toBeGreaterThan(3000);
    await harness.pont.people.updateProfile(
      users.ffion.email,
      { skills: many },
      { email: users.ffion.email, isAdmin: false, via: 'test' },
    );

    await harness.sendInteraction(buttonPress(harness, users.ffion, actionIds.editProfile, ''));
    const [opened] = await harness.slack.waitForCalls('views.open');
    // Slack refuses a text box whose initial value is longer than its max_length; this one opened.
    expect(opened!.args.view.callback_id).toBe('pont_profile_modal');
    const view = opened!.args.view;
    const box = view.blocks.find((block: { block_id?: string }) => block.block_id === inputIds.profileSkills.block);
    expect(box.element.initial_value.length).toBeLessThanOrEqual(box.element.max_length);
    const shown: string[] = box.element.initial_value.split('; ');
    expect(shown.length).toBeLessThan(many.length);
    expect(shown).toEqual(many.slice(0, shown.length));
    // Ffion's Slack locale is Welsh: the hint says, in Welsh, that the others are kept.
    expect(box.hint.text).toContain(`Nid oes lle i ${many.length - shown.length} sgil arall`);

    const edited = [...shown.slice(1), 'Electric refuse vehicles'].join('; ');
    const submission = viewSubmission(users.ffion, view, {
      [inputIds.profileSkills.block]: { [inputIds.profileSkills.action]: { type: 'plain_text_input', value: edited } },
      [inputIds.profileWelsh.block]: {
        [inputIds.profileWelsh.action]: { type: 'static_select', selected_option: { value: '5' } },
      },
      [inputIds.profileVisible.block]: {
        [inputIds.profileVisible.action]: { type: 'radio_buttons', selected_option: { value: 'visible' } },
      },
    });
    expect((await harness.sendInteraction(submission)).status).toBe(200);
    await harness.slack.waitForCalls('views.publish');
    const profile = await harness.pont.people.getOwnProfile(users.ffion.email);
    expect(profile!.skills).not.toContain(many[0]);
    expect(profile!.skills).toEqual(expect.arrayContaining([...many.slice(1), 'Electric refuse vehicles']));
    expect(profile!.skills).toHaveLength(many.length);
  });

  it('shows a profile change made by command on the Home tab at once', async () => {
    await harness.sendEvent(homeOpened(users.matthew.id));
    const [before] = await harness.slack.waitForCalls('views.publish');
    expect(shownText({ blocks: before!.args.view.blocks })).toMatch(/Visible in searches: yes/);
    await harness.sendCommand(command(harness, users.matthew, '/pont', 'profile hide'));
    await harness.slack.waitForCalls('response_url');
    harness.slack.reset();
    await harness.sendEvent(homeOpened(users.matthew.id));
    const [after] = await harness.slack.waitForCalls('views.publish');
    expect(shownText({ blocks: after!.args.view.blocks })).toMatch(/no \(hidden\)/);
  });

  it("tells someone who is not in the directory how to be added, and shows nobody's data", async () => {
    await harness.sendEvent(homeOpened(users.stranger.id));
    const [published] = await harness.slack.waitForCalls('views.publish');
    const text = shownText({ blocks: published!.args.view.blocks });
    expect(text).toMatch(/not in the staff directory/i);
    expect(text).not.toMatch(/@torfaen\.gov\.uk|@blaenau-gwent\.gov\.uk|#\d+/);
    expect(buttonIds(published!.args.view.blocks)).toHaveLength(0);
  });

  it('tells a Welsh-locale user in Welsh why a profile edit was refused, and changes nothing', async () => {
    await harness.sendInteraction(buttonPress(harness, users.ffion, actionIds.editProfile, ''));
    const [opened] = await harness.slack.waitForCalls('views.open');
    const submission = viewSubmission(users.ffion, opened!.args.view, {
      [inputIds.profileSkills.block]: {
        [inputIds.profileSkills.action]: { type: 'plain_text_input', value: `Cyfieithu; ${'x'.repeat(120)}` },
      },
      [inputIds.profileWelsh.block]: {
        [inputIds.profileWelsh.action]: { type: 'static_select', selected_option: { value: '5' } },
      },
      [inputIds.profileVisible.block]: {
        [inputIds.profileVisible.action]: { type: 'radio_buttons', selected_option: { value: 'visible' } },
      },
    });
    expect((await harness.sendInteraction(submission)).status).toBe(200);
    const [told] = await harness.slack.waitForCalls('chat.postMessage');
    expect(told!.args.channel).toBe(users.ffion.id);
    expect(told!.args.text).toBe('Ni allwn wneud hynny: mae un o’r sgiliau yn hirach na 100 nod');
    const profile = await harness.pont.people.getOwnProfile(users.ffion.email);
    expect(profile?.skills).not.toContain('x'.repeat(120));
  });

  it('tells an English-locale user the same refusal in English', async () => {
    await harness.sendInteraction(buttonPress(harness, users.matthew, actionIds.editProfile, ''));
    const [opened] = await harness.slack.waitForCalls('views.open');
    const submission = viewSubmission(users.matthew, opened!.args.view, {
      [inputIds.profileSkills.block]: {
        [inputIds.profileSkills.action]: { type: 'plain_text_input', value: 'x'.repeat(120) },
      },
    });
    expect((await harness.sendInteraction(submission)).status).toBe(200);
    const [told] = await harness.slack.waitForCalls('chat.postMessage');
    expect(told!.args.text).toBe('I could not do that: a skill is longer than 100 characters');
  });

  it('shows the Home tab in Welsh for a Welsh-locale user', async () => {
    await harness.sendEvent(homeOpened(users.ffion.id));
    const [published] = await harness.slack.waitForCalls('views.publish');
    expect(shownText({ blocks: published!.args.view.blocks })).toContain('Fy mhroffil');
  });
});
