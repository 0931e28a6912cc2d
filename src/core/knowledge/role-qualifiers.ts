import type { Language } from '../language/index.ts';

/**
 * Words that make a role another role: the deputy leader is not the leader, the vice-chair is not the chair.
 * English puts them before the role ("deputy leader", "vice-chair", "assistant director"); Welsh has "dirprwy"
 * before it and the prefix "is-" ("is-gadeirydd").
 */
// NOTE: only before a word for a role: "shadow a colleague", "is-adran" (subsection) and "teaching assistant paid"
// are not roles. Welsh role words are given in their plain and softened forms ("is-gadeirydd", "dirprwy brif").
const roles = {
  en: 'leaders?|chairs?|chairman|chairwoman|chairperson|chief|chiefs|directors?|managers?|heads?|presidents?|principals?|ministers?|secretar(?:y|ies)|officers?|executives?|commissioners?|mayors?|clerks?|treasurers?|governors?|lieutenants?|registrars?|monitoring',
  cy: 'arweinydd|arweinwyr|cadeirydd|gadeirydd|prif|brif|cyfarwyddwr|gyfarwyddwr|rheolwr|reolwr|pennaeth|bennaeth|llywydd|lywydd|gweinidog|weinidog|ysgrifennydd|swyddog|comisiynydd|gomisiynydd|maer|faer|canghellor|ganghellor',
};
const qualified: Record<Language, RegExp> = {
  en: new RegExp(`\\b(?:deputy|vice|assistant|shadow)(?:\\s+|-)(${roles.en})(?!\\p{L})`, 'giu'),
  cy: new RegExp(`(?:\\bdirprwy\\s+|(?<![\\p{L}-])is-)(${roles.cy})(?!\\p{L})`, 'giu'),
};

/** The words a role qualifier comes before in a text, lower-cased ("leader" in "the deputy leader"). */
export function qualifiedRoles(text: string, language: Language): string[] {
  return [...text.matchAll(qualified[language])].map((match) => match[1]!.toLowerCase());
}

function hasQualifier(text: string): boolean {
  return qualifiedRoles(text, 'en').length > 0 || qualifiedRoles(text, 'cy').length > 0;
}

/**
 * Whether a sentence speaks of another role than the one asked about, so that it cannot answer: the question
 * asks about a deputy (or vice-, assistant, shadow…) and the sentence names none, or the sentence's only mention
 * of a role the question asks about is a deputy's. `term` reduces a word to the form the sentence's terms use; the
 * sentence's terms are read only when it names a deputy's role.
 */
export function speaksOfAnotherRole(
  question: string,
  questionLanguage: Language,
  sentence: { text: string; language: Language; terms: () => string[] },
  term: (word: string, language: Language) => string | undefined,
): boolean {
  if (qualifiedRoles(question, questionLanguage).length > 0) return !hasQualifier(sentence.text);
  const roles = qualifiedRoles(sentence.text, sentence.language);
  if (roles.length === 0) return false;
  const asked = new Set(
    question
      .split(/[^\p{L}\p{N}'’-]+/u)
      .map((word) => term(word, questionLanguage))
      .filter((word) => word !== undefined),
  );
  const counts = new Map<string, number>();
  for (const word of sentence.terms()) counts.set(word, (counts.get(word) ?? 0) + 1);
  const qualifiedCounts = new Map<string, number>();
  for (const role of roles) {
    const roleTerm = term(role, sentence.language);
    if (roleTerm !== undefined && asked.has(roleTerm))
      qualifiedCounts.set(roleTerm, (qualifiedCounts.get(roleTerm) ?? 0) + 1);
  }
  // NOTE: "the leader and the deputy leader" still names the leader: only a role every mention of which is qualified.
  return [...qualifiedCounts].some(([role, count]) => (counts.get(role) ?? 0) <= count);
}
