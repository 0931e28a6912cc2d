import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '../../errors.ts';
import {
  readTaxonomyDefinitions,
  taxonomyFrom,
  type Taxonomy,
  type TaxonomyDefinitions,
  type TaxonomyFile,
} from '../../core/people/index.ts';
import { codeFingerprint, type DataCache } from '../data-cache.ts';

/** The repository's taxonomy folder: services.yaml, skills.yaml and lgsl.csv. */
export const defaultTaxonomyDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../taxonomy');

function readTaxonomyFile(file: string): TaxonomyFile {
  try {
    return { text: fs.readFileSync(file, 'utf8'), file };
  } catch (error) {
    throw new ConfigurationError(
      `Cannot read the service taxonomy file ${file}: ${(error as Error).message}. Restore it from the repository.`,
      { cause: error },
    );
  }
}

const loaded = new Map<string, Taxonomy>();

/**
 * Forgets every taxonomy folder read so far, so the next `loadTaxonomy` reads (or takes from its data folder's kept
 * copy) as a new process would. For tests that run one file after another in one process.
 */
export function forgetLoadedTaxonomies(): void {
  loaded.clear();
}

/**
 * Reads and checks the taxonomy folder (lgsl.csv is optional). Every mistake an editor can make stops loading with a
 * message naming the file and the entry. With `cache`, the checked definitions are kept in the data folder under a
 * hash of the files' text, so a later process skips reading the YAML and CSV while the files are unchanged.
 */
export function loadTaxonomy(dir: string = defaultTaxonomyDir, cache?: DataCache): Taxonomy {
  // NOTE: every Pont built in one process (tests build many) shares one reading of a folder; edits need a restart.
  const cached = loaded.get(dir);
  if (cached) return cached;
  const lgslFile = path.join(dir, 'lgsl.csv');
  const files = {
    services: readTaxonomyFile(path.join(dir, 'services.yaml')),
    skills: readTaxonomyFile(path.join(dir, 'skills.yaml')),
    lgsl: fs.existsSync(lgslFile) ? readTaxonomyFile(lgslFile) : undefined,
  };
  let key: string | undefined;
  if (cache) {
    const hash = createHash('sha256').update(codeFingerprint(['core/people', 'store/people']));
    for (const file of [files.services, files.skills, files.lgsl])
      hash.update(`\0${file?.file ?? ''}\0${file?.text.length ?? -1}\0`).update(file?.text ?? '');
    key = hash.digest('hex');
  }
  const kept = key ? cache?.read<TaxonomyDefinitions>('taxonomy.v8', key) : undefined;
  const definitions = kept ?? readTaxonomyDefinitions(files);
  const taxonomy = taxonomyFrom(definitions);
  if (key && !kept) cache?.write('taxonomy.v8', key, definitions);
  loaded.set(dir, taxonomy);
  return taxonomy;
}
