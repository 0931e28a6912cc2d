import { detectLanguage, englishStopWords, welshStopWords, type Language } from '../language/index.ts';
import { words } from './text/index.ts';

/** Tells whether a word is a word of one language. */
export type WordsOf = Record<Language, (word: string) => boolean>;

const functionWords: WordsOf = {
  en: (word) => englishStopWords.has(word),
  cy: (word) => welshStopWords.has(word),
};

/**
 * The language of a question. Function words are the surest sign in a short question ("Were staff
 * consulted?" has no Welsh word, though "staff" looks Welsh to a letter-pattern guess; "Is Blaenau Gwent
 * merging with Torfaen?" is English despite its Welsh names), so they decide when they disagree. A question of
 * content words only ("staff development", "arbedion") is in the language whose words it has, when `wordsOf` says
 * what the words of each language are; otherwise the shared detector decides.
 */
export function questionLanguage(text: string, fallback: Language = 'en', wordsOf?: WordsOf): Language {
  return languageOfFunctionWords(text) ?? (wordsOf && languageByWords(text, wordsOf)) ?? detectLanguage(text, fallback);
}

/**
 * The language a text's function words say it is in, when they say one ("who leads torfaen council": English;
 * "pwy ydi arweinydd blaenau gwent": Welsh); undefined when they do not tell ("staff development").
 */
export function languageOfFunctionWords(text: string): Language | undefined {
  return languageByWords(text, functionWords);
}

/** The language more of the text's words belong to alone; undefined when neither has more. */
function languageByWords(text: string, wordsOf: WordsOf): Language | undefined {
  let english = 0;
  let welsh = 0;
  for (const word of words(text)) {
    const inEnglish = wordsOf.en(word);
    const inWelsh = wordsOf.cy(word);
    if (inEnglish && !inWelsh) english += 1;
    if (inWelsh && !inEnglish) welsh += 1;
  }
  if (english > welsh) return 'en';
  if (welsh > english) return 'cy';
  return undefined;
}
