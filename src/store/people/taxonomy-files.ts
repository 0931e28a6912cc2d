import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '../../errors.ts';
import { parseTaxonomy, type Taxonomy, type TaxonomyFile } from '../../core/people/index.ts';

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
 * Reads and checks the taxonomy folder (lgsl.csv is optional). Every mistake an editor can make stops loading with a
 * message naming the file and the entry.
 */
export function loadTaxonomy(dir: string = defaultTaxonomyDir): Taxonomy {
  // NOTE: every Pont built in one process (tests build many) shares one reading of a folder; edits need a restart.
  const cached = loaded.get(dir);
  if (cached) return cached;
  const lgslFile = path.join(dir, 'lgsl.csv');
  const taxonomy = parseTaxonomy({
    services: readTaxonomyFile(path.join(dir, 'services.yaml')),
    skills: readTaxonomyFile(path.join(dir, 'skills.yaml')),
    lgsl: fs.existsSync(lgslFile) ? readTaxonomyFile(lgslFile) : undefined,
  });
  loaded.set(dir, taxonomy);
  return taxonomy;
}
