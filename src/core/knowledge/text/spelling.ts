/**
 * Typing slips in a question ("thier", "cheif", "managment", "recomendations"): a word that no indexed passage has
 * and that is not a word of the language is read as the indexed word (or the common word) it is one slip away from.
 * A word typed with a capital (a name) and a word joined by an apostrophe ("doesn't") are never read as slips.
 * Without it such a word counts as a word no document has, which is how a question the documents cannot answer
 * looks ("salary"), and the question is refused.
 */

/**
 * The words a correction may land on: the passages' own words with how many passages have each. It is asked for only
 * when a word needs reading, so a question with none costs nothing more.
 */
export type Vocabulary = ReadonlyMap<string, number>;

/** Short forms typed for English words of public administration, and the words they stand for. */
const shortForms = new Map([
  ['mgmt', 'management'],
  ['mgt', 'management'],
  ['mgr', 'manager'],
  ['dept', 'department'],
  ['govt', 'government'],
  ['cttee', 'committee'],
  ['assoc', 'association'],
  ['approx', 'approximately'],
  ['info', 'information'],
  ['reqs', 'requirements'],
]);

/** Shortest word that is corrected: shorter words are one slip away from too many others ("fund", "find"). */
const shortestCorrected = 5;
/** From this length a word may be two slips away. */
const twoSlipsFrom = 9;

/**
 * Edit distance with adjacent transpositions counted as one slip (optimal string alignment), or `limit + 1` as soon
 * as it must exceed `limit`.
 */
export function slips(left: string, right: string, limit: number): number {
  if (Math.abs(left.length - right.length) > limit) return limit + 1;
  let previousRow: number[] = [];
  let row = Array.from({ length: right.length + 1 }, (_, index) => index);
  let beforePrevious: number[] = [];
  for (let i = 1; i <= left.length; i += 1) {
    beforePrevious = previousRow;
    previousRow = row;
    row = [i];
    let best = i;
    for (let j = 1; j <= right.length; j += 1) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      let value = Math.min(previousRow[j]! + 1, row[j - 1]! + 1, previousRow[j - 1]! + cost);
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1])
        value = Math.min(value, beforePrevious[j - 2]! + 1);
      row[j] = value;
      if (value < best) best = value;
    }
    if (best > limit) return limit + 1;
  }
  return row[right.length]!;
}

/**
 * The word `word` was most likely meant to be, or undefined when it stands as typed: it is shorter than five
 * letters, has a digit, or `isWord` says it is a word of the language already (an indexed word, a dictionary word, a
 * stop word), or nothing is close enough. Among the closest, the word most passages have wins; a common word
 * (`commonWords`, such as the stop words) counts as in every passage. The first letter is kept: slips there are rare,
 * and keeping it keeps the search small.
 */
export function correctedWord(
  word: string,
  vocabulary: () => Vocabulary,
  commonWords: ReadonlySet<string>,
  isWord: (word: string) => boolean,
): string | undefined {
  if (/\d/.test(word)) return undefined;
  // NOTE: a short form people type for a word ("mgmt", "govt", "dept") is read as the word, unless the documents
  // use the short form themselves.
  const full = shortForms.get(word);
  if (full && !vocabulary().has(word)) return full;
  if (isWord(word)) return undefined;
  // NOTE: spoken Welsh drops a final f ("nesa", "cynta", "ola" for "nesaf", "cyntaf", "olaf"), and people type it so.
  if (word.length >= 3 && /[aeiouwy]$/.test(word) && vocabulary().has(`${word}f`)) return `${word}f`;
  if (word.length < shortestCorrected) return undefined;
  const limit = word.length >= twoSlipsFrom ? 2 : 1;
  let best: { word: string; distance: number; count: number } | undefined;
  const consider = (candidate: string, count: number) => {
    if (candidate[0] !== word[0] || Math.abs(candidate.length - word.length) > limit) return;
    const distance = slips(word, candidate, limit);
    if (distance > limit) return;
    if (!best || distance < best.distance || (distance === best.distance && count > best.count))
      best = { word: candidate, distance, count };
  };
  for (const [candidate, count] of vocabulary()) consider(candidate, count);
  for (const candidate of commonWords) consider(candidate, Number.MAX_SAFE_INTEGER);
  return best?.word;
}

/**
 * The question with each slip read as the word it was meant to be (see `correctedWord`); the rest of the text,
 * spacing and punctuation included, is kept as typed.
 */
export function correctSpelling(
  question: string,
  vocabulary: () => Vocabulary,
  commonWords: ReadonlySet<string>,
  isWord: (word: string) => boolean,
): string {
  return question.replace(/[\p{L}\p{N}]+/gu, (typed, offset: number) => {
    // NOTE: a word typed with a capital is a name ("Rhian", "Flint", "LGBCW"), and a word joined to another by an
    // apostrophe is half of a contraction or a possessive ("doesn't"): both are left as typed.
    if (/\p{Lu}/u.test(typed)) return typed;
    if (/['’]/.test(question[offset - 1] ?? '') || /['’]/.test(question[offset + typed.length] ?? '')) return typed;
    return correctedWord(typed.normalize('NFC'), vocabulary, commonWords, isWord) ?? typed;
  });
}

/** A list of a language's words, read when first asked, that knows a word in its regular inflections too. */
export interface WordList {
  has(word: string): boolean;
}

/** The endings of regular English inflections, each with what the word may have been without it. */
const inflections: [ending: string, replacements: string[]][] = [
  ['ies', ['y']],
  ['ied', ['y']],
  ['ily', ['y']],
  ['es', ['', 'e']],
  ['s', ['']],
  ['ed', ['', 'e']],
  ['ing', ['', 'e']],
  ['er', ['', 'e']],
  ['est', ['', 'e']],
  ['ly', ['', 'le']],
];

/**
 * The words of `read`'s text, one a line (`#` lines are comments). A word is known as listed, or as a regular
 * inflection of a listed word ("replies", "stopped", "managing").
 */
export function createWordList(read: () => string | undefined): WordList {
  let words: Set<string> | undefined;
  const load = () =>
    (words ??= new Set(
      (read() ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#')),
    ));
  const has = (word: string): boolean => {
    const list = load();
    if (list.has(word)) return true;
    // NOTE: the list spells "-ize"; British English writes "-ise" ("organisation", "prioritised").
    const american = word.replace(/is(ation|ations|e|es|ed|ing|er|ers)$/, 'iz$1');
    if (american !== word && has(american)) return true;
    for (const [ending, replacements] of inflections) {
      if (!word.endsWith(ending) || word.length <= ending.length + 1) continue;
      const stem = word.slice(0, -ending.length);
      if (replacements.some((replacement) => list.has(stem + replacement))) return true;
      // NOTE: a doubled last consonant ("stopped", "planning") is the stem's own letter written twice.
      if (/([b-df-hj-np-tv-z])\1$/.test(stem) && list.has(stem.slice(0, -1))) return true;
    }
    return false;
  };
  return { has };
}
