import { stemmer } from 'stemmer';
import { normalise, peopleSearchStopWords } from '../language/index.ts';

/**
 * Text helpers for matching names, skills and services: words in the one normal form of `core/language`, word
 * stems, and a small edit distance for typos.
 */

/** The words of a text in normal form. */
export function words(text: string): string[] {
  const normal = normalise(text);
  return normal === '' ? [] : normal.split(' ');
}

/** The words that carry meaning (no "and", "of", "y", "yr"…). Falls back to all words if every one is a stop word. */
export function contentWords(text: string): string[] {
  const all = words(text);
  const content = all.filter((word) => !peopleSearchStopWords.has(word));
  return content.length > 0 ? content : all;
}

/** The Porter stem of a word in normal form ("flooding" → "flood"). */
export function stem(word: string): string {
  return word.length <= 3 ? word : stemmer(word);
}

/**
 * The optimal-string-alignment distance between two words (insertions, deletions, substitutions and swaps of
 * neighbours), or `limit + 1` as soon as it must exceed `limit`.
 */
export function editDistance(left: string, right: string, limit: number): number {
  if (Math.abs(left.length - right.length) > limit) return limit + 1;
  let previousPrevious: number[] = [];
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row += 1) {
    const current = [row];
    let best = row;
    for (let column = 1; column <= right.length; column += 1) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      let value = Math.min(previous[column]! + 1, current[column - 1]! + 1, previous[column - 1]! + cost);
      if (row > 1 && column > 1 && left[row - 1] === right[column - 2] && left[row - 2] === right[column - 1]) {
        value = Math.min(value, previousPrevious[column - 2]! + 1);
      }
      current.push(value);
      if (value < best) best = value;
    }
    if (best > limit) return limit + 1;
    previousPrevious = previous;
    previous = current;
  }
  return previous[right.length]!;
}

/** How many typing mistakes a word of this length may carry and still count as a typo of another. */
export function typoAllowance(word: string): number {
  if (word.length < 5) return 0;
  return word.length < 8 ? 1 : 2;
}
