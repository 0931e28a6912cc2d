import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../../src/app.ts';
import type { Incoming } from '../../../src/core/assistant/types.ts';
import { createTestPont } from '../../support/test-pont.ts';

let pont: Pont;

beforeAll(async () => {
  pont = await createTestPont({ documents: false });
}, 120_000);

afterAll(async () => pont?.close());

async function say(email: string, text: string) {
  const person = await pont.people.getOwnProfile(email);
  const incoming: Incoming = { channel: 'web', channelUserId: email, person, email, isAdmin: false, text };
  return pont.assistant.handle(incoming);
}

describe('my requests after hiding my profile', () => {
  it('still shows a hidden person the requests routed to them, and hides them from the requester', async () => {
    const request = await pont.sharing.open({
      text: 'How do you plan your waste collection rota?',
      fromEmail: 'sian.morgan@torfaen.gov.uk',
    });
    const routed = request.routedTo[0]!;
    expect(routed).toBeDefined();
    await pont.people.updateProfile(routed, { visible: false }, { email: routed, isAdmin: false, via: 'web' });

    const mine = await say(routed, 'my requests');
    if (mine.kind !== 'requests') throw new Error(`expected requests, got ${mine.kind}`);
    const seen = mine.requests.find((candidate) => candidate.id === request.id);
    expect(seen?.routedTo).toContain(routed);

    const theirs = await say('sian.morgan@torfaen.gov.uk', 'my requests');
    if (theirs.kind !== 'requests') throw new Error(`expected requests, got ${theirs.kind}`);
    expect(theirs.requests.find((candidate) => candidate.id === request.id)?.routedTo).not.toContain(routed);
  });
});
