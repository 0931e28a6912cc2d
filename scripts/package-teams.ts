/**
 * `npm run package:teams`: builds the Teams app package (dist/pont-teams.zip) from manifest/teams/, with the
 * app id (MICROSOFT_APP_ID) and the public endpoint (PONT_PUBLIC_URL) taken from the environment.
 * `--council C` builds the package of council C's bot registration (MICROSOFT_APP_<N>_COUNCIL=C) as
 * dist/pont-teams-C.zip, one per tenant. `--out FILE` writes elsewhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildTeamsAppPackage, teamsPackageSettings } from '../src/channels/teams/app-package.ts';
import { isPontError } from '../src/errors.ts';

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, council: { type: 'string' } },
    strict: true,
  });
  const out = path.resolve(
    values.out ?? (values.council ? `dist/pont-teams-${values.council}.zip` : 'dist/pont-teams.zip'),
  );
  const settings = teamsPackageSettings(process.env, values.council);
  const zip = await buildTeamsAppPackage(settings);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, zip);
  process.stdout.write(
    `${out}: Teams app package for app ${settings.appId}${values.council ? ` (${values.council})` : ''} at ${settings.publicUrl} (${zip.length} bytes)\n`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `package:teams: ${isPontError(error) || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? (error as Error).message : String(error)}\n`,
  );
  process.exit(1);
});
