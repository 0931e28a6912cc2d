import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnowledge } from '../../../src/core/knowledge/index.ts';
import { createDocumentStore } from '../../../src/store/knowledge/index.ts';
import { storeTargets } from '../../support/stores.ts';
import { createFakeEmbeddingModel } from '../../core/knowledge/fake-embedding-model.ts';
import { createFakeReader } from '../../core/knowledge/fake-reader.ts';

const reader = createFakeReader({
  'fleet.md': { title: 'Transport', language: 'en', body: 'Each council runs its own car pool for staff travel.' },
  'bins.md': { title: 'Collections', language: 'en', body: 'Rubbish is collected every fortnight.' },
  'leadership.md': {
    title: 'Leadership',
    language: 'en',
    body: 'Stephen Vickers is the Joint Chief Executive of both councils.',
  },
});

describe.each(await storeTargets())('knowledge over the $name store', (target) => {
  let db: Awaited<ReturnType<typeof target.open>>;

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('ranks vectors with pgvector where the database has it, in process where it does not, and finds passages by meaning', async () => {
    const knowledge = createKnowledge({
      store: createDocumentStore(db),
      reader,
      embeddingModel: createFakeEmbeddingModel(),
    });
    expect(knowledge.mode).toBe(db.vectorSupport ? 'hybrid-pgvector' : 'hybrid-in-process');
    expect(await knowledge.ingest(['fleet.md', 'bins.md', 'leadership.md'])).toMatchObject({
      documents: 3,
      skipped: [],
    });
    const [first] = await knowledge.search('automobile');
    expect(first).toMatchObject({ source: 'fleet.md', title: 'Transport' });
  });

  it('answers from what another process indexed in the same database', async () => {
    const other = createKnowledge({ store: createDocumentStore(db), reader });
    const answer = await other.ask('Who is the Joint Chief Executive?');
    expect(answer).toMatchObject({ answered: true });
    expect(answer.citations[0]).toMatchObject({
      source: 'leadership.md',
      quote: 'Stephen Vickers is the Joint Chief Executive of both councils.',
    });
    expect(await other.countDocuments()).toBe(3);
  });
});
