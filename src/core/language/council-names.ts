import { allCouncils, councilsVersion, mutatedForms } from '../councils/index.ts';

/**
 * The configured councils' names as names. Written as they are ("Blaenau Gwent", "TCBC", "Sir Fynwy") they say
 * nothing about the language of a message, since English uses them too; mutated ("yn Nhorfaen", "ym Mlaenau Gwent",
 * "o Dorfaen") they can only be Welsh. Both come from the councils file, so a council added there counts at once.
 */

interface Patterns {
  version: number;
  /** Every name, abbreviation and alias as written. */
  plain: RegExp;
  /** The soft, nasal and aspirate forms of every name. */
  mutated: RegExp;
}

let cached: Patterns | undefined;

function alternation(names: Iterable<string>): string {
  return [...new Set([...names].filter((name) => name.trim() !== ''))]
    .sort((left, right) => right.length - left.length)
    .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s-]+/g, '[\\s-]'))
    .join('|');
}

function patterns(): Patterns {
  if (!cached || cached.version !== councilsVersion()) {
    const councils = allCouncils();
    const plain = councils.flatMap((council) => [
      council.name.en,
      council.name.cy,
      council.abbreviation.en,
      council.abbreviation.cy,
      ...council.aliases,
    ]);
    const names = new Set(councils.flatMap((council) => [council.name.en, council.name.cy]));
    // NOTE: a mutated form that is itself a council's name as written ("Caerffili" is not, but a name could be) stays
    // plain; only forms no council is called count as Welsh.
    const plainLower = new Set(plain.map((name) => name.toLowerCase()));
    const mutated = [...names]
      .flatMap((name) => mutatedForms(name))
      .filter((form) => !plainLower.has(form.toLowerCase()));
    cached = {
      version: councilsVersion(),
      plain: new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${alternation(plain)})(?![\p{L}\p{N}])`, 'giu'),
      mutated: new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${alternation(mutated) || '(?!)'})(?![\p{L}\p{N}])`, 'giu'),
    };
  }
  return cached;
}

/** Matches the councils' names, abbreviations and aliases as written, anywhere in a text (global). */
export function councilNamesPattern(): RegExp {
  return patterns().plain;
}

/** The text with the councils' names as written replaced by spaces; mutated forms are left, as they are Welsh. */
export function withoutCouncilNames(text: string): string {
  return text.replace(patterns().plain, ' ');
}

/** How many mutated council names ("Nhorfaen", "Mlaenau Gwent", "Dorfaen") the text holds: each is a Welsh word. */
export function mentionsMutatedCouncilName(text: string): number {
  return text.match(patterns().mutated)?.length ?? 0;
}
