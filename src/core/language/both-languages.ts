import type { Language } from './detect.ts';

/** The same thing said in English and in Welsh. */
export type BilingualText = Record<Language, string>;

/** One line in both languages, English first: for a message raised before anyone's language is known. */
export function bothLanguages(text: BilingualText): string {
  return `${text.en} / ${text.cy}`;
}

/**
 * A message in the reader's language first and then the other, as two paragraphs: where Pont may not know the
 * reader's language well (an unknown user, an error), the Welsh Language Standards way.
 */
export function readerFirst(language: Language, text: BilingualText): string {
  const other: Language = language === 'cy' ? 'en' : 'cy';
  return `${text[language]}\n\n${text[other]}`;
}
