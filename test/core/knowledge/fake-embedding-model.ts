import type { EmbeddingModel } from '../../../src/core/model/index.ts';

const concepts = [
  ['car', 'automobile', 'vehicle', 'fleet'],
  ['waste', 'rubbish', 'bins', 'recycling'],
  ['pay', 'salary', 'wages'],
];

/**
 * A deterministic embedding model: one dimension per concept (so synonyms land together), plus a few hashed
 * dimensions for other words. It records every batch it is asked to embed.
 */
export function createFakeEmbeddingModel(name = 'fake-embedding-1'): EmbeddingModel & { batches: string[][] } {
  const batches: string[][] = [];
  return {
    name,
    dimensions: 8,
    batches,
    async embed(texts) {
      batches.push(texts);
      return texts.map((text) => {
        const vector = new Array<number>(8).fill(0);
        for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
          const concept = concepts.findIndex((group) => group.includes(word));
          if (concept >= 0) vector[concept]! += 1;
          else vector[3 + ([...word].reduce((sum, letter) => sum + letter.charCodeAt(0), 0) % 5)]! += 0.05;
        }
        return vector;
      });
    },
  };
}
