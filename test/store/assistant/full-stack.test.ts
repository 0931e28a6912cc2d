import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../../src/app.ts';
import { messagesFor } from '../../../src/core/assistant/messages.ts';
import type { Incoming, Reply } from '../../../src/core/assistant/types.ts';
import { createTestPont } from '../../support/test-pont.ts';

// The assistant on the real knowledge, people and sharing, with the sample directory and starter documents.
let pont: Pont;
beforeAll(async () => {
  pont = await createTestPont();
});
afterAll(async () => pont?.close());

function from(email: string | null, text: string, overrides: Partial<Incoming> = {}): Incoming {
  return { channel: 'web', channelUserId: email, person: null, email, isAdmin: false, text, ...overrides };
}

function emails(reply: Reply): string[] {
  if (reply.kind !== 'people') throw new Error(`expected people, got ${reply.kind}: ${JSON.stringify(reply)}`);
  return reply.people.map((person) => person.email);
}

describe('the assistant on the real stack', () => {
  it('answers "is this a merger?" from the fact sheet, in Welsh for a Welsh question', async () => {
    const english = await pont.assistant.handle(from(null, 'Is this a merger?'));
    expect(english).toMatchObject({ kind: 'answer', language: 'en', answer: { answered: true } });
    const welsh = await pont.assistant.handle(from(null, 'Ai uno yw hyn?'));
    expect(welsh).toMatchObject({ kind: 'answer', language: 'cy' });
  });

  it('finds the Welsh skill "caffael" from "am gaffael", and no hidden profile ever', async () => {
    const procurement = emails(await pont.assistant.handle(from(null, "pwy sy'n gwybod am gaffael?")));
    expect(procurement).toContain('nia.roberts@torfaen.gov.uk');
    const recycling = emails(await pont.assistant.handle(from(null, 'who knows about recycling?')));
    expect(recycling).toContain('dylan.hughes@torfaen.gov.uk');
    expect(recycling).not.toContain('kerry.evans@torfaen.gov.uk');
  });

  it('looks up "head of waste in Blaenau Gwent" in Blaenau Gwent', async () => {
    const found = emails(
      await pont.assistant.handle(from('gareth.lewis@torfaen.gov.uk', 'head of waste in Blaenau Gwent')),
    );
    expect(found[0]).toBe('matthew.jones@blaenau-gwent.gov.uk');
    expect(found.every((email) => email.endsWith('@blaenau-gwent.gov.uk'))).toBe(true);
  });

  it('finds counterparts for a person whose own profile is hidden, without showing them to anyone', async () => {
    const found = emails(await pont.assistant.handle(from('kerry.evans@torfaen.gov.uk', 'who is my counterpart?')));
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((email) => email.endsWith('@blaenau-gwent.gov.uk'))).toBe(true);
  });

  it('lets a person hide their profile from chat, after which skill lookups leave them out', async () => {
    const before = emails(await pont.assistant.handle(from(null, 'skills GIS')));
    expect(before).toContain('leanne.smith@blaenau-gwent.gov.uk');
    const hidden = await pont.assistant.handle(from('leanne.smith@blaenau-gwent.gov.uk', 'profile hide'));
    expect(hidden).toMatchObject({ kind: 'profile', person: { visible: false } });
    expect(emails(await pont.assistant.handle(from(null, 'skills GIS')))).not.toContain(
      'leanne.smith@blaenau-gwent.gov.uk',
    );
    await pont.assistant.handle(from('leanne.smith@blaenau-gwent.gov.uk', 'profile show'));
  });

  it('proposes, then on the share command opens, a request routed to the other council', async () => {
    const proposal = await pont.assistant.handle(
      from('gareth.lewis@torfaen.gov.uk', 'how do you run your waste rota?'),
    );
    expect(proposal).toMatchObject({ kind: 'confirm-share', request: 'how do you run your waste rota?' });
    const opened = await pont.assistant.handle(
      from('gareth.lewis@torfaen.gov.uk', 'share: how do you run your waste rota?', { clientKey: 'web-1' }),
    );
    if (opened.kind !== 'request') throw new Error(`expected a request, got ${JSON.stringify(opened)}`);
    expect(opened.request.targetCouncils).toEqual(['blaenau-gwent']);
    expect(opened.request.routedTo.length).toBeGreaterThan(0);
    const again = await pont.assistant.handle(
      from('gareth.lewis@torfaen.gov.uk', 'share: how do you run your waste rota?', { clientKey: 'web-1' }),
    );
    expect(again.kind === 'request' && again.request.id).toBe(opened.request.id);
  });

  it('tells an unknown user how to get added instead of showing anyone else’s requests', async () => {
    const reply = await pont.assistant.handle(from('someone.new@torfaen.gov.uk', 'my requests'));
    expect(reply.kind).toBe('text');
    expect(reply.kind === 'text' && reply.text).toContain(messagesFor('en').notInDirectory);
  });

  it('answers a question that is far too long with one short error, in the question language', async () => {
    const reply = await pont.assistant.handle(from(null, `Is this a merger? ${'Please explain. '.repeat(200)}`));
    expect(reply.kind).toBe('error');
    expect(reply.language).toBe('en');
    expect(reply.kind === 'error' && reply.text.startsWith('I could not do that: ')).toBe(true);
    expect(reply.kind === 'error' && reply.text).toMatch(/2,?000/);
  });

  it('counts questions and feedback for the dashboard', async () => {
    const since = new Date(Date.now() - 60 * 60_000);
    const before = await pont.assistant.questionFigures({ since });
    const gap = await pont.assistant.handle(from(null, 'What is the car parking policy at the Civic Centre?'));
    await pont.assistant.handle(from(null, 'what is the car parking policy at the civic centre'));
    if (gap.kind !== 'answer' || !gap.answerId) throw new Error('expected an answer with an id');
    expect(gap.answer.answered).toBe(false);
    await pont.assistant.feedback(gap.answerId, false, 'someone@torfaen.gov.uk');
    const after = await pont.assistant.questionFigures({ since });
    expect(after.total.asked).toBe(before.total.asked + 2);
    expect(after.total.unanswered).toBe(before.total.unanswered + 2);
    expect(after.total.notHelpful).toBe(before.total.notHelpful + 1);
    expect(after.topUnanswered[0]).toMatchObject({
      question: 'what is the car parking policy at the civic centre',
      count: 2,
    });
  });
});
