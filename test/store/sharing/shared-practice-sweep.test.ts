import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnowledge } from '../../../src/core/knowledge/create-knowledge.ts';
import type { KnowledgeService, TextDocument } from '../../../src/core/knowledge/types.ts';
import { createSharing, type Sharing } from '../../../src/core/sharing/index.ts';
import { createDocumentReader } from '../../../src/ingest/index.ts';
import type { Database } from '../../../src/store/index.ts';
import { createDocumentStore } from '../../../src/store/knowledge/index.ts';
import { createRequestStore } from '../../../src/store/sharing/index.ts';
import { createRecordingNotifier, sampleDirectory, silent } from '../../core/sharing/fakes.ts';
import { storeTargets } from '../../support/stores.ts';

const asPerson = (email: string) => ({ email, isAdmin: false, via: 'cli' });
const requester = 'rhian@blaenau-gwent.gov.uk';

describe.each(await storeTargets())('the shared-practice sweep, on $name', (target) => {
  let db: Database & { drop(): Promise<void> };
  let people: ReturnType<typeof sampleDirectory>;
  let knowledge: KnowledgeService;
  let sharing: Sharing;
  /** Sources the index refuses to write, as when it is being rebuilt. */
  const refused = new Set<string>();
  const kept: { id: string; helper: string }[] = [];

  const person = (email: string) => people.records.find((record) => record.email === email)!;
  /** A kept passage as `pont search` shows it. */
  const passage = async (id: string, query: string) => {
    const results = await knowledge.search(`${query} shared practice answered by`);
    const found = results.find((result) => result.source === `pont:request/${id}`);
    expect(found, `pont:request/${id} is found by "${query}"`).toBeDefined();
    return found!.text;
  };

  async function keep(question: string, answer: string) {
    const request = await sharing.open({ text: question, fromEmail: requester });
    // NOTE: each kept answer has its own answerer, so a change to one person touches one document.
    const helper = request.routedTo.find((email) => !kept.some((other) => other.helper === email))!;
    await sharing.claim(request.id, asPerson(helper));
    await sharing.answer(request.id, answer, asPerson(helper), { consentToShare: true });
    expect((await sharing.markHelpful(request.id, true, asPerson(requester))).sharedAs).toBe(
      `pont:request/${request.id}`,
    );
    kept.push({ id: request.id, helper });
  }

  beforeAll(async () => {
    db = await target.open();
    people = sampleDirectory();
    knowledge = createKnowledge({ store: createDocumentStore(db), reader: createDocumentReader() });
    const flaky = {
      addDocument: (document: TextDocument) =>
        refused.has(document.source)
          ? Promise.reject(new Error('the index is being rebuilt'))
          : knowledge.addDocument(document),
    };
    let now = new Date('2026-03-02T10:00:00Z');
    sharing = createSharing(
      { store: createRequestStore(db), people, knowledge: flaky, notifier: createRecordingNotifier(), logger: silent },
      { deadlineWorkingDays: 2, clock: () => now },
    );
    await keep(
      'How do you run your waste rota over bank holidays?',
      'We plan the bank holiday rota six weeks ahead and crews work the Saturday after.',
    );
    now = new Date('2026-03-03T10:00:00Z');
    await keep(
      'How do you run recycling rounds in the snow?',
      'Recycling rounds in the snow start an hour later and skip the hill estates.',
    );
    now = new Date('2026-05-20T10:00:00Z');
  });
  afterAll(async () => db?.drop());

  it('rewrites nothing while every kept document names people as they are', async () => {
    expect(await sharing.refreshAllSharedPractice()).toEqual({ checked: 2, rewritten: 0, failed: 0 });
  });

  it('stops naming someone hidden without a rewrite (the process stopped in between), and keeps the date', async () => {
    const { id, helper } = kept[0]!;
    const name = person(helper).name;
    person(helper).visible = false;
    expect(await passage(id, 'waste rota bank holidays')).toContain(`answered by ${name}, `);

    expect(await sharing.refreshAllSharedPractice()).toEqual({ checked: 2, rewritten: 1, failed: 0 });
    expect(await passage(id, 'waste rota bank holidays')).toContain('answered by a member of staff in Torfaen');
    const answer = await knowledge.ask('How is the waste rota run over bank holidays?');
    expect(JSON.stringify(answer)).not.toContain(name);
    expect(answer.citations.find((citation) => citation.source === `pont:request/${id}`)).toMatchObject({
      published: '2026-03-02',
    });
    expect((await sharing.events(id)).filter((event) => event.type === 'shared-practice-rewritten')).toHaveLength(1);
    expect(await sharing.refreshAllSharedPractice()).toEqual({ checked: 2, rewritten: 0, failed: 0 });
  });

  it('names someone by the name and job title HR gives them now', async () => {
    const { id, helper } = kept[1]!;
    const before = { ...person(helper) };
    person(helper).name = 'Eleri Vaughan';
    person(helper).jobTitle = 'Recycling Operations Lead';
    expect(await sharing.refreshAllSharedPractice()).toEqual({ checked: 2, rewritten: 1, failed: 0 });
    const text = await passage(id, 'recycling rounds snow');
    expect(text).toContain('answered by Eleri Vaughan, Recycling Operations Lead in Torfaen');
    expect(text).not.toContain(before.name);
    expect(text).not.toContain(before.jobTitle);
  });

  it('counts a document it could not write, still writes the others, and writes it on the next sweep', async () => {
    const [first, second] = kept as [{ id: string; helper: string }, { id: string; helper: string }];
    person(first.helper).visible = true;
    person(second.helper).visible = false;
    refused.add(`pont:request/${first.id}`);
    try {
      expect(await sharing.refreshAllSharedPractice()).toEqual({ checked: 2, rewritten: 1, failed: 1 });
    } finally {
      refused.clear();
    }
    expect(await passage(first.id, 'waste rota bank holidays')).toContain('answered by a member of staff');
    expect(await passage(second.id, 'recycling rounds snow')).not.toContain('Eleri Vaughan');

    expect(await sharing.refreshAllSharedPractice()).toEqual({ checked: 2, rewritten: 1, failed: 0 });
    expect(await passage(first.id, 'waste rota bank holidays')).toContain(`answered by ${person(first.helper).name}, `);
  });

  it('leaves alone requests that were answered but not kept', async () => {
    const request = await sharing.open({ text: 'Who plans your waste rota for Christmas week?', fromEmail: requester });
    const helper = request.routedTo[0]!;
    await sharing.claim(request.id, asPerson(helper));
    await sharing.answer(request.id, 'The depot manager plans it in October.', asPerson(helper), {
      consentToShare: false,
    });
    await sharing.markHelpful(request.id, true, asPerson(requester));
    expect(await sharing.refreshAllSharedPractice()).toEqual({ checked: 2, rewritten: 0, failed: 0 });
  });
});
