import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { People } from '../core/people/index.ts';
import type { Logger } from '../logger.ts';

/** The fictional HR export shipped in examples/, for trying Pont out. */
export const sampleDirectoryFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../examples/staff-directory.csv',
);

/**
 * Loads the sample staff directory into an embedded store that has never had a directory, and logs it, so a
 * newcomer can try skill and counterpart look-ups at once. Never call it for a DATABASE_URL server.
 */
export async function loadSampleDirectory(
  people: People,
  logger: Logger,
  file: string = sampleDirectoryFile,
): Promise<boolean> {
  if (!fs.existsSync(file)) return false;
  const report = await people.importSampleIfEmpty(fs.readFileSync(file, 'utf8'), {
    email: null,
    isAdmin: true,
    via: 'sample',
  });
  if (!report) return false;
  logger.info(
    { file: path.relative(process.cwd(), file), imported: report.imported },
    `Loaded the sample staff directory (${report.imported} fictional people) so you can try "pont skills GIS"; import your own with "pont people import FILE.csv"`,
  );
  return true;
}
