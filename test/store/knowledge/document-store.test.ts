import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../../src/core/knowledge/types.ts';
import type { Language } from '../../../src/core/language/index.ts';
import { createDocumentStore } from '../../../src/store/knowledge/index.ts';
import { storeTargets } from '../../support/stores.ts';

const document = (source: string, contentHash: string, overrides: Partial<DocumentRecord> = {}): DocumentRecord => ({
  source,
  title: `Title of ${source}`,
  language: 'en',
  kind: 'document',
  published: '2025-01-23',
  contentHash,
  metadata: { from: 'test' },
  ...overrides,
});

describe.each(await storeTargets())('the knowledge store on $name', (target) => {
  let db: Awaited<ReturnType<typeof target.open>>;
  let store: ReturnType<typeof createDocumentStore>;

  beforeAll(async () => {
    db = await target.open();
    store = createDocumentStore(db);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('saves a document with its chunks and reads them back in order with the document details', async () => {
    const before = await store.generation();
    const saved = await store.saveDocument(document('a.md', 'hash-a'), [
      { heading: 'One', text: 'First passage.', language: 'en' },
      { heading: 'Two', text: 'Ail ddarn.', language: 'cy' },
    ]);
    expect(saved.chunks).toBe(2);
    expect(await store.generation()).toBe(before + 1);
    expect(await store.contentHash('a.md')).toBe('hash-a');
    const chunks = (await store.loadChunks()).filter((chunk) => chunk.source === 'a.md');
    expect(chunks).toEqual([
      expect.objectContaining({
        documentId: saved.documentId,
        position: 0,
        heading: 'One',
        text: 'First passage.',
        language: 'en',
        title: 'Title of a.md',
        published: '2025-01-23',
      }),
      expect.objectContaining({ position: 1, heading: 'Two', text: 'Ail ddarn.', language: 'cy' }),
    ]);
    expect(typeof chunks[0]!.id).toBe('string');
  });

  it('replaces all the chunks of a document saved again under the same source', async () => {
    const first = await store.saveDocument(document('b.md', 'hash-b1'), [
      { heading: '', text: 'Old one.', language: 'en' },
      { heading: '', text: 'Old two.', language: 'en' },
    ]);
    const second = await store.saveDocument(document('b.md', 'hash-b2', { title: 'New title' }), [
      { heading: '', text: 'New.', language: 'en' },
    ]);
    expect(second.documentId).toBe(first.documentId);
    const chunks = (await store.loadChunks()).filter((chunk) => chunk.source === 'b.md');
    expect(chunks.map((chunk) => [chunk.title, chunk.text])).toEqual([['New title', 'New.']]);
    expect(await store.contentHash('b.md')).toBe('hash-b2');
  });

  it('leaves the earlier version whole when saving a new one fails part-way', async () => {
    await store.saveDocument(document('c.md', 'hash-c1'), [{ heading: '', text: 'Kept.', language: 'en' }]);
    await expect(
      store.saveDocument(document('c.md', 'hash-c2'), [
        { heading: '', text: 'Fine.', language: 'en' },
        { heading: '', text: 'Broken.', language: 'xx' as Language },
      ]),
    ).rejects.toThrow();
    expect(await store.contentHash('c.md')).toBe('hash-c1');
    expect((await store.loadChunks()).filter((chunk) => chunk.source === 'c.md').map((chunk) => chunk.text)).toEqual([
      'Kept.',
    ]);
  });

  it('loads only the chunks of documents written after a generation', async () => {
    const before = await store.generation();
    await store.saveDocument(document('f.md', 'hash-f'), [{ heading: '', text: 'Fresh.', language: 'en' }]);
    const changed = await store.loadChunks({ changedSince: before });
    expect(changed.map((chunk) => chunk.text)).toEqual(['Fresh.']);
    expect(await store.loadChunks({ changedSince: await store.generation() })).toEqual([]);
  });

  it('finds another source with the same content and counts documents', async () => {
    await store.saveDocument(document('d.md', 'shared-hash'), [{ heading: '', text: 'Same.', language: 'en' }]);
    expect(await store.sourceWithContent('shared-hash', 'copy.md')).toBe('d.md');
    expect(await store.sourceWithContent('shared-hash', 'd.md')).toBeUndefined();
    expect(await store.countDocuments()).toBeGreaterThanOrEqual(4);
  });

  it('renames a document to a new source, keeping its passages, and never over another document', async () => {
    await store.saveDocument(document('/srv/pont/data/old.md', 'hash-old'), [
      { heading: 'One', text: 'Old passage.', language: 'en' },
    ]);
    await store.saveDocument(document('taken.md', 'hash-taken'), [
      { heading: 'One', text: 'Taken passage.', language: 'en' },
    ]);
    const before = await store.generation();
    expect(await store.renameSource('/srv/pont/data/old.md', 'data/old.md')).toBe(true);
    expect(await store.generation()).toBe(before + 1);
    expect(await store.contentHash('/srv/pont/data/old.md')).toBeUndefined();
    expect(await store.contentHash('data/old.md')).toBe('hash-old');
    expect((await store.loadChunks({ changedSince: before })).map((chunk) => [chunk.source, chunk.text])).toEqual([
      ['data/old.md', 'Old passage.'],
    ]);
    expect(await store.renameSource('data/old.md', 'taken.md')).toBe(false);
    expect(await store.renameSource('/nowhere.md', 'elsewhere.md')).toBe(false);
    expect(await store.contentHash('taken.md')).toBe('hash-taken');
  });

  it('keeps embeddings per model and lists the chunks a new model has not embedded', async () => {
    await store.saveDocument(
      document('e.md', 'hash-e'),
      [
        { heading: '', text: 'Vector one.', language: 'en', embedding: [1, 0, 0] },
        { heading: '', text: 'Vector two.', language: 'en', embedding: [0, 1, 0] },
      ],
      'model-a',
    );
    const ids = (await store.loadChunks()).filter((chunk) => chunk.source === 'e.md').map((chunk) => chunk.id);
    const loaded = await store.loadEmbeddings('model-a');
    expect(loaded.find((row) => row.id === ids[0])?.embedding).toEqual([1, 0, 0]);
    const missing = await store.chunksWithoutEmbedding('model-b', 1_000);
    expect(missing.map((row) => row.id)).toEqual(expect.arrayContaining(ids));
    expect((await store.chunksWithoutEmbedding('model-a', 1_000)).map((row) => row.id)).not.toContain(ids[0]);

    const before = await store.generation();
    await store.saveEmbeddings('model-b', [{ id: ids[0]!, embedding: [0.5, 0.5, 0] }]);
    expect(await store.generation()).toBe(before + 1);
    expect((await store.loadEmbeddings('model-b')).map((row) => row.id)).toEqual([ids[0]]);
  });

  it('ranks vectors in the database where pgvector is installed, and leaves it to the process elsewhere', async () => {
    const ids = (await store.loadChunks()).filter((chunk) => chunk.source === 'e.md').map((chunk) => chunk.id);
    const nearest = await store.nearest('model-a', [0, 1, 0], 5);
    const expected = db.vectorSupport
      ? { vectorSearch: 'pgvector', nearest: ids[1] }
      : { vectorSearch: 'in-process', nearest: undefined, found: 0 };
    expect({
      vectorSearch: store.vectorSearch,
      nearest: nearest[0]?.id,
      ...(db.vectorSupport ? {} : { found: nearest.length }),
    }).toEqual(expected);
  });
});
