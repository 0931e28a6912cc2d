import {
  councilByName,
  councilIds,
  councilName as nameOf,
  councilNameForms,
  otherCouncils,
} from '../councils/index.ts';
import { normalise } from '../language/index.ts';
import type { Council } from './types.ts';

// NOTE: the words councils wrap their names in, in English and Welsh, are dropped before the name is looked up.
const decoration =
  /\b(county borough council|borough council|county council|council|cbc|cyngor bwrdeistref sirol|cyngor|bwrdeistref sirol|sirol|gov uk|llyw cymru)\b/g;

/**
 * The council a name refers to ("Blaenau Gwent", "blaenau-gwent", "BGCBC", "Cyngor Torfaen", "TCBC"…), or null.
 * Any council of the councils file, by its id, names, abbreviations or aliases.
 */
export function normaliseCouncil(text: string): Council | null {
  const normal = normalise(text);
  const direct = councilByName(normal) ?? councilByName(normal.replace(/ /g, ''));
  if (direct) return direct;
  const bare = normal.replace(decoration, ' ').replace(/\s+/g, ' ').trim();
  return (bare === '' ? undefined : councilByName(bare)) ?? null;
}

/** A council named anywhere in a free text ("head of waste in Torfaen"), or null when none or several are. */
export function councilMentioned(text: string): Council | null {
  const normal = ` ${normalise(text)} `;
  const found = new Set<Council>();
  for (const { form, council } of councilNameForms()) {
    const key = normalise(form);
    if (key !== '' && normal.includes(` ${key} `)) found.add(council);
  }
  return found.size === 1 ? [...found][0]! : null;
}

/** The council's name for people (English; see core/councils for Welsh). */
export function councilName(council: Council): string {
  return nameOf(council, 'en');
}

export { councilIds, otherCouncils };
