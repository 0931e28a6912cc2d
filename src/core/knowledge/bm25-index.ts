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

/**
 * NOTE: chosen on the TRAIN split of BEIR SciFact (809 queries) through the product path, documents ingested
 * as files and ranked whole (`npm run bench:retrieval -- --tune`): a flat plateau (k1 1.5–2.2, text b
 * 0.75–1, title ×2–4 all within 0.004 of the best) peaking at k1 1.8, strong length normalisation of the text
 * (0.9) and a title counting three times a text match: train nDCG@10 0.703. The test split is only reported.
 */
export const defaultBm25Options: Bm25Options = { k1: 1.8, b: { title: 0.6, text: 0.9 }, weight: { title: 3, text: 1 } };

export interface QueryTerm {
  term: string;
  weight: number;
}

export interface Bm25Hit {
  /** The position the document was added at. */
  document: number;
  score: number;
}

/** An index as plain data, to be saved and given back to `createBm25Index`: the same index, removals included. */
export interface Bm25Snapshot {
  /** The terms by id. */
  terms: string[];
  /** Each term's postings: (document, title tf, text tf) triples. */
  postings: Int32Array[];
  titleLengths: number[];
  textLengths: number[];
  removed: number[];
}

export interface Bm25Index {
  /** Documents added, removed ones included. */
  readonly size: number;
  /** Documents removed: they no longer match, though they still count in idf and average lengths. */
  readonly removed: number;
  /** Adds a document from its analysed terms and returns its position. */
  add(titleTerms: string[], textTerms: string[]): number;
  /** Stops a document matching (it was replaced or deleted). */
  remove(document: number): void;
  search(query: QueryTerm[], limit: number): Bm25Hit[];
  /** The score one document gets for a query (0 when it matches no term), without ranking the others. */
  scoreOf(query: QueryTerm[], document: number): number;
  /** Lucene idf of a term; a term no document has gets the highest idf there can be. */
  idf(term: string): number;
  /** Whether any document has the term. */
  has(term: string): boolean;
  /** The index as plain data (`createBm25Index(options, snapshot)` gives it back). */
  snapshot(): Bm25Snapshot;
}

export function createBm25Index(options: Bm25Options = defaultBm25Options, from?: Bm25Snapshot): Bm25Index {
  const termIds = new Map<string, number>();
  // postings[term] is a flat list of (document, title tf, text tf) triples.
  const postings: number[][] = [];
  const titleLengths: number[] = [];
  const textLengths: number[] = [];
  let titleLengthSum = 0;
  let textLengthSum = 0;
  let titleNorm = new Float64Array(0);
  let textNorm = new Float64Array(0);
  let normsFor = -1;
  let scores = new Float64Array(0);
  let touched = new Int32Array(0);
  let titleCounts = new Int32Array(1_024);
  let textCounts = new Int32Array(1_024);
  const unique: number[] = [];
  const removedDocuments = new Set<number>();
  if (from) {
    for (const [id, term] of from.terms.entries()) {
      termIds.set(term, id);
      postings.push(Array.from(from.postings[id]!));
    }
    for (const length of from.titleLengths) {
      titleLengths.push(length);
      titleLengthSum += length;
    }
    for (const length of from.textLengths) {
      textLengths.push(length);
      textLengthSum += length;
    }
    for (const document of from.removed) removedDocuments.add(document);
    let capacity = titleCounts.length;
    while (capacity <= postings.length) capacity *= 2;
    titleCounts = new Int32Array(capacity);
    textCounts = new Int32Array(capacity);
  }

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

  function idfOf(documentFrequency: number): number {
    const count = titleLengths.length;
    return Math.log(1 + (count - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  function idf(term: string): number {
    const id = termIds.get(term);
    return idfOf(id === undefined ? 0 : postings[id]!.length / 3);
  }

  function intern(term: string): number {
    let id = termIds.get(term);
    if (id === undefined) {
      id = postings.length;
      termIds.set(term, id);
      postings.push([]);
      if (id >= titleCounts.length) {
        const grownTitle = new Int32Array(titleCounts.length * 2);
        grownTitle.set(titleCounts);
        titleCounts = grownTitle;
        const grownText = new Int32Array(textCounts.length * 2);
        grownText.set(textCounts);
        textCounts = grownText;
      }
    }
    return id;
  }

  return {
    get size() {
      return titleLengths.length;
    },
    get removed() {
      return removedDocuments.size;
    },
    remove(document) {
      if (document >= 0 && document < titleLengths.length) removedDocuments.add(document);
    },
    idf,
    has: (term) => termIds.has(term),
    snapshot: () => ({
      terms: [...termIds.keys()],
      postings: postings.map((list) => Int32Array.from(list)),
      titleLengths: [...titleLengths],
      textLengths: [...textLengths],
      removed: [...removedDocuments],
    }),
    add(titleTerms, textTerms) {
      const document = titleLengths.length;
      unique.length = 0;
      for (const term of titleTerms) {
        const id = intern(term);
        if (titleCounts[id] === 0 && textCounts[id] === 0) unique.push(id);
        titleCounts[id]! += 1;
      }
      for (const term of textTerms) {
        const id = intern(term);
        if (titleCounts[id] === 0 && textCounts[id] === 0) unique.push(id);
        textCounts[id]! += 1;
      }
      for (const id of unique) {
        postings[id]!.push(document, titleCounts[id]!, textCounts[id]!);
        titleCounts[id] = 0;
        textCounts[id] = 0;
      }
      titleLengths.push(titleTerms.length);
      textLengths.push(textTerms.length);
      titleLengthSum += titleTerms.length;
      textLengthSum += textTerms.length;
      return document;
    },
    scoreOf(query, document) {
      prepare();
      if (document < 0 || document >= titleLengths.length || removedDocuments.has(document)) return 0;
      let score = 0;
      for (const { term, weight } of query) {
        const id = termIds.get(term);
        if (id === undefined) continue;
        const list = postings[id]!;
        // NOTE: postings are in the order documents were added, so a binary search finds the document's triple.
        let low = 0;
        let high = list.length / 3 - 1;
        while (low <= high) {
          const middle = (low + high) >> 1;
          const found = list[middle * 3]!;
          if (found === document) {
            const frequency =
              list[middle * 3 + 1]! * titleNorm[document]! + list[middle * 3 + 2]! * textNorm[document]!;
            score += (weight * idfOf(list.length / 3) * frequency) / (options.k1 + frequency);
            break;
          }
          if (found < document) low = middle + 1;
          else high = middle - 1;
        }
      }
      return score;
    },
    search(query, limit) {
      prepare();
      const k1 = options.k1;
      let touchedCount = 0;
      for (const { term, weight } of query) {
        const id = termIds.get(term);
        if (id === undefined) continue;
        const list = postings[id]!;
        const termWeight = weight * idfOf(list.length / 3);
        for (let index = 0; index < list.length; index += 3) {
          const document = list[index]!;
          const frequency = list[index + 1]! * titleNorm[document]! + list[index + 2]! * textNorm[document]!;
          if (scores[document] === 0) touched[touchedCount++] = document;
          scores[document]! += (termWeight * frequency) / (k1 + frequency);
        }
      }
      // NOTE: a bounded min-heap keeps the best `limit` without sorting (or allocating for) every match.
      const size = Math.min(limit, touchedCount);
      const heapDocuments = new Int32Array(size);
      const heapScores = new Float64Array(size);
      let heapCount = 0;
      const worse = (leftScore: number, leftDocument: number, rightScore: number, rightDocument: number) =>
        leftScore < rightScore || (leftScore === rightScore && leftDocument > rightDocument);
      const siftDown = (start: number) => {
        let parent = start;
        for (;;) {
          const left = 2 * parent + 1;
          if (left >= heapCount) return;
          const right = left + 1;
          let smallest = left;
          if (
            right < heapCount &&
            worse(heapScores[right]!, heapDocuments[right]!, heapScores[left]!, heapDocuments[left]!)
          )
            smallest = right;
          if (!worse(heapScores[smallest]!, heapDocuments[smallest]!, heapScores[parent]!, heapDocuments[parent]!))
            return;
          [heapScores[parent], heapScores[smallest]] = [heapScores[smallest]!, heapScores[parent]!];
          [heapDocuments[parent], heapDocuments[smallest]] = [heapDocuments[smallest]!, heapDocuments[parent]!];
          parent = smallest;
        }
      };
      for (let index = 0; index < touchedCount; index += 1) {
        const document = touched[index]!;
        const score = scores[document]!;
        scores[document] = 0;
        if (size === 0 || (removedDocuments.size > 0 && removedDocuments.has(document))) continue;
        if (heapCount < size) {
          let child = heapCount++;
          heapScores[child] = score;
          heapDocuments[child] = document;
          while (child > 0) {
            const parent = (child - 1) >> 1;
            if (!worse(heapScores[child]!, heapDocuments[child]!, heapScores[parent]!, heapDocuments[parent]!)) break;
            [heapScores[parent], heapScores[child]] = [heapScores[child]!, heapScores[parent]!];
            [heapDocuments[parent], heapDocuments[child]] = [heapDocuments[child]!, heapDocuments[parent]!];
            child = parent;
          }
        } else if (worse(heapScores[0]!, heapDocuments[0]!, score, document)) {
          heapScores[0] = score;
          heapDocuments[0] = document;
          siftDown(0);
        }
      }
      const hits: Bm25Hit[] = new Array(heapCount);
      for (let index = 0; index < heapCount; index += 1)
        hits[index] = { document: heapDocuments[index]!, score: heapScores[index]! };
      hits.sort((left, right) => right.score - left.score || left.document - right.document);
      return hits;
    },
  };
}
