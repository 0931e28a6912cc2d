import { allCouncils, councilsVersion, mutatedForms, type Council } from '../councils/index.ts';
import { normalise } from './normalise.ts';

/**
 * The configured councils' names as names, and the one place they are matched. Written as they are ("Blaenau Gwent",
 * "TCBC", "Sir Fynwy") they say nothing about the language of a message, since English uses them too; mutated ("yn
 * Nhorfaen", "ym Mlaenau Gwent", "o Dorfaen") they can only be Welsh. All come from the councils file, so a council
 * added there is matched at once: as a whole field (`councilNamed`), anywhere in a text (`councilNameMentions`),
 * and by the language detector.
 */

interface NameForm {
  /** Lower case, as written in the councils file or without its accents (or a mutated form of a name). */
  form: string;
  council: Council;
  mutated: boolean;
}

interface Patterns {
  version: number;
  /** Each form keyed by its letters and digits alone, so "blaenau-gwent" and "Blaenau  Gwent" find it. */
  byKey: Map<string, NameForm>;
  /** Every name, abbreviation and alias as written (global). */
  plain: RegExp;
  /** The soft, nasal and aspirate forms of every name (global). */
  mutated: RegExp;
  /** Every form, plain or mutated, longest first (global). */
  any: RegExp;
  /** The alternatives of `any`, for building other patterns. */
  alternatives: string;
}

let cached: Patterns | undefined;

const squash = (text: string) => normalise(text).replace(/ /g, '');

/** The text with accents taken off its letters (ŵ → w, ô → o). */
function withoutAccents(text: string): string {
  return Array.from(text, (character) => {
    const plain = character.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    return plain.length === character.length ? plain : character;
  }).join('');
}

function alternation(names: Iterable<string>): string {
  return [...new Set([...names].filter((name) => name.trim() !== ''))]
    .sort((left, right) => right.length - left.length)
    .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s-]+/g, '[\\s-]+'))
    .join('|');
}

const wholeWords = (alternatives: string) =>
  new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${alternatives || '(?!)'})(?![\p{L}\p{N}])`, 'giu');

function patterns(): Patterns {
  if (!cached || cached.version !== councilsVersion()) {
    const forms = new Map<string, NameForm>();
    const add = (name: string, council: Council, mutated: boolean) => {
      const written = name.trim().toLowerCase();
      // NOTE: a form that is some council's name as written stays plain; only forms no council is called are Welsh.
      // A name with accents is also matched without them, as people often type it ("Ynys Mon").
      for (const form of new Set([written, withoutAccents(written)]))
        if (form !== '' && !forms.has(form)) forms.set(form, { form, council, mutated });
    };
    const councils = allCouncils();
    for (const council of councils) {
      for (const name of [council.name.en, council.name.cy, council.id.replaceAll('-', ' ')])
        add(name, council.id, false);
      for (const name of [council.abbreviation.en, council.abbreviation.cy, ...council.aliases])
        add(name, council.id, false);
    }
    for (const council of councils)
      for (const name of [council.name.en, council.name.cy])
        for (const form of mutatedForms(name)) add(form, council.id, true);
    const all = [...forms.values()];
    const alternatives = alternation(all.map((entry) => entry.form));
    cached = {
      version: councilsVersion(),
      byKey: new Map(all.map((entry) => [squash(entry.form), entry])),
      plain: wholeWords(alternation(all.filter((entry) => !entry.mutated).map((entry) => entry.form))),
      mutated: wholeWords(alternation(all.filter((entry) => entry.mutated).map((entry) => entry.form))),
      any: wholeWords(alternatives),
      alternatives,
    };
  }
  return cached;
}

/** Matches the councils' names, abbreviations and aliases as written, anywhere in a text (global). */
export function councilNamesPattern(): RegExp {
  return patterns().plain;
}

/** The alternatives of every council's names, written or mutated, for building other patterns (no capturing groups). */
export function councilNameAlternatives(): string {
  return patterns().alternatives;
}

/** The text with the councils' names as written replaced by spaces; mutated forms are left, as they are Welsh. */
export function withoutCouncilNames(text: string): string {
  return text.replace(patterns().plain, ' ');
}

/** How many mutated council names ("Nhorfaen", "Mlaenau Gwent", "Dorfaen") the text holds: each is a Welsh word. */
export function mentionsMutatedCouncilName(text: string): number {
  return text.match(patterns().mutated)?.length ?? 0;
}

/** A council's name found in a text. */
export interface CouncilNameMention {
  council: Council;
  /** Where the name starts and ends in the text. */
  start: number;
  end: number;
  /** A mutated form ("Nhorfaen"): Welsh. */
  mutated: boolean;
  /**
   * Joined to the text around it by "@", "." or "-": part of an email or web address ("j@torfaen.gov.uk"), or of a
   * compound word ("Torfaen-based").
   */
  attached: boolean;
}

/** The councils' names in a text, written or mutated, as whole words, in order. */
export function councilNameMentions(text: string): CouncilNameMention[] {
  const { any, byKey } = patterns();
  return [...text.matchAll(any)].flatMap((match) => {
    const entry = byKey.get(squash(match[0]));
    if (!entry) return [];
    const start = match.index;
    const end = start + match[0].length;
    const attached = /[@.]$/.test(text.slice(0, start)) || /^[.@-]\w/.test(text.slice(end));
    return [{ council: entry.council, start, end, mutated: entry.mutated, attached }];
  });
}

// NOTE: the words councils wrap their names in, in English and Welsh, are dropped before a field is looked up.
const decoration =
  /\b(county borough council|borough council|county council|council|cbc|cyngor bwrdeistref sirol|cyngor|bwrdeistref sirol|sirol|gov uk|llyw cymru)\b/g;

const countyCouncil = /\b(cyngor sir|county council|council)\b/g;

/**
 * The council a whole field names ("Blaenau Gwent", "blaenau-gwent", "BGCBC", "Cyngor Torfaen", "Torfaen CBC",
 * "torfaen.gov.uk", "Nhorfaen"), or undefined. Case, spaces, hyphens and the words councils wrap their names in do
 * not matter.
 */
export function councilNamed(text: string): Council | undefined {
  const { byKey } = patterns();
  const normal = normalise(text);
  if (normal === '') return undefined;
  const direct = byKey.get(normal.replace(/ /g, ''));
  if (direct) return direct.council;
  // NOTE: "Cyngor Sir" (county council) is dropped only when the name is not itself "Sir …", as "Sir Fynwy" is.
  for (const words of [decoration, countyCouncil]) {
    const bare = normal.replace(words, ' ').replace(/\s+/g, '');
    const found = bare === '' ? undefined : byKey.get(bare);
    if (found) return found.council;
  }
  return undefined;
}
