import { normalise } from './text.ts';
import type { Council } from './types.ts';

const names: Record<string, Council> = {
  'blaenau gwent': 'blaenau-gwent',
  blaenaugwent: 'blaenau-gwent',
  bgcbc: 'blaenau-gwent',
  bg: 'blaenau-gwent',
  bgbc: 'blaenau-gwent',
  torfaen: 'torfaen',
  thorfaen: 'torfaen',
  nhorfaen: 'torfaen',
  tcbc: 'torfaen',
  tcbs: 'torfaen',
  bgbs: 'blaenau-gwent',
  cbsbg: 'blaenau-gwent',
  cbst: 'torfaen',
};

// NOTE: the words councils wrap their names in, in English and Welsh, are dropped before the name is looked up.
const decoration = /\b(county borough council|borough council|county council|council|cbc|cyngor bwrdeistref sirol|cyngor|bwrdeistref sirol|sirol|gov uk|llyw cymru)\b/g;

/**
 * The council a name refers to ("Blaenau Gwent", "blaenau-gwent", "BGCBC", "Cyngor Torfaen", "TCBC"…), or null.
 */
export function normaliseCouncil(text: string): Council | null {
  const normal = normalise(text);
  if (names[normal]) return names[normal];
  const bare = normal.replace(decoration, ' ').replace(/\s+/g, ' ').trim();
  return names[bare] ?? null;
}

/** A council named anywhere in a free text ("head of waste in Torfaen"), or null when none or both are. */
export function councilMentioned(text: string): Council | null {
  const normal = ` ${normalise(text)} `;
  const found = new Set<Council>();
  if (/ blaenau gwent | bgcbc /.test(normal)) found.add('blaenau-gwent');
  if (/ (t|th|nh)orfaen | tcbc /.test(normal)) found.add('torfaen');
  return found.size === 1 ? [...found][0]! : null;
}

/** The council's name for people; it is the same in English and Welsh. */
export function councilName(council: Council): string {
  return council === 'torfaen' ? 'Torfaen' : 'Blaenau Gwent';
}
