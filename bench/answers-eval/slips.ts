/**
 * Typing slips for `npm run bench:answers -- --slips`: each question is given one slip, the kind people make when
 * typing fast, in one of its lower-case words of five letters or more, chosen by a random source seeded from the
 * question's id (every run makes the same slips). The slips: two neighbouring letters swapped ("thier"), a letter left
 * out ("goverment"), a letter typed twice ("commitee" → "committtee"), or a letter replaced by one beside it on a
 * QWERTY keyboard ("councol"). The first letter is never changed. A question with no such word is left as it is.
 */
import { createRandom } from '../random.ts';

/** The letters beside each letter on a QWERTY keyboard. */
const besideOnKeyboard: Record<string, string> = {
  q: 'wa',
  w: 'qes',
  e: 'wrd',
  r: 'etf',
  t: 'ryg',
  y: 'tuh',
  u: 'yij',
  i: 'uok',
  o: 'ipl',
  p: 'ol',
  a: 'qsz',
  s: 'adwx',
  d: 'sfex',
  f: 'dgrc',
  g: 'fhtv',
  h: 'gjyb',
  j: 'hkun',
  k: 'jlim',
  l: 'kop',
  z: 'xa',
  x: 'zcs',
  c: 'xvd',
  v: 'cbf',
  b: 'vng',
  n: 'bmh',
  m: 'nj',
};

const kindsOfSlip = ['swap', 'drop', 'double', 'beside'] as const;
export type SlipKind = (typeof kindsOfSlip)[number];

/** A number from a question's id, to seed its random source. */
function seedOf(id: string): number {
  let hash = 2166136261;
  for (const character of id) hash = Math.imul(hash ^ character.charCodeAt(0), 16777619);
  return hash >>> 0;
}

/** `word` with one slip of `kind` at a position after the first letter, or undefined when that slip cannot be made. */
function slipped(word: string, kind: SlipKind, roll: () => number): string | undefined {
  const at = 1 + Math.floor(roll() * (word.length - 1));
  const letters = [...word];
  switch (kind) {
    case 'swap': {
      const next = at + 1 < letters.length ? at : at - 1;
      if (next < 1 || letters[next] === letters[next + 1]) return undefined;
      [letters[next], letters[next + 1]] = [letters[next + 1]!, letters[next]!];
      return letters.join('');
    }
    case 'drop':
      letters.splice(at, 1);
      return letters.join('');
    case 'double':
      letters.splice(at, 0, letters[at]!);
      return letters.join('');
    case 'beside': {
      const choices = besideOnKeyboard[letters[at]!];
      if (!choices) return undefined;
      letters[at] = choices[Math.floor(roll() * choices.length)]!;
      return letters.join('');
    }
  }
}

/** The question with one slip, the word it changed and what it became; the question as it is when no word can take one. */
export function withSlip(id: string, question: string): { question: string; word?: string; typed?: string } {
  const random = createRandom(seedOf(id));
  const words = [...question.matchAll(/(?<![\p{L}'’-])[a-z]{5,}(?![\p{L}'’-])/gu)];
  if (words.length === 0) return { question };
  const chosen = random.pick(words);
  for (let tries = 0; tries < 8; tries += 1) {
    const typed = slipped(chosen[0], random.pick(kindsOfSlip), random.next);
    if (typed && typed !== chosen[0]) {
      const at = chosen.index!;
      return {
        question: `${question.slice(0, at)}${typed}${question.slice(at + chosen[0].length)}`,
        word: chosen[0],
        typed,
      };
    }
  }
  return { question };
}
