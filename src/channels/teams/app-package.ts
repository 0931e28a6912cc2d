import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { z } from 'zod';
import { ValidationError } from '../../errors.ts';
import { councilIds, isCouncilId } from '../council-ids.ts';

/** Where the manifest template, its Welsh localisation and the icons live. */
export const manifestDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../manifest/teams');

const blankIsMissing = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const settingsSchema = z.object({
  MICROSOFT_APP_ID: z.preprocess(
    blankIsMissing,
    z
      .string({ required_error: "MICROSOFT_APP_ID is empty: set it to the bot's Entra app id (a GUID)" })
      .trim()
      .regex(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
        "MICROSOFT_APP_ID must be the bot's Entra app id, a GUID such as 00000000-0000-0000-0000-000000000000",
      ),
  ),
  PONT_PUBLIC_URL: z.preprocess(
    blankIsMissing,
    z
      .string({
        required_error:
          'PONT_PUBLIC_URL is empty: set it to the https address Pont is reached at, e.g. https://pont.example.gov.uk',
      })
      .trim()
      .url('PONT_PUBLIC_URL must be a full URL such as https://pont.example.gov.uk')
      .refine(
        (value) => value.startsWith('https://'),
        'PONT_PUBLIC_URL must start with https:// (Teams only talks to bots over HTTPS)',
      ),
  ),
});

export interface TeamsPackageSettings {
  appId: string;
  publicUrl: string;
}

/**
 * The settings prefix of the bot registration of `council`: MICROSOFT_APP_<N> whose MICROSOFT_APP_<N>_COUNCIL names
 * it, or MICROSOFT_APP when MICROSOFT_APP_COUNCIL does. Throws with how to fix it when none or several do.
 */
function registrationOf(environment: NodeJS.ProcessEnv, council: string): string {
  if (!isCouncilId(council))
    throw new ValidationError(
      `--council ${council} is not a configured council: use one of ${councilIds().join(', ')}`,
    );
  const prefixes = Object.entries(environment)
    .filter(([name, value]) => /^MICROSOFT_APP(_\d+)?_COUNCIL$/.test(name) && value?.trim() === council)
    .map(([name]) => name.slice(0, -'_COUNCIL'.length));
  if (prefixes.length === 0)
    throw new ValidationError(
      `no bot registration is for ${council}: set MICROSOFT_APP_<N>_COUNCIL=${council} with MICROSOFT_APP_<N>_ID (or MICROSOFT_APP_COUNCIL with MICROSOFT_APP_ID)`,
    );
  if (prefixes.length > 1)
    throw new ValidationError(
      `${prefixes.map((prefix) => `${prefix}_COUNCIL`).join(' and ')} all name ${council}: each council's tenant has one bot registration`,
    );
  return prefixes[0]!;
}

/**
 * The app id and public endpoint from the environment; a missing or bad one throws with how to fix it. With
 * `council`, the app id is that council's bot registration's (one app package per registration).
 */
export function teamsPackageSettings(environment: NodeJS.ProcessEnv, council?: string): TeamsPackageSettings {
  const prefix = council ? registrationOf(environment, council) : 'MICROSOFT_APP';
  const parsed = settingsSchema.safeParse({ ...environment, MICROSOFT_APP_ID: environment[`${prefix}_ID`] });
  if (!parsed.success)
    throw new ValidationError(parsed.error.issues[0]!.message.replaceAll('MICROSOFT_APP_ID', `${prefix}_ID`));
  return {
    appId: parsed.data.MICROSOFT_APP_ID.toLowerCase(),
    publicUrl: parsed.data.PONT_PUBLIC_URL.replace(/\/+$/, ''),
  };
}

/** The manifest with the app id and endpoint filled in. */
export function fillManifest(template: string, settings: TeamsPackageSettings): Record<string, unknown> {
  const host = new URL(settings.publicUrl).host;
  const filled = template
    .replaceAll('{{MICROSOFT_APP_ID}}', settings.appId)
    .replaceAll('{{PONT_PUBLIC_URL}}', settings.publicUrl)
    .replaceAll('{{PONT_PUBLIC_HOST}}', host);
  const left = /\{\{[A-Z_]+\}\}/.exec(filled);
  if (left)
    throw new ValidationError(
      `manifest/teams/manifest.json still has ${left[0]} after filling it in: add it to the package script`,
    );
  return JSON.parse(filled) as Record<string, unknown>;
}

/**
 * Builds the Teams app package: manifest.json, the Welsh localisation and both icons at the zip's root, as
 * Teams' "Upload a custom app" expects.
 */
export async function buildTeamsAppPackage(settings: TeamsPackageSettings, dir: string = manifestDir): Promise<Buffer> {
  const manifest = fillManifest(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'), settings);
  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2));
  for (const file of ['cy-gb.json', 'color.png', 'outline.png']) zip.file(file, fs.readFileSync(path.join(dir, file)));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
