import type { Language } from '../../language/index.ts';
import type { Analyzer } from './analyzer.ts';
import { words } from './analyzer.ts';
import type { Alternative, WeightedTerm } from './glossary.ts';

/** How much a translation of a question's word counts, against 1 for the word itself. */
export const translationWeight = 0.3;
/** How much a question's word counts when read as a word of the other language (names, acronyms, loanwords). */
export const sameWordWeight = 0.5;
/** Most translations added for one word: common words have many, and each one added is more noise. */
const maximumTranslations = 4;

/** Translates a question's content words into the other language's index terms. */
export interface Lexicon {
  /**
   * The terms to add so a question in `language` also finds passages in the other language: each content
   * word's translations (at `translationWeight`) and the word itself as the other language analyses it (at
   * `sameWordWeight`), with what each stands for. Terms the question already has are left out.
   */
  expand(
    question: string,
    language: Language,
    existing: ReadonlySet<string>,
  ): { terms: WeightedTerm[]; alternatives: Alternative[] };
  /** How many word pairs were loaded (0 before the first expansion, or when the file is missing). */
  readonly size: number;
  /** Whether an analysed term is a word of `language` the pairs have (a Welsh headword, an English translation). */
  knows(term: string, language: Language): boolean;
}

type Translations = Map<string, string[][]>;

/** The word pairs as the analyzer reads them: each language's terms to the other's. */
export interface AnalysedLexicon {
  toEnglish: Translations;
  toWelsh: Translations;
  pairs: number;
}

/**
 * Where the analysed pairs are kept between processes (analysing 17,000 pairs takes a noticeable part of a command),
 * under the text they were analysed from (`src/store/knowledge` keeps them in the data folder).
 */
export interface LexiconCache {
  load(text: string): AnalysedLexicon | undefined;
  /** Keeps the analysed pairs; a failure is only a slower next start, so it is not reported. */
  save(text: string, lexicon: AnalysedLexicon): void;
}

/**
 * Builds the lexicon over an analyzer. The pairs (`Welsh<TAB>English` lines, `#` comments) are read (by `read`,
 * which gives the text or undefined when there is none: `readLexiconFile` in the store reads Pont's own file) and
 * analysed on the first expansion, not before: a corpus in one language never pays for them.
 */
export function createLexicon(analyzer: Analyzer, read: () => string | undefined, cache?: LexiconCache): Lexicon {
  let loaded: AnalysedLexicon | undefined;

  function load() {
    if (loaded) return loaded;
    const text = read() ?? '';
    const saved = text ? cache?.load(text) : undefined;
    if (saved) return (loaded = saved);
    loaded = analyse(text);
    if (text && loaded.pairs > 0) cache?.save(text, loaded);
    return loaded;
  }

  function analyse(text: string): AnalysedLexicon {
    const toEnglish: Translations = new Map();
    const toWelsh: Translations = new Map();
    let pairs = 0;
    const addTo = (map: Translations, key: string | undefined, terms: string[]) => {
      if (!key || terms.length === 0) return;
      const list = map.get(key);
      if (!list) map.set(key, [terms]);
      else if (list.length < maximumTranslations && !list.some((known) => known.join(' ') === terms.join(' ')))
        list.push(terms);
    };
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const [welsh, english] = line.split('\t');
      if (!welsh || !english) continue;
      pairs += 1;
      const englishTerms = analyzer.terms(english, 'en');
      const welshTerm = analyzer.term(welsh, 'cy');
      addTo(toEnglish, welshTerm, englishTerms);
      // NOTE: the soft mutation of g drops the letter ("gweithredwr" → "weithredwr"), which mutation folding
      // cannot undo, so the dropped form is a key of its own.
      if (welsh.startsWith('g') && welsh.length > 3)
        addTo(toEnglish, analyzer.term(welsh.slice(1), 'cy'), englishTerms);
      if (englishTerms.length === 1 && welshTerm) addTo(toWelsh, englishTerms[0], [welshTerm]);
    }
    return { toEnglish, toWelsh, pairs };
  }

  return {
    get size() {
      return loaded?.pairs ?? 0;
    },
    knows(term, language) {
      const { toEnglish, toWelsh } = load();
      return (language === 'cy' ? toEnglish : toWelsh).has(term);
    },
    expand(question, language, existing) {
      const { toEnglish, toWelsh } = load();
      const other: Language = language === 'cy' ? 'en' : 'cy';
      const translations = language === 'cy' ? toEnglish : toWelsh;
      const weights = new Map<string, WeightedTerm>();
      const alternatives: Alternative[] = [];
      const add = (term: string, weight: number, standsFor: string) => {
        if (existing.has(term)) return;
        const known = weights.get(term);
        if (!known) weights.set(term, { term, weight, expanded: true, standsFor: [standsFor] });
        else {
          known.weight = Math.max(known.weight, weight);
          if (!known.standsFor.includes(standsFor)) known.standsFor.push(standsFor);
        }
      };
      const seen = new Set<string>();
      for (const word of words(question)) {
        const term = analyzer.term(word, language);
        if (term === undefined || seen.has(term)) continue;
        seen.add(term);
        const variants: string[][] = [];
        const same = analyzer.term(word, other);
        if (same !== undefined && same !== term) {
          add(same, sameWordWeight, term);
          variants.push([same]);
        }
        for (const translation of translations.get(term) ?? []) {
          for (const translated of translation) add(translated, translationWeight, term);
          variants.push(translation);
        }
        if (variants.length > 0) alternatives.push({ standsFor: [term], variants });
      }
      return { terms: [...weights.values()], alternatives };
    },
  };
}

/**
 * Whether a Welsh name and an English one are the same name word for word through the lexicon: every word of each
 * is the other's word itself or a translation of one of the other's words, in any order ("Cyd-bwyllgorau
 * Corfforedig" and "Corporate Joint Committees"). Names of one word are never judged the same: a single
 * dictionary word has too many senses to tell.
 */
export function sameNameInBothLanguages(lexicon: Lexicon, analyzer: Analyzer, welsh: string, english: string): boolean {
  const covers = (from: string, language: Language, to: string): boolean => {
    const source = [...new Set(analyzer.terms(from, language))];
    const target = new Set(analyzer.terms(to, language === 'cy' ? 'en' : 'cy'));
    if (source.length < 2 || target.size < 2) return false;
    const { alternatives } = lexicon.expand(from, language, new Set());
    const reached = new Set<string>();
    for (const term of source) {
      if (target.has(term)) {
        reached.add(term);
        continue;
      }
      const variant = alternatives
        .find((alternative) => alternative.standsFor.includes(term))
        ?.variants.find((terms) => terms.every((translated) => target.has(translated)));
      if (!variant) return false;
      for (const translated of variant) reached.add(translated);
    }
    return [...target].every((term) => reached.has(term));
  };
  return covers(welsh, 'cy', english) && covers(english, 'en', welsh);
}
