import { describe, expect, it } from 'vitest';
import { createKnowledge } from '../../../src/core/knowledge/index.ts';
import { createFakeDocumentStore } from './fake-document-store.ts';
import { createFakeReader } from './fake-reader.ts';

function emptyKnowledge() {
  return createKnowledge({
    store: createFakeDocumentStore(),
    reader: createFakeReader({
      'facts.en.md': { title: 'Facts', language: 'en', body: 'The federation is not a merger.' },
    }),
  });
}

describe('asking before anything is indexed', () => {
  it('says in English that no documents are indexed yet and how to add them', async () => {
    const answer = await emptyKnowledge().ask('Is the federation a merger?');
    expect(answer).toMatchObject({ answered: false, language: 'en', citations: [] });
    expect(answer.answer).toMatch(/^No documents are indexed yet/);
    expect(answer.answer).toContain('pont ingest data/');
    expect(answer.answer).not.toContain('don’t answer');
  });

  it('says it in Welsh for a Welsh question', async () => {
    const answer = await emptyKnowledge().ask('Ai uno yw’r ffederasiwn?');
    expect(answer).toMatchObject({ answered: false, language: 'cy', citations: [] });
    expect(answer.answer).toMatch(/^Does dim dogfennau wedi’u mynegeio eto/);
    expect(answer.answer).toContain('pont ingest data/');
  });

  it('goes back to “the documents don’t answer” once something is indexed', async () => {
    const knowledge = emptyKnowledge();
    await knowledge.ingest(['facts.en.md']);
    const answer = await knowledge.ask('What is on the canteen menu?');
    expect(answer).toMatchObject({ answered: false, citations: [] });
    expect(answer.answer).toMatch(/^The documents I have don’t answer that/);
  });
});
