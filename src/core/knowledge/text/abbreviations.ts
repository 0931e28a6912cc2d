import type { Language } from '../../language/index.ts';
import type { GlossaryEntry } from './glossary.ts';

/** An abbreviation a document defines, with the name it stands for ("CJCs" for "Corporate Joint Committees"). */
export interface DefinedAbbreviation {
  short: string;
  long: string;
  language: Language;
}

// The short form: two to ten letters, at least two of them capitals ("SPC", "CJCs", "CBCau", "CLlLC").
const shortForm = String.raw`[\p{Lu}][\p{L}]{1,9}`;
// "Long Name (ABBR)", "Long Name ("ABBR")", "Long Name (the “ABBR”)".
const bracketed = new RegExp(
  String.raw`([^()\n.;:!?]{3,200}?)\s*\(\s*(?:the\s+|y\s+|yr\s+)?["“‘']?(${shortForm})["”’']?\s*\)`,
  'gu',
);
// "corporate joint committees, or CJCs", "… neu CBCau".
const orForm = new RegExp(String.raw`([^()\n.;:!?,]{3,200}?),?\s+(?:or|neu)\s+(${shortForm})\b`, 'gu');

function capitals(text: string): number {
  return (text.match(/\p{Lu}/gu) ?? []).length;
}

/** The short form without a plural ending ("CJCs" → "CJC", "CBCau" → "CBC"), or undefined when it has none. */
function singular(short: string): string | undefined {
  const match = /^(.*\p{Lu})(?:s|au)$/u.exec(short);
  return match ? match[1] : undefined;
}

const isWordCharacter = (character: string | undefined) => character !== undefined && /[\p{L}\p{N}]/u.test(character);

/**
 * The shortest end of `before` whose letters spell `short` in order, its first letter starting a word (the
 * usual reading of "Long Name (LN)"); undefined when none does, or when it would take more words than an
 * abbreviation of that length plausibly stands for.
 */
function longFormFor(short: string, before: string): string | undefined {
  const letters = [...short.toLowerCase()].filter((character) => isWordCharacter(character));
  const text = [...before];
  let at = text.length - 1;
  for (let index = letters.length - 1; index >= 0; index -= 1) {
    const letter = letters[index]!;
    while (at >= 0 && (text[at]!.toLowerCase() !== letter || (index === 0 && at > 0 && isWordCharacter(text[at - 1]))))
      at -= 1;
    if (at < 0) return undefined;
    at -= 1;
  }
  const start = text.lastIndexOf(' ', at + 1) + 1;
  const long = text
    .slice(start)
    .join('')
    .trim()
    .replace(/[,\s]+$/, '');
  const words = long.split(/\s+/).filter(Boolean);
  if (words.length < 2 || words.length > Math.min(letters.length + 5, letters.length * 2)) return undefined;
  if (long.toLowerCase() === short.toLowerCase()) return undefined;
  return long;
}

/** The abbreviations a text defines, each once. */
export function abbreviationsIn(text: string, language: Language): DefinedAbbreviation[] {
  const found = new Map<string, DefinedAbbreviation>();
  for (const pattern of [bracketed, orForm]) {
    for (const match of text.matchAll(pattern)) {
      const [, before, short] = match as unknown as [string, string, string];
      if (capitals(short) < 2) continue;
      const core = singular(short) ?? short;
      const long = longFormFor(core, before);
      if (!long) continue;
      const key = `${short.toLowerCase()}|${long.toLowerCase()}`;
      if (!found.has(key)) found.set(key, { short, long, language });
    }
  }
  return [...found.values()];
}

/** A name as compared with another: case and plural endings aside ("Corporate Joint Committee(s)"). */
function meaning(long: string): string {
  return long
    .toLowerCase()
    .split(/[\s-]+/)
    .map((word) => word.replace(/(?:s|au)$/, ''))
    .join(' ');
}

/**
 * Glossary entries for defined abbreviations: the short form (and its singular) stands in for the name, and back.
 * A short form of two letters, or one the documents define as different names ("AD" for two diseases), is left
 * out: expanding it would find the other meaning as often as the one asked about.
 */
export function abbreviationEntries(abbreviations: Iterable<DefinedAbbreviation>): GlossaryEntry[] {
  const list = [...abbreviations];
  const meanings = new Map<string, Set<string>>();
  for (const { short, long } of list) {
    const key = (singular(short) ?? short).toLowerCase();
    (meanings.get(key) ?? meanings.set(key, new Set()).get(key)!).add(meaning(long));
  }
  const entries = new Map<string, GlossaryEntry>();
  for (const { short, long, language } of list) {
    const stem = (singular(short) ?? short).toLowerCase();
    if (stem.length < 3 || meanings.get(stem)!.size > 1) continue;
    const key = `${short.toLowerCase()}|${long.toLowerCase()}`;
    if (entries.has(key)) continue;
    const core = singular(short);
    entries.set(key, {
      en: language === 'en' ? [long] : [],
      cy: language === 'cy' ? [long] : [],
      both: core ? [short, core] : [short],
    });
  }
  return [...entries.values()];
}
