import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Welsh–English word pairs shipped with Pont (lexicon/README.md gives their source and licence). */
export const defaultLexiconFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../lexicon/cy-en.tsv',
);

/** The lexicon file's text, or undefined when it is not there (Pont then searches each language on its own):
 * give `() => readLexiconFile(defaultLexiconFile)` to `createKnowledge` as `lexiconText`. */
export function readLexiconFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
