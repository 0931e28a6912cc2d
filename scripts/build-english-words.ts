/**
 * `npx tsx scripts/build-english-words.ts [WORDNET_FOLDER]`: writes lexicon/en-words.txt, the English words Pont
 * knows are words, so that a question's word that no document has is read as a typing slip only when it is not one
 * ("thier" is read as "their"; "reply" is left alone). The words are WordNet 3.0's single-word lemmas and the
 * irregular forms it lists ("went", "children"), as Debian packages them (`apt-get install wordnet-base`, which puts
 * them in /usr/share/wordnet), and the English function words WordNet does not list; WordNet 3.0 licence, see
 * lexicon/README.md and lexicon/COPYING.WordNet.
 */
import fs from 'node:fs';
import path from 'node:path';

const folder = process.argv[2] ?? '/usr/share/wordnet';
const output = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'lexicon', 'en-words.txt');
const parts = ['noun', 'verb', 'adj', 'adv'];
const word = /^[a-z]+$/;

const found = new Set<string>();
for (const part of parts) {
  for (const line of fs.readFileSync(path.join(folder, `index.${part}`), 'latin1').split('\n')) {
    if (line.startsWith(' ') || line === '') continue;
    const lemma = line.split(' ')[0]!;
    if (word.test(lemma)) found.add(lemma);
  }
  for (const line of fs.readFileSync(path.join(folder, `${part}.exc`), 'latin1').split('\n')) {
    const inflected = line.split(' ')[0] ?? '';
    if (word.test(inflected)) found.add(inflected);
  }
}
// NOTE: WordNet lists no function words; these are added so that they are never read as slips.
const functionWords = `a about above across after against along although among amongst an and another any anybody
anyone anything anywhere are around as at be because been before behind below beneath beside besides between beyond
both but by can cannot could despite did do does down during each either enough every everybody everyone everything
everywhere except few for from further furthermore had has have he hence her hers herself him himself his how however
i if in inside into is it its itself least less many me might mine more moreover most much must my myself neither
nevertheless no nobody none nor not nothing now nowhere of off on once one onto or other others otherwise ought our
ours ourselves out outside over own per rather same several shall she should since so some somebody someone something
somewhere such than that the their theirs them themselves then there therefore these they this those though through
throughout thus till to together too toward towards under unless until unlike up upon us via was we were what
whatever when whenever where whereas wherever whether which whichever while whilst who whoever whole whom whomever
whose why will with within without would yet you your yours yourself yourselves`.split(/\s+/);
for (const function_ of functionWords) found.add(function_);

const header = [
  '# English words: WordNet 3.0 single-word lemmas and irregular forms, and English function words',
  '# (see README.md; licence in COPYING.WordNet).',
  '# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.',
];
fs.writeFileSync(output, `${[...header, ...[...found].sort()].join('\n')}\n`);
process.stdout.write(`${found.size} words written to ${output}\n`);
