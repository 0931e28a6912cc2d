import { councilIds, councilName as nameOf, otherCouncils } from '../councils/index.ts';
import { councilNamed, councilNameMentions } from '../language/index.ts';
import type { Council } from './types.ts';

/**
 * The council a name refers to ("Blaenau Gwent", "blaenau-gwent", "BGCBC", "Cyngor Torfaen", "TCBC"…), or null.
 * Any council of the councils file, by its id, names, abbreviations or aliases.
 */
export function normaliseCouncil(text: string): Council | null {
  return councilNamed(text) ?? null;
}

/**
 * A council named anywhere in a free text ("head of waste in Torfaen", "www.torfaen.gov.uk"), or null when none or
 * several are.
 */
export function councilMentioned(text: string): Council | null {
  const found = new Set(councilNameMentions(text).map((mention) => mention.council));
  return found.size === 1 ? [...found][0]! : null;
}

/** The council's name for people (English; see core/councils for Welsh). */
export function councilName(council: Council): string {
  return nameOf(council, 'en');
}

export { councilIds, otherCouncils };
