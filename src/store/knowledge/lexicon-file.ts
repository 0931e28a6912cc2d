import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the lexicon files are shipped (lexicon/README.md gives their sources and licences). */
const lexiconFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../lexicon');

/** The general dictionary's Welsh–English word pairs. */
export const defaultLexiconFile = path.join(lexiconFolder, 'cy-en.tsv');

/**
 * The lexicon files Pont reads, in order: its own terms of Welsh public administration, whose renderings come first
 * where a word has several, then the general dictionary's pairs.
 */
export const defaultLexiconFiles = [path.join(lexiconFolder, 'cy-en-public-services.tsv'), defaultLexiconFile];

/** English words (WordNet's lemmas and irregular forms): what is a word, not a slip, in an English question. */
export const defaultEnglishWordsFile = path.join(lexiconFolder, 'en-words.txt');

/**
 * The text of the lexicon file (or files, one after the other), or undefined when none is there (Pont then searches
 * each language on its own); a missing file among several is left out. Give `() => readLexiconFile(defaultLexiconFiles)`
 * to `createKnowledge` as `lexiconText`.
 */
export function readLexiconFile(file: string | readonly string[]): string | undefined {
  const texts = (typeof file === 'string' ? [file] : file).map(readOne).filter((text) => text !== undefined);
  return texts.length === 0 ? undefined : texts.map((text) => (text.endsWith('\n') ? text : `${text}\n`)).join('');
}

function readOne(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
