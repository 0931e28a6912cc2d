import { describe, expect, it } from 'vitest';
import { createBm25Index } from '../../../src/core/knowledge/index.ts';

const query = (...terms: string[]) => terms.map((term) => ({ term, weight: 1 }));

describe('the BM25 index', () => {
  it('ranks the document with the rarer matching word first', () => {
    const index = createBm25Index();
    index.add([], ['council', 'budget', 'waste']);
    index.add([], ['council', 'budget']);
    index.add([], ['council', 'library']);
    const hits = index.search(query('council', 'waste'), 10);
    expect(hits.map((hit) => hit.document)).toEqual([0, 1, 2]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('counts a title match more than a text match', () => {
    const index = createBm25Index();
    index.add(['other'], ['recycling', 'rota']);
    index.add(['recycling'], ['rota', 'other']);
    expect(index.search(query('recycling'), 10)[0]!.document).toBe(1);
  });

  it('prefers the shorter of two documents with the same matches', () => {
    const index = createBm25Index();
    index.add([], ['federation', ...Array.from({ length: 50 }, (_, position) => `filler${position}`)]);
    index.add([], ['federation', 'short']);
    expect(index.search(query('federation'), 10)[0]!.document).toBe(1);
  });

  it('returns at most the limit and nothing for unknown words', () => {
    const index = createBm25Index();
    for (let position = 0; position < 20; position += 1) index.add([], ['word']);
    expect(index.search(query('word'), 5)).toHaveLength(5);
    expect(index.search(query('absent'), 5)).toEqual([]);
  });

  it('gives a word no document has the highest idf', () => {
    const index = createBm25Index();
    index.add([], ['common']);
    index.add([], ['common', 'rare']);
    expect(index.idf('absent')).toBeGreaterThan(index.idf('rare'));
    expect(index.idf('rare')).toBeGreaterThan(index.idf('common'));
  });

  it('gives the same scores when searched again (no state leaks between queries)', () => {
    const index = createBm25Index();
    index.add(['a'], ['b', 'c']);
    index.add(['c'], ['a']);
    const first = index.search(query('a', 'c'), 10);
    expect(index.search(query('a', 'c'), 10)).toEqual(first);
  });
});
