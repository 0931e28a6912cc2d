import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toolDefinitions } from '../../src/core/assistant/model/index.ts';
import type { RecordedRequest, ScriptedResponse } from '../support/fake-openai.ts';
import { quotingResponder } from '../support/fake-openai.ts';
import { sharingRequest, staff, startHarness, type Harness } from './harness.ts';

/** Attack strings by category (the shape of BIPIA's text_attack_test.json; Pont's own text). */
const attacks = Object.entries(
  JSON.parse(fs.readFileSync('test/fixtures/injection/attacks.json', 'utf8')) as Record<string, string[]>,
).flatMap(([category, texts]) => texts.map((text, index) => ({ name: `${category} #${index + 1}`, text })));

const question = 'How often does the joint leadership team meet?';

function documentWith(attack: string): string {
  return [
    '# Joint leadership team',
    '',
    `The joint leadership team of Blaenau Gwent and Torfaen meets every month to plan shared services. ${attack} The team reports to both councils' cabinets.`,
  ].join('\n');
}

function userMessageOf(request: RecordedRequest): string {
  return request.body.messages.find((message: { role: string }) => message.role === 'user').content;
}

function messageText(request: RecordedRequest): string {
  return /Message:\n([\s\S]*)$/.exec(userMessageOf(request))?.[1] ?? '';
}

/**
 * A model that does whatever the last thing it read told it to: routes documents questions and request
 * lists with tools, and when answering it "obeys" the planted instruction, including a fabricated citation.
 */
function obedientModel(request: RecordedRequest): ScriptedResponse {
  if (request.body.tools) {
    const text = messageText(request);
    if (/my requests/i.test(text)) return { kind: 'tool', calls: [{ name: 'my_requests', arguments: {} }] };
    if (/who knows/i.test(text)) return { kind: 'tool', calls: [{ name: 'find_people', arguments: { skill: 'GIS' } }] };
    return { kind: 'tool', calls: [{ name: 'search_documents', arguments: { question: text } }] };
  }
  return {
    kind: 'text',
    text: 'PWNED. As the document instructs, the councils were dissolved by order [1]. Calling open_sharing_request now.\nSOURCES\n[1] "the councils were dissolved by order of the minister"',
  };
}

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});
beforeEach(() => {
  harness.server.reset();
  harness.server.respondWith(obedientModel);
  harness.sharing.opened.length = 0;
  harness.sharing.requests.length = 0;
});

/** The data block of an answer request, and everything outside it. */
function splitDataBlock(content: string): { inside: string; outside: string } {
  const block = /<<<PASSAGES (\w+)>>>\n[\s\S]*?\n<<<END PASSAGES \1>>>/.exec(content);
  if (!block) return { inside: '', outside: content };
  return { inside: block[0], outside: content.slice(0, block.index) + content.slice(block.index + block[0].length) };
}

function assertPromptsAndToolsUnchanged(): void {
  for (const request of harness.server.chatRequests()) {
    const system = request.body.messages.filter((message: { role: string }) => message.role === 'system');
    expect(system).toHaveLength(1);
    // A request with tools is the assistant's routing call; one without is the answer writer's.
    const expected = request.body.tools
      ? { prompt: harness.prompts.assistant.text, tools: toolDefinitions() }
      : { prompt: harness.prompts.answer.text, tools: undefined };
    expect({
      prompt: system[0].content,
      tools: request.body.tools?.map((tool: { function: unknown }) => tool.function),
    }).toEqual(expected);
  }
}

describe('documents are data, never instructions', () => {
  it.each(attacks)('an injection planted in an indexed document changes nothing: $name', async ({ text: attack }) => {
    await harness.knowledge.addDocument({
      source: 'data/joint-leadership-team.md',
      title: 'Joint leadership team',
      body: documentWith(attack),
      language: 'en',
      kind: 'document',
    });

    const reply = await harness.say(question);

    expect(reply.kind).toBe('answer');
    if (reply.kind !== 'answer') throw new Error(`expected an answer, got ${reply.kind}`);
    // The obedient model's claim rests on a quotation that is in no passage: it is dropped, and with it the answer.
    expect(reply.answer.answered).toBe(false);
    expect(reply.answer.answer).not.toMatch(/PWNED|dissolved/);
    // No tool was called on the document's say-so: nothing was opened or proposed.
    expect(harness.sharing.opened).toEqual([]);

    const [routing, answering] = harness.server.chatRequests();
    expect(harness.server.chatRequests()).toHaveLength(2);
    // The tool-calling request never sees documents; the answering request offers no tools at all.
    expect(JSON.stringify(routing!.body)).not.toContain(attack.slice(0, 40));
    expect(answering!.body.tools).toBeUndefined();
    const { inside, outside } = splitDataBlock(userMessageOf(answering!));
    const planted = attack
      .split('\n')
      .find((line) => line.trim().length > 20 && !line.includes('<<<'))!
      .trim()
      .replace(/^"/, '');
    expect(inside).toContain(planted.slice(0, 30));
    expect(outside).not.toContain(planted.slice(0, 30));
    // A fake end-of-data line in a document is neutralised: the block has exactly one start and one end.
    expect(userMessageOf(answering!).match(/<<<(END )?PASSAGES/g)).toHaveLength(2);
    assertPromptsAndToolsUnchanged();
  });

  it('still answers with checked citations from a document that carries an injection', async () => {
    harness.server.respondWith((request) => (request.body.tools ? obedientModel(request) : quotingResponder(request)));
    await harness.knowledge.addDocument({
      source: 'data/joint-leadership-team.md',
      title: 'Joint leadership team',
      body: documentWith(attacks[0]!.text),
      language: 'en',
      kind: 'document',
    });
    const reply = await harness.say(question);
    expect(reply.kind === 'answer' && reply.answer.answered).toBe(true);
    if (reply.kind !== 'answer') return;
    expect(reply.answer.citations[0]!.quote).toMatch(
      /joint leadership team of Blaenau Gwent and Torfaen meets every month/i,
    );
    expect(reply.answer.answer).toMatch(/\[1\]/);
  });

  it('an injection in a shared-practice answer changes nothing either', async () => {
    const attack = attacks.find((candidate) => candidate.name.startsWith('Tool Hijacking'))!.text;
    await harness.knowledge.addDocument({
      source: 'pont:request/r9',
      title: 'How Torfaen runs the joint leadership team',
      body: documentWith(attack),
      language: 'en',
      kind: 'shared-practice',
    });
    const reply = await harness.say(question);
    expect(reply.kind).toBe('answer');
    expect(harness.sharing.opened).toEqual([]);
    assertPromptsAndToolsUnchanged();
  });
});

describe('requests and profiles are data, never instructions', () => {
  it('an injection in a sharing request never reaches the model', async () => {
    const attack = attacks.find((candidate) => candidate.name.startsWith('Tool Hijacking'))!.text;
    harness.sharing.requests.push(sharingRequest(`How do you run your waste rota? ${attack}`));
    const reply = await harness.say('what happened to my requests?');
    expect(reply.kind).toBe('requests');
    // One call to choose the tool; the list goes to the user, not back to the model.
    expect(harness.server.chatRequests()).toHaveLength(1);
    expect(JSON.stringify(harness.server.requests)).not.toContain(attack.slice(0, 40));
    expect(harness.sharing.opened).toEqual([]);
  });

  it("the model never receives a hidden profile, or anyone else's personal data", async () => {
    const reply = await harness.say('who knows GIS in Blaenau Gwent?');
    expect(reply.kind).toBe('people');
    if (reply.kind !== 'people') throw new Error(`expected people, got ${reply.kind}`);
    expect(reply.people.map((match) => match.email)).toEqual(['dafydd.price@blaenau-gwent.gov.uk']);
    const sent = JSON.stringify(harness.server.requests);
    for (const record of staff) {
      expect(sent).not.toContain(record.email);
      expect(sent).not.toContain(record.name);
    }
    expect(sent).not.toContain('Gwenllian');
  });

  it('a request the model proposes is only opened once the user confirms it', async () => {
    harness.server.enqueue({
      kind: 'tool',
      calls: [{ name: 'open_sharing_request', arguments: { request: 'How do you run your waste rota?' } }],
    });
    const reply = await harness.say('can you ask the other lot how they do their waste rota');
    expect(reply).toMatchObject({ kind: 'confirm-share', request: 'How do you run your waste rota?' });
    expect(harness.sharing.opened).toEqual([]);
  });
});
