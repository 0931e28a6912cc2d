import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../../src/app.ts';
import type { Incoming, Reply } from '../../../src/core/assistant/types.ts';
import { createTestPont } from '../../support/test-pont.ts';

// What people asking Pont see of a kept answer once someone it names hides or erases their profile.
let pont: Pont;
beforeAll(async () => {
  pont = await createTestPont();
});
afterAll(async () => pont?.close());

const requester = 'matthew.jones@blaenau-gwent.gov.uk';
const asPerson = (email: string) => ({ email, isAdmin: false, via: 'web' });

function from(email: string | null, text: string): Incoming {
  return { channel: 'web', channelUserId: email, person: null, email, isAdmin: false, text };
}

function answerOf(reply: Reply) {
  if (reply.kind !== 'answer') throw new Error(`expected an answer, got ${reply.kind}: ${JSON.stringify(reply)}`);
  return reply.answer;
}

/** Opens a request, has the first person it went to answer it with consent, and keeps the answer as knowledge. */
async function keptAnswer(text: string, answer: string) {
  const request = await pont.sharing.open({ text, fromEmail: requester });
  const helper = request.routedTo[0]!;
  await pont.sharing.claim(request.id, asPerson(helper));
  await pont.sharing.answer(request.id, answer, asPerson(helper), { consentToShare: true });
  const kept = await pont.sharing.markHelpful(request.id, true, asPerson(requester));
  expect(kept.sharedAs).toBe(`pont:request/${request.id}`);
  const person = (await pont.people.getPerson(helper))!;
  return { id: request.id, helper, helperName: person.name };
}

describe('shared practice on the real stack', () => {
  it('stops quoting the name of someone who hides their profile from chat, and names them again when they show it', async () => {
    const { id, helper, helperName } = await keptAnswer(
      'How do you plan gritting routes for snow?',
      'Our gritting routes are planned each October with the highways crews.',
    );
    const question = 'Who answered about planning gritting routes for snow?';
    const before = answerOf(await pont.assistant.handle(from(null, question)));
    expect(before.answer).toContain(`answered by ${helperName}, `);

    const hidden = await pont.assistant.handle(from(helper, 'profile hide'));
    expect(hidden).toMatchObject({ kind: 'profile', person: { visible: false } });
    const after = answerOf(await pont.assistant.handle(from(null, question)));
    expect(after.answered).toBe(true);
    expect(after.citations.map((citation) => citation.source)).toContain(`pont:request/${id}`);
    expect(JSON.stringify(after)).not.toContain(helperName);
    expect(JSON.stringify(after)).not.toContain(helper);
    expect(after.answer).toContain('answered by a member of staff in Torfaen');

    await pont.assistant.handle(from(helper, 'profile show'));
    expect(JSON.stringify(answerOf(await pont.assistant.handle(from(null, question))))).toContain(helperName);
  });

  it('stops quoting the name of someone who erases their profile', async () => {
    const { id, helper, helperName } = await keptAnswer(
      'How do you run your bulky waste collections?',
      'Residents book bulky waste collections online and crews collect on Tuesdays.',
    );
    const question = 'Who answered about bulky waste collections?';
    expect(answerOf(await pont.assistant.handle(from(null, question))).answer).toContain(`answered by ${helperName}, `);

    await pont.people.eraseProfile(helper, asPerson(helper));
    const after = answerOf(await pont.assistant.handle(from(null, question)));
    expect(after.citations.map((citation) => citation.source)).toContain(`pont:request/${id}`);
    expect(after.answer).toContain('answered by a member of staff');
    expect(JSON.stringify(after)).not.toContain(helperName);
    expect(JSON.stringify(after)).not.toContain(helper);
  });
});
