import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKnowledge } from '../../../src/core/knowledge/index.ts';
import { createDataCache } from '../../../src/store/index.ts';
import { createKnowledgeCaches, defaultLexiconFiles, readLexiconFile } from '../../../src/store/knowledge/index.ts';
import { createFakeDocumentStore } from './fake-document-store.ts';
import { createFakeReader, type FakeFile } from './fake-reader.ts';

// The index kept on disk must answer exactly as an index built from the store, and must not be used once the
// documents have changed.

const files: Record<string, FakeFile> = {
  'facts.en.md': {
    title: 'Federation facts',
    language: 'en',
    published: '2025-01-23',
    body: [
      '# Federation facts',
      '## Not a merger',
      'The federation is not a merger: each council keeps its own sovereignty and governance.',
      '## Leadership',
      'Councillors approved Stephen Vickers as the permanent Joint Chief Executive of both councils.',
    ].join('\n\n'),
  },
  'facts.cy.md': {
    title: 'Ffeithiau’r ffederasiwn',
    language: 'cy',
    published: '2025-01-23',
    body: [
      '## Nid uno',
      'Nid uno yw’r ffederasiwn: mae pob cyngor yn cadw ei sofraniaeth a’i lywodraethu ei hun.',
      '## Arweinyddiaeth',
      'Cymeradwyodd cynghorwyr Stephen Vickers yn Brif Weithredwr ar y Cyd parhaol i’r ddau gyngor.',
    ].join('\n\n'),
  },
  'parking.en.md': {
    title: 'Parking permits',
    language: 'en',
    body: 'A resident parking permit costs thirty pounds a year in Pontypool town centre.',
  },
};
const questions = [
  'Is the federation a merger?',
  'Who is the Joint Chief Executive?',
  'Pwy yw’r Prif Weithredwr?',
  'A yw’r ffederasiwn yn uno?',
  'How much is a parking permit?',
];

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

function setup() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-index-cache-'));
  folders.push(folder);
  const store = createFakeDocumentStore();
  const reader = createFakeReader(files);
  /** A new process's knowledge over the same store: with the data folder's caches, or building from the store. */
  const knowledge = (cached: boolean) => {
    const files = createDataCache(cached ? folder : undefined);
    const caches = createKnowledgeCaches(files);
    const service = createKnowledge({
      store,
      reader,
      lexiconText: () => readLexiconFile(defaultLexiconFiles),
      ...(cached ? { indexCache: caches.index, lexiconCache: caches.lexicon } : {}),
    });
    return { service, settled: () => files.settled() };
  };
  const answers = async (service: ReturnType<typeof knowledge>['service']) => ({
    answers: await Promise.all(questions.map((question) => service.ask(question))),
    searches: await Promise.all(questions.map((question) => service.search(question, { passages: true }))),
  });
  return { folder, store, knowledge, answers };
}

describe('the index kept in the data folder', () => {
  it('gives the same answers, passages and scores as an index built from the store, without reading the store', async () => {
    const { folder, store, knowledge, answers } = setup();
    const first = knowledge(true);
    await first.service.ingest(['facts.en.md', 'facts.cy.md', 'parking.en.md']);
    const built = await answers(first.service);
    await first.settled();
    expect(fs.readdirSync(path.join(folder))).toEqual(expect.arrayContaining(['knowledge-index.v8', 'lexicon.v8']));

    const readsBefore = store.calls.loadChunks;
    const fromDisk = await answers(knowledge(true).service);
    expect(store.calls.loadChunks).toBe(readsBefore);
    expect(fromDisk).toEqual(built);
    expect(await answers(knowledge(false).service)).toEqual(built);
    expect(built.answers.filter((answer) => answer.answered)).toHaveLength(questions.length);
  });

  it('is not used after a document is added, changed or removed', async () => {
    const { store, knowledge } = setup();
    const writer = knowledge(true);
    await writer.service.ingest(['facts.en.md', 'facts.cy.md']);
    expect((await writer.service.ask('How much is a parking permit?')).answered).toBe(false);
    await writer.settled();

    await writer.service.ingest(['parking.en.md']);
    const readsBefore = store.calls.loadChunks;
    const afterAdding = await knowledge(true).service.ask('How much is a parking permit?');
    expect(store.calls.loadChunks).toBe(readsBefore + 1);
    expect(afterAdding.answered).toBe(true);
    expect(afterAdding.citations[0]!.source).toBe('parking.en.md');

    await writer.service.removeDocuments(['parking.en.md']);
    const afterRemoving = await knowledge(true).service.ask('How much is a parking permit?');
    expect(afterRemoving.answered).toBe(false);
    expect(afterRemoving.citations.map((citation) => citation.source)).not.toContain('parking.en.md');
  });
});
