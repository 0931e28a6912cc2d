/**
 * `npm run package:teams`: builds the Teams app package (dist/pont-teams.zip) from manifest/teams/, with the
 * app id (MICROSOFT_APP_ID) and the public endpoint (PONT_PUBLIC_URL) taken from the environment.
 * `--out FILE` writes elsewhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildTeamsAppPackage, teamsPackageSettings } from '../src/channels/teams/app-package.ts';
import { isPontError } from '../src/errors.ts';

async function main(argv: string[]): Promise<void> {
  const outIndex = argv.indexOf('--out');
  const out = path.resolve(outIndex >= 0 && argv[outIndex + 1] ? argv[outIndex + 1]! : 'dist/pont-teams.zip');
  const settings = teamsPackageSettings(process.env);
  const zip = await buildTeamsAppPackage(settings);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, zip);
  process.stdout.write(`${out}: Teams app package for app ${settings.appId} at ${settings.publicUrl} (${zip.length} bytes)\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`package:teams: ${isPontError(error) ? error.message : String(error)}\n`);
  process.exit(1);
});
