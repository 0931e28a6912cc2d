/**
 * `npx tsx scripts/build-lexicon.ts [DICTD_FOLDER]`: writes lexicon/cy-en.tsv, the Welsh–English word pairs
 * that let a question in one language find passages in the other. The pairs come from the Eurfa dictionaries
 * as FreeDict publishes them and Debian packages them (`apt-get install dict-freedict-cym-eng
 * dict-freedict-eng-cym`, which put them in /usr/share/dictd): both directions, GPL-2.0-or-later; see
 * lexicon/README.md. Only single-word Welsh headwords and translations of one or two words are kept, with
 * explanations in brackets removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const folder = process.argv[2] ?? '/usr/share/dictd';
const output = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'lexicon', 'cy-en.tsv');

/** The entries of a dictd database: a headword line ("word /ipa/ <pos>") followed by its translation lines. */
function entries(file: string): [headword: string, translations: string[]][] {
  const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
  const found: [string, string[]][] = [];
  let current: [string, string[]] | undefined;
  for (const line of text.split('\n')) {
    const headword = /^(\S.*?) \/[^/]*\/ <[^>]*>$/.exec(line);
    if (headword) {
      current = [headword[1]!.trim(), []];
      found.push(current);
    } else if (current && line.trim() !== '') current[1].push(line.trim());
  }
  return found;
}

function clean(text: string): string {
  return text
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const singleWord = /^[\p{L}'’-]+$/u;
const pairs = new Set<string>();
function add(welsh: string, english: string) {
  const cy = clean(welsh);
  for (const part of english.split(/[,;]/)) {
    const en = clean(part);
    if (!singleWord.test(cy) || en === '' || en.split(' ').length > 2 || !/^[\p{L}' -]+$/u.test(en)) continue;
    pairs.add(`${cy}\t${en}`);
  }
}
for (const [welsh, translations] of entries(path.join(folder, 'freedict-cym-eng.dict.dz')))
  for (const english of translations) add(welsh, english);
for (const [english, translations] of entries(path.join(folder, 'freedict-eng-cym.dict.dz')))
  for (const welsh of translations) for (const word of welsh.split(/[,;]/)) add(word, english);

const header = [
  '# Welsh–English word pairs (Welsh, tab, English), derived from the Eurfa dictionaries (Kevin Donnelly) as',
  '# published by FreeDict (cym-eng and eng-cym 0.2.3; Debian dict-freedict-cym-eng / dict-freedict-eng-cym',
  '# 2022.04.21-1). Licence: GNU GPL version 2 or any later version (lexicon/COPYING). Built by',
  '# scripts/build-lexicon.ts; see lexicon/README.md.',
];
fs.writeFileSync(output, `${[...header, ...[...pairs].sort()].join('\n')}\n`);
process.stdout.write(`${pairs.size} pairs written to ${output}\n`);
