/**
 * Welsh place names change their first sound after some words: "yn" takes the nasal mutation (Torfaen → yn
 * Nhorfaen, Blaenau Gwent → ym Mlaenau Gwent, Caerffili → yng Nghaerffili), "o" the soft one (o Dorfaen, o Flaenau
 * Gwent) and "a" the aspirate one (a Thorfaen). Names starting with any other sound do not change (yn Sir Fynwy).
 */

type Rule = [from: string, to: string];

const soft: Rule[] = [
  ['ll', 'l'],
  ['rh', 'r'],
  ['p', 'b'],
  ['t', 'd'],
  ['c', 'g'],
  ['b', 'f'],
  ['d', 'dd'],
  ['g', ''],
  ['m', 'f'],
];
const nasal: Rule[] = [
  ['p', 'mh'],
  ['t', 'nh'],
  ['c', 'ngh'],
  ['b', 'm'],
  ['d', 'n'],
  ['g', 'ng'],
];
const aspirate: Rule[] = [
  ['p', 'ph'],
  ['t', 'th'],
  ['c', 'ch'],
];

function mutate(name: string, rules: Rule[]): string {
  const lower = name.toLowerCase();
  for (const [from, to] of rules) {
    if (!lower.startsWith(from)) continue;
    const rest = name.slice(from.length);
    if (to === '') return rest.charAt(0).toUpperCase() + rest.slice(1);
    return to.charAt(0).toUpperCase() + to.slice(1) + rest;
  }
  return name;
}

/** The soft, nasal and aspirate forms of a name (only those that differ from it). */
export function mutatedForms(name: string): string[] {
  return [...new Set([soft, nasal, aspirate].map((rules) => mutate(name, rules)))].filter((form) => form !== name);
}

/** "yn Nhorfaen", "ym Mlaenau Gwent", "yng Nghaerffili", "yn Sir Fynwy". */
export function welshIn(name: string): string {
  const mutated = mutate(name, nasal);
  if (mutated === name) return `yn ${name}`;
  const lower = mutated.toLowerCase();
  if (lower.startsWith('m')) return `ym ${mutated}`;
  if (lower.startsWith('ng')) return `yng ${mutated}`;
  return `yn ${mutated}`;
}

/** "o Dorfaen", "o Flaenau Gwent". */
export function welshFrom(name: string): string {
  return `o ${mutate(name, soft)}`;
}
