import { stemmer } from 'stemmer';
import { englishStopWords, welshStopWords, type Language } from '../../language/index.ts';
import { foldMutation } from './welsh-mutations.ts';

/**
 * Splits text into words: lower case, NFC, letters and digits only (apostrophes and hyphens split words).
 */
export function words(text: string): string[] {
  const lower = text.toLowerCase();
  // NOTE: normalising is only needed (and only costs) when the text has non-ASCII letters.
  return (/[^ -~\s]/.test(lower) ? lower.normalize('NFC') : lower).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Turns text into index terms for one language. Both documents and queries go through the same analysis. */
export interface Analyzer {
  terms(text: string, language: Language): string[];
  /** One word to its term, or undefined for a stop word. */
  term(word: string, language: Language): string | undefined;
}

/**
 * The retrieval analysis: words, stop words removed, English words Porter-stemmed, Welsh words folded to
 * their mutation family (and then stemmed, which leaves Welsh endings mostly alone but keeps English names
 * inside Welsh text matching English queries).
 *
 * NOTE: stems are cached per language; stemming is most of the indexing time and a corpus repeats words.
 */
export function createAnalyzer(): Analyzer {
  const caches: Record<Language, Map<string, string | null>> = { en: new Map(), cy: new Map() };

  function term(word: string, language: Language): string | undefined {
    const cache = caches[language];
    const cached = cache.get(word);
    if (cached !== undefined) return cached ?? undefined;
    let result: string | null;
    if (englishStopWords.has(word) || (language === 'cy' && welshStopWords.has(word))) result = null;
    else if (/^\d+$/.test(word)) result = word;
    // NOTE: single letters are the leftovers of elisions ("council's", "yw'r"), not words.
    else if (word.length === 1) result = null;
    else result = stemmer(language === 'cy' ? foldMutation(word) : word);
    if (cache.size > 200_000) cache.clear();
    cache.set(word, result);
    return result ?? undefined;
  }

  return {
    term,
    terms(text, language) {
      const result: string[] = [];
      // NOTE: a cited URL is not content; its slug would make every passage citing it match its words.
      for (const word of words(text.includes('http') ? text.replace(/\bhttps?:\/\/\S+/g, ' ') : text)) {
        const value = term(word, language);
        if (value !== undefined) result.push(value);
      }
      return result;
    },
  };
}
