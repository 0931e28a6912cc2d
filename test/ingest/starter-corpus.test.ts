import { describe, expect, it } from 'vitest';
import { createKnowledge } from '../../src/core/knowledge/index.ts';
import { createDocumentReader, indexStarterCorpus, starterCorpusDir } from '../../src/ingest/index.ts';
import { createFakeDocumentStore } from '../core/knowledge/fake-document-store.ts';

describe('the starter corpus', () => {
  it('is indexed on the first start only, in English and Welsh, each fact citing a public source (a web address, or a dated report)', async () => {
    const store = createFakeDocumentStore();
    const knowledge = createKnowledge({ store, reader: createDocumentReader() });
    const report = await indexStarterCorpus(knowledge);
    expect(report).toMatchObject({ documents: 2, skipped: [] });
    const documents = [...store.documents.values()];
    expect(documents.map((document) => [document.language, document.published])).toEqual([
      ['cy', '2025-11-01'],
      ['en', '2025-11-01'],
    ]);
    for (const document of documents) {
      const facts = document.chunks
        .flatMap((chunk) => chunk.text.split('\n\n'))
        .filter((paragraph) => paragraph.startsWith('- '));
      expect(facts.length).toBeGreaterThan(10);
      for (const fact of facts)
        expect(fact).toMatch(/\((?:source|ffynhonnell): [^)]*(?:https:\/\/[^\s)]+|\b20\d\d)\)\.$/);
    }
    expect(await indexStarterCorpus(knowledge)).toBeUndefined();
  });

  it('lives in the repository’s data folder', () => {
    expect(starterCorpusDir.endsWith('/data')).toBe(true);
  });
});
