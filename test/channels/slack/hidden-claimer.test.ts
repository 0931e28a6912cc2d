import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionIds } from '../../../src/channels/slack/index.ts';
import { buttonPress, startSlackHarness, users, type SlackHarness } from './harness.ts';

let harness: SlackHarness;

beforeAll(async () => {
  harness = await startSlackHarness({ documents: false });
}, 120_000);

afterAll(async () => harness?.close());

describe('a claimer who hides their profile', () => {
  it('can still open the answer form for the request they picked up', async () => {
    const request = await harness.pont.sharing.open({
      text: 'How do you plan your waste collection rota?',
      fromEmail: users.sian.email,
    });
    const claimer = Object.values(users).find((user) => request.routedTo.includes(user.email));
    if (!claimer) throw new Error(`none of the Slack test users was routed: ${request.routedTo.join(', ')}`);
    const actor = { email: claimer.email, isAdmin: false, via: 'slack' };
    await harness.pont.sharing.claim(request.id, actor);
    await harness.pont.people.updateProfile(claimer.email, { visible: false }, actor);
    harness.slack.reset();

    const response = await harness.sendInteraction(buttonPress(harness, claimer, actionIds.answer, request.id));
    expect(response.status).toBe(200);
    const [opened] = await harness.slack.waitForCalls('views.open');
    expect(JSON.stringify(opened!.args.view)).toContain('pont_answer_modal');
  });
});
