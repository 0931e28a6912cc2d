import { detectLanguage, englishStopWords, welshStopWords, type Language } from '../language/index.ts';
import { words } from './text/index.ts';

/**
 * The language of a question. Function words are the surest sign in a short question ("Were staff
 * consulted?" has no Welsh word, though "staff" looks Welsh to a letter-pattern guess; "Is Blaenau Gwent
 * merging with Torfaen?" is English despite its Welsh names), so they decide when they disagree; otherwise
 * the shared detector does.
 */
export function questionLanguage(text: string, fallback: Language = 'en'): Language {
  return languageOfFunctionWords(text) ?? detectLanguage(text, fallback);
}

/**
 * The language a text's function words say it is in, when they say one ("who leads torfaen council": English;
 * "pwy ydi arweinydd blaenau gwent": Welsh); undefined when they do not tell ("staff development").
 */
export function languageOfFunctionWords(text: string): Language | undefined {
  let english = 0;
  let welsh = 0;
  for (const word of words(text)) {
    const inEnglish = englishStopWords.has(word);
    const inWelsh = welshStopWords.has(word);
    if (inEnglish && !inWelsh) english += 1;
    if (inWelsh && !inEnglish) welsh += 1;
  }
  if (english > welsh) return 'en';
  if (welsh > english) return 'cy';
  return undefined;
}
