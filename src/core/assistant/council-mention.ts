import { councilByName, councilNameForms, councilsVersion } from '../councils/index.ts';
import type { Council } from '../people/index.ts';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A pattern matching any configured council's name as staff write it: names, their Welsh mutated forms (yn
 * Nhorfaen, ym Mlaenau Gwent, a Thorfaen), abbreviations and aliases; longest first. Rebuilt when the councils change.
 */
let built: { version: number; alternatives: string; pattern: RegExp } | undefined;
function current() {
  if (!built || built.version !== councilsVersion()) {
    const alternatives = councilNameForms()
      .map(({ form }) => escape(form).replace(/[\s-]+/g, '[\\s-]'))
      .join('|');
    built = {
      version: councilsVersion(),
      alternatives,
      pattern: new RegExp(
        String.raw`(?<![@\w.])(?:(?:in|at|from|for|with|yn|ym|yng|o|gyda|efo|a|ac|i)\s+)?(?:the\s+|y\s+)?(?:cyngor\s+|council\s+of\s+)?(${alternatives})(?:\s+(?:county borough council|county council|cbc|council|borough))?\b(?![.@-]\w)`,
        'i',
      ),
    };
  }
  return built;
}

/** The alternatives of every configured council's names, for building other patterns (no groups that capture). */
export function councilAlternatives(): string {
  return current().alternatives;
}

/** Which council a name (in English or Welsh, mutated or not, or an acronym) refers to. */
export function councilFromName(name: string): Council | undefined {
  return councilByName(name);
}

/**
 * Finds a council named in `text` ("in Torfaen", "ym Mlaenau Gwent", "at BGCBC") and returns the text
 * without that phrase.
 */
export function extractCouncil(text: string): { rest: string; council?: Council } {
  const match = current().pattern.exec(text);
  if (!match) return { rest: text };
  const council = councilFromName(match[1]!.replace(/\s+/g, ' '));
  const rest = `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`.replace(/\s+/g, ' ').trim();
  return { rest, council };
}
