/**
 * Welsh changes the first letter of a word after some words ("am gaffael", "fy nghynllun", "a thempled").
 * A directory lists skills in their plain (radical) form, so a lookup that finds nothing for the mutated
 * word tries the forms it may have come from.
 */
const reversals: [mutated: RegExp, radicals: string[]][] = [
  // nasal
  [/^ngh/i, ['c']],
  [/^mh/i, ['p']],
  [/^nh/i, ['t']],
  [/^ng/i, ['g']],
  // aspirate
  [/^ch/i, ['c']],
  [/^ph/i, ['p']],
  [/^th/i, ['t']],
  // soft
  [/^dd/i, ['d']],
  [/^g/i, ['c']],
  [/^b/i, ['p']],
  [/^d/i, ['t']],
  [/^f(?!f)/i, ['b', 'm']],
  [/^l(?!l)/i, ['ll']],
  [/^r(?!h)/i, ['rh']],
  [/^m/i, ['b']],
  [/^n/i, ['d']],
  // soft mutation drops an initial g: gwastraff → wastraff, gwybodaeth → wybodaeth, gofal → ofal
  [/^(?=[aeiouwyâêîôûŵŷ])/i, ['g']],
];

/**
 * The plain forms the first word of `phrase` may have had before a mutation, most likely first. Words in
 * capitals (GIS, DPIA) are acronyms and are left alone.
 */
export function radicalForms(phrase: string): string[] {
  const [first, ...rest] = phrase.trim().split(/\s+/);
  if (!first || first === first.toUpperCase()) return [];
  const forms: string[] = [];
  for (const [mutated, radicals] of reversals) {
    const match = mutated.exec(first);
    if (!match) continue;
    for (const radical of radicals) {
      const word = radical + first.slice(match[0].length);
      if (word.toLowerCase() !== first.toLowerCase()) forms.push([word, ...rest].join(' '));
    }
    // NOTE: only the longest matching mutation counts (ngh before ng before n), so stop at the first.
    break;
  }
  return forms;
}
