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
// Where a definition ends, and what may not stand in its name: "Long Name (ABBR)", "Long Name ("ABBR")", "Long
// Name (the “ABBR”)"; "corporate joint committees, or CJCs", "… neu CBCau". The name is read back from there.
const definitions = [
  {
    ending: new RegExp(String.raw`\s*\(\s*(?:the\s+|y\s+|yr\s+)?["“‘']?(${shortForm})["”’']?\s*\)`, 'gu'),
    stops: '()\n.;:!?',
  },
  { ending: new RegExp(String.raw`,?\s+(?:or|neu)\s+(${shortForm})\b`, 'gu'), stops: '()\n.;:!?,' },
];
/** How far back from a definition's end its name may start. */
const lookBack = 200;

/** The text before `end`, from the last of `stops` (or `lookBack` characters) on. */
function textBefore(text: string, end: number, stops: string): string {
  const window = text.slice(Math.max(0, end - lookBack), end);
  let cut = window.length - 1;
  while (cut >= 0 && !stops.includes(window[cut]!)) cut -= 1;
  return window.slice(cut + 1);
}

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
  // NOTE: a name with an abbreviation in it ("CJC, the committee (CJC)") is a misreading, not a second meaning.
  if (words.some((word) => capitals(word) >= 2)) return undefined;
  return long;
}

/** The abbreviations a text defines, each once. */
export function abbreviationsIn(text: string, language: Language): DefinedAbbreviation[] {
  const found = new Map<string, DefinedAbbreviation>();
  for (const { ending, stops } of definitions) {
    for (const match of text.matchAll(ending)) {
      const short = match[1]!;
      if (capitals(short) < 2) continue;
      const before = textBefore(text, match.index, stops);
      if (before.trim().length < 3) continue;
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
 *
 * With `sameName`, an abbreviation defined in Welsh and one defined in English whose names it judges to be one
 * name in the two languages become one entry: "CBC" ("Cyd-bwyllgorau Corfforedig") then stands in for "CJC"
 * ("Corporate Joint Committees") and back, and a Welsh question about CBCau finds English passages about CJCs.
 */
export function abbreviationEntries(
  abbreviations: Iterable<DefinedAbbreviation>,
  sameName?: (welsh: string, english: string) => boolean,
): GlossaryEntry[] {
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
  const result = [...entries.values()];
  if (!sameName) return result;
  const welsh = result.filter((entry) => entry.cy.length > 0);
  const english = result.filter((entry) => entry.en.length > 0);
  if (welsh.length === 0 || english.length === 0) return result;
  const merged = new Set<GlossaryEntry>();
  const linked: GlossaryEntry[] = [];
  for (const cy of welsh) {
    // NOTE: only a name matched by one name of the other language is linked (its singular and plural, "CJC" and
    // "CJCs", are one name): two different candidates mean the translation cannot tell them apart.
    const matches = english.filter((en) => !merged.has(en) && sameName(cy.cy[0]!, en.en[0]!));
    if (matches.length === 0 || new Set(matches.map((en) => meaning(en.en[0]!))).size !== 1) continue;
    merged.add(cy);
    for (const en of matches) merged.add(en);
    linked.push({
      en: [...new Set(matches.flatMap((en) => en.en))],
      cy: cy.cy,
      both: [...new Set([...matches.flatMap((en) => en.both ?? []), ...(cy.both ?? [])])],
    });
  }
  return [...result.filter((entry) => !merged.has(entry)), ...linked];
}
