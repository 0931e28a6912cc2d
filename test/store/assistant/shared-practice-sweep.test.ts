import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../../src/app.ts';
import type { Incoming, Reply } from '../../../src/core/assistant/types.ts';
import { createTestPont } from '../../support/test-pont.ts';

// A person hiding their profile while kept shared practice cannot be rewritten: the hide stands, and a sweep catches up.
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

describe('hiding a profile while shared practice cannot be rewritten', () => {
  it('tells the person their profile is hidden, and the sweep stops the name being quoted', async () => {
    const request = await pont.sharing.open({
      text: 'How do you plan gritting routes for snow?',
      fromEmail: requester,
    });
    const helper = request.routedTo[0]!;
    await pont.sharing.claim(request.id, asPerson(helper));
    await pont.sharing.answer(
      request.id,
      'Our gritting routes are planned each October with the highways crews.',
      asPerson(helper),
      { consentToShare: true },
    );
    await pont.sharing.markHelpful(request.id, true, asPerson(requester));
    const helperName = (await pont.people.getPerson(helper))!.name;
    const question = 'Who answered about planning gritting routes for snow?';
    expect(answerOf(await pont.assistant.handle(from(null, question))).answer).toContain(`answered by ${helperName}, `);

    const addDocument = pont.knowledge.addDocument;
    pont.knowledge.addDocument = async () => {
      throw new Error('the index is being rebuilt');
    };
    let hidden: Reply;
    try {
      hidden = await pont.assistant.handle(from(helper, 'profile hide'));
    } finally {
      pont.knowledge.addDocument = addDocument;
    }
    expect(hidden).toMatchObject({ kind: 'profile', person: { visible: false } });
    expect(await pont.people.getPerson(helper)).toBeNull();
    expect(answerOf(await pont.assistant.handle(from(null, question))).answer).toContain(helperName);

    expect(await pont.sharing.refreshAllSharedPractice()).toMatchObject({ rewritten: 1, failed: 0 });
    const after = answerOf(await pont.assistant.handle(from(null, question)));
    expect(after.citations.map((citation) => citation.source)).toContain(`pont:request/${request.id}`);
    expect(after.answer).toContain('answered by a member of staff in Torfaen');
    expect(JSON.stringify(after)).not.toContain(helperName);
  });
});
