/**
 * Welsh initial mutations, undone. Welsh changes the first sound of a word after some words: soft ("ei gyngor",
 * "am gaffael"), nasal ("fy nghyngor", "yng Ngwent": c → ngh, g → ng, p → mh, b → m, t → nh, d → n) and
 * aspirate ("a thempled"). A directory lists skills in their plain (radical) form, so a word that is not known
 * as it stands is looked up in the forms it may have come from.
 *
 * One table, longest beginnings first: only the longest matching beginning counts (ngh before ng before n).
 * ff, ll and rh are letters of their own, never the result of a mutation.
 */
const mutations: [mutated: RegExp, radicals: string[]][] = [
  // nasal
  [/^ngh/, ['c']],
  [/^mh/, ['p']],
  [/^nh/, ['t']],
  [/^ng/, ['g']],
  // aspirate
  [/^ch/, ['c']],
  [/^ph/, ['p']],
  [/^th/, ['t']],
  // soft
  [/^dd/, ['d']],
  [/^g/, ['c']],
  [/^b/, ['p']],
  [/^d/, ['t']],
  [/^f(?!f)/, ['b', 'm']],
  [/^l(?!l)/, ['ll']],
  [/^r(?!h)/, ['rh']],
  // nasal of b and d (m, n), after the longer beginnings above
  [/^m/, ['b']],
  [/^n/, ['d']],
];

/**
 * The forms a lower-case Welsh word may have had before an initial mutation, most likely first, not including
 * the word itself: "nghaffael" → ["caffael"], "fudd" → ["budd", "mudd"], "wastraff" → ["gwastraff"] (the soft
 * mutation drops an initial g), "hanes" → ["anes"] (an h put before a vowel, as after "ei" meaning "her").
 * At least two letters must stay after the mutated beginning.
 */
export function radicalForms(word: string): string[] {
  const forms: string[] = [];
  for (const [mutated, radicals] of mutations) {
    const match = mutated.exec(word);
    if (!match) continue;
    if (word.length >= match[0].length + 2)
      forms.push(...radicals.map((radical) => radical + word.slice(match[0].length)));
    break;
  }
  if (/^[aeiouwyâêîôûŵŷ]/.test(word)) forms.push(`g${word}`);
  if (/^h[aeiouwy]/.test(word)) forms.push(word.slice(1));
  return [...new Set(forms)].filter((form) => form !== word);
}

/**
 * The plain forms a phrase may have had, by its first word ("am gaffael data" asks for "caffael data"). A first
 * word in capitals (GIS, DPIA) is an acronym and is left alone.
 */
export function radicalPhrases(phrase: string): string[] {
  const [first, ...rest] = phrase.trim().split(/\s+/);
  if (!first || first === first.toUpperCase()) return [];
  return radicalForms(first.toLowerCase()).map((form) => [form, ...rest].join(' '));
}

const softMutations: [radical: RegExp, mutated: string][] = [
  [/^ll/, 'l'],
  [/^rh/, 'r'],
  [/^c(?!h)/, 'g'],
  [/^p(?!h)/, 'b'],
  [/^t(?!h)/, 'd'],
  [/^g/, ''],
  [/^b/, 'f'],
  [/^d(?!d)/, 'dd'],
  [/^m/, 'f'],
];

/** A lower-case Welsh word after a word that softens it ("am", "i", "ei" meaning "his"): "caffael" → "gaffael". */
export function softMutation(word: string): string {
  for (const [radical, mutated] of softMutations) if (radical.test(word)) return word.replace(radical, mutated);
  return word;
}
