/**
 * Welsh initial-consonant mutations. Welsh changes the first sound of a word after certain words:
 * "Torfaen" becomes "a Thorfaen" (aspirate), "yn Nhorfaen" (nasal); "cyngor" becomes "ei gyngor" (soft),
 * "fy nghyngor" (nasal), "ei chyngor" (aspirate). A search for one form must find the others.
 *
 * NOTE: the soft mutation of g drops the letter ("gweithredwr" → "weithredwr"), which cannot be undone
 * without a dictionary; and some mutated initials are also radical initials (g is both the soft form of c
 * and a letter of its own). So instead of guessing the radical form, every initial is mapped to one
 * representative of its mutation family. Mutated and radical forms then meet on the same key, which is all
 * retrieval needs: Thorfaen, Nhorfaen, Dorfaen → torfaen; Nghynghorau, Gynghorau, Chynghorau → cynghorau.
 */
const families: [prefix: string, representative: string][] = [
  // Longest prefixes first.
  ['ngh', 'c'],
  ['mh', 'p'],
  ['nh', 't'],
  ['ng', 'c'],
  ['ch', 'c'],
  ['ph', 'p'],
  ['th', 't'],
  ['dd', 't'],
  ['ff', 'ff'],
  ['ll', 'l'],
  ['rh', 'r'],
  ['c', 'c'],
  ['g', 'c'],
  ['p', 'p'],
  ['b', 'p'],
  ['m', 'p'],
  ['f', 'p'],
  ['t', 't'],
  ['d', 't'],
  ['n', 't'],
];

/** Maps a lower-case Welsh word to its mutation-family key: `foldMutation('thorfaen')` is `'torfaen'`. */
export function foldMutation(word: string): string {
  // Very short words are function words; folding them only makes collisions.
  if (word.length < 3) return word;
  for (const [prefix, representative] of families) {
    if (word.startsWith(prefix)) {
      const rest = word.slice(prefix.length);
      // "ng" alone at the start of a short word ("ngyda" is not a word); keep at least two letters of stem.
      if (rest.length < 2) return word;
      return representative + rest;
    }
  }
  return word;
}
