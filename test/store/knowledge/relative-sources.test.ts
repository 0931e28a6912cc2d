import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnowledge } from '../../../src/core/knowledge/index.ts';
import { createDocumentReader, starterCorpusDir } from '../../../src/ingest/index.ts';
import { createDocumentStore } from '../../../src/store/knowledge/index.ts';
import { storeTargets } from '../../support/stores.ts';

describe.each(await storeTargets())('file sources on the $name store', (target) => {
  let db: Awaited<ReturnType<typeof target.open>>;

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('keeps one copy of the fact sheet when data/ is ingested again after it was stored by absolute path, and cites it as data/…', async () => {
    // As an earlier version stored it: by absolute path. NOTE: a new empty folder is one the checkout cannot be
    // inside, wherever it was cloned (the temp folder itself might hold it).
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-elsewhere-'));
    const earlier = createKnowledge({
      store: createDocumentStore(db),
      reader: createDocumentReader({ workingFolder: elsewhere }),
    });
    expect(await earlier.ingest([starterCorpusDir])).toMatchObject({ documents: 2, skipped: [] });
    expect(await createDocumentStore(db).contentHash(`${starterCorpusDir}/federation-facts.en.md`)).toBeDefined();

    const knowledge = createKnowledge({ store: createDocumentStore(db), reader: createDocumentReader() });
    const report = await knowledge.ingest(['data/']);
    expect(report).toEqual({
      documents: 0,
      chunks: 0,
      skipped: [
        { source: 'data/federation-facts.cy.md', reason: 'unchanged' },
        { source: 'data/federation-facts.en.md', reason: 'unchanged' },
      ],
    });
    expect(await knowledge.countDocuments()).toBe(2);
    const results = [
      ...(await knowledge.search('financial pressure', { limit: 20 })),
      ...(await knowledge.search('pwysau ariannol', { limit: 20 })),
    ];
    expect(new Set(results.map((result) => result.source))).toEqual(
      new Set(['data/federation-facts.en.md', 'data/federation-facts.cy.md']),
    );
    const answer = await knowledge.ask('What is the combined financial pressure?');
    expect(answer.citations[0]).toMatchObject({ source: 'data/federation-facts.en.md' });
    expect(answer.answer).not.toContain(starterCorpusDir);
  });
});
