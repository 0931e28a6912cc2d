/**
 * `npx tsx scripts/build-english-words.ts [WORDNET_FOLDER]`: writes lexicon/en-words.txt, the English words Pont
 * knows are words, so that a question's word that no document has is read as a typing slip only when it is not one
 * ("thier" is read as "their"; "reply" is left alone). The words are WordNet 3.0's single-word lemmas and the
 * irregular forms it lists ("went", "children"), as Debian packages them (`apt-get install wordnet-base`, which puts
 * them in /usr/share/wordnet); WordNet 3.0 licence, see lexicon/README.md and lexicon/COPYING.WordNet.
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
const header = [
  '# English words: WordNet 3.0 single-word lemmas and irregular forms (see README.md; licence in COPYING.WordNet).',
  '# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.',
];
fs.writeFileSync(output, `${[...header, ...[...found].sort()].join('\n')}\n`);
process.stdout.write(`${found.size} words written to ${output}\n`);
