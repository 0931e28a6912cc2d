/**
 * An in-process BM25F index over two fields, title and text. Postings live in flat number arrays (document,
 * title tf, text tf), scores in a reused Float64Array: no objects per posting, no allocation per query beyond
 * the result list. Idf is Lucene's, ln(1 + (N − df + 0.5) / (df + 0.5)), with df counted over both fields.
 *
 * NOTE: BM25F (Robertson, Zaragoza) combines the length-normalised, field-weighted term frequencies before
 * saturating them with k1, so a word in the title and the text is not counted as two separate matches.
 */
export interface Bm25Options {
  k1: number;
  /** Length normalisation per field (0 none, 1 full). */
  b: { title: number; text: number };
  /** How much a match in each field counts. */
  weight: { title: number; text: number };
}

export const defaultBm25Options: Bm25Options = { k1: 1.2, b: { title: 0.5, text: 0.75 }, weight: { title: 2, text: 1 } };

export interface QueryTerm {
  term: string;
  weight: number;
}

export interface Bm25Hit {
  /** The position the document was added at. */
  document: number;
  score: number;
}

export interface Bm25Index {
  readonly size: number;
  /** Adds a document from its analysed terms and returns its position. */
  add(titleTerms: string[], textTerms: string[]): number;
  search(query: QueryTerm[], limit: number): Bm25Hit[];
  /** Lucene idf of a term; a term no document has gets the highest idf there can be. */
  idf(term: string): number;
  /** Whether any document has the term. */
  has(term: string): boolean;
}

export function createBm25Index(options: Bm25Options = defaultBm25Options): Bm25Index {
  const postings = new Map<string, number[]>();
  const titleLengths: number[] = [];
  const textLengths: number[] = [];
  let titleLengthSum = 0;
  let textLengthSum = 0;
  let titleNorm = new Float64Array(0);
  let textNorm = new Float64Array(0);
  let normsFor = -1;
  let scores = new Float64Array(0);
  let touched = new Int32Array(0);
  const titleCounts = new Map<string, number>();
  const textCounts = new Map<string, number>();

  function prepare() {
    const count = titleLengths.length;
    if (normsFor === count) return;
    titleNorm = new Float64Array(count);
    textNorm = new Float64Array(count);
    const averageTitle = titleLengthSum / Math.max(count, 1) || 1;
    const averageText = textLengthSum / Math.max(count, 1) || 1;
    const { b } = options;
    for (let document = 0; document < count; document += 1) {
      titleNorm[document] = options.weight.title / (1 - b.title + (b.title * titleLengths[document]!) / averageTitle);
      textNorm[document] = options.weight.text / (1 - b.text + (b.text * textLengths[document]!) / averageText);
    }
    scores = new Float64Array(count);
    touched = new Int32Array(count);
    normsFor = count;
  }

  function idf(term: string): number {
    const count = titleLengths.length;
    const list = postings.get(term);
    const documentFrequency = list ? list.length / 3 : 0;
    return Math.log(1 + (count - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  return {
    get size() {
      return titleLengths.length;
    },
    idf,
    has: (term) => postings.has(term),
    add(titleTerms, textTerms) {
      const document = titleLengths.length;
      titleCounts.clear();
      textCounts.clear();
      for (const term of titleTerms) titleCounts.set(term, (titleCounts.get(term) ?? 0) + 1);
      for (const term of textTerms) textCounts.set(term, (textCounts.get(term) ?? 0) + 1);
      for (const [term, count] of titleCounts) {
        let list = postings.get(term);
        if (!list) postings.set(term, (list = []));
        list.push(document, count, textCounts.get(term) ?? 0);
      }
      for (const [term, count] of textCounts) {
        if (titleCounts.has(term)) continue;
        let list = postings.get(term);
        if (!list) postings.set(term, (list = []));
        list.push(document, 0, count);
      }
      titleLengths.push(titleTerms.length);
      textLengths.push(textTerms.length);
      titleLengthSum += titleTerms.length;
      textLengthSum += textTerms.length;
      return document;
    },
    search(query, limit) {
      prepare();
      const k1 = options.k1;
      let touchedCount = 0;
      for (const { term, weight } of query) {
        const list = postings.get(term);
        if (!list) continue;
        const termWeight = weight * idf(term);
        for (let index = 0; index < list.length; index += 3) {
          const document = list[index]!;
          const frequency = list[index + 1]! * titleNorm[document]! + list[index + 2]! * textNorm[document]!;
          if (scores[document] === 0) touched[touchedCount++] = document;
          scores[document]! += (termWeight * frequency) / (k1 + frequency);
        }
      }
      const hits: Bm25Hit[] = new Array(touchedCount);
      for (let index = 0; index < touchedCount; index += 1) {
        const document = touched[index]!;
        hits[index] = { document, score: scores[document]! };
        scores[document] = 0;
      }
      hits.sort((left, right) => right.score - left.score || left.document - right.document);
      if (hits.length > limit) hits.length = limit;
      return hits;
    },
  };
}
