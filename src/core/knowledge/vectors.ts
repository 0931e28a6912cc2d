/** Vector helpers for hybrid retrieval: normalising, cosine ranking in process, reciprocal rank fusion. */

/** A unit-length copy of `values` (cosine similarity is then a dot product). */
export function normalise(values: number[]): Float32Array {
  const vector = Float32Array.from(values);
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  for (let index = 0; index < vector.length; index += 1) vector[index]! /= norm;
  return vector;
}

/** The `limit` vectors most similar to `query` (both unit length), best first. */
export function nearestInProcess(
  query: Float32Array,
  vectors: Map<string, Float32Array>,
  limit: number,
): { id: string; similarity: number }[] {
  const scored: { id: string; similarity: number }[] = [];
  for (const [id, vector] of vectors) {
    if (vector.length !== query.length) continue;
    let dot = 0;
    for (let index = 0; index < vector.length; index += 1) dot += vector[index]! * query[index]!;
    scored.push({ id, similarity: dot });
  }
  scored.sort((left, right) => right.similarity - left.similarity);
  return scored.slice(0, limit);
}

/**
 * Reciprocal rank fusion (Cormack et al.): each list gives 1 / (k + rank) to each id it holds. It needs no
 * calibration between BM25 scores and cosine similarities, which live on unrelated scales.
 */
export function reciprocalRankFusion(lists: string[][], k = 60): Map<string, number> {
  const fused = new Map<string, number>();
  for (const list of lists) {
    list.forEach((id, rank) => fused.set(id, (fused.get(id) ?? 0) + 1 / (k + rank + 1)));
  }
  return fused;
}
