import { councilNameAlternatives, councilNamed, councilNameMentions } from '../language/index.ts';
import type { Council } from '../people/index.ts';

// NOTE: the words a question wraps a council's name in, taken out with it: "in the", "yn", "at the council of"
// before it, "County Borough Council", "CBC" after it.
const wordsBefore =
  /(?<![@\w.])(?:(?:in|at|from|for|with|yn|ym|yng|o|gyda|efo|a|ac|i)\s+)?(?:the\s+|y\s+)?(?:cyngor\s+|council\s+of\s+)?$/i;
const wordsAfter = /^\s+(?:county borough council|county council|cbc|council|borough)\b(?![.@-]\w)/i;

/** The alternatives of every configured council's names, for building other patterns (no groups that capture). */
export function councilAlternatives(): string {
  return councilNameAlternatives();
}

/** Which council a name (in English or Welsh, mutated or not, or an acronym) refers to. */
export function councilFromName(name: string): Council | undefined {
  return councilNamed(name);
}

/**
 * Finds a council named in `text` ("in Torfaen", "ym Mlaenau Gwent", "at BGCBC") and returns the text
 * without that phrase. A name inside an email or web address, or joined to a word by a hyphen, is not taken.
 */
export function extractCouncil(text: string): { rest: string; council?: Council } {
  const mention = councilNameMentions(text).find((candidate) => !candidate.attached);
  if (!mention) return { rest: text };
  const before = wordsBefore.exec(text.slice(0, mention.start));
  const after = wordsAfter.exec(text.slice(mention.end));
  const start = before ? before.index : mention.start;
  const end = mention.end + (after ? after[0].length : 0);
  const rest = `${text.slice(0, start)} ${text.slice(end)}`.replace(/\s+/g, ' ').trim();
  return { rest, council: mention.council };
}
