import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** Where the copies of the platforms' published schemas live (see SOURCE.md there for origin and licences). */
export const schemasDir = path.resolve('test/fixtures/schemas');

export type PlatformSchema = 'teams-manifest' | 'teams-localization' | 'slack-manifest';

const files: Record<PlatformSchema, string> = {
  'teams-manifest': 'teams-manifest-v1.19.schema.json',
  'teams-localization': 'teams-localization-v1.19.schema.json',
  'slack-manifest': 'slack-app-manifest.schema.json',
};

const compiled = new Map<PlatformSchema, ValidateFunction>();

/** A validator for one schema, compiled with the JSON Schema draft its `$schema` names (draft-04 or draft-07). */
function validatorFor(name: PlatformSchema): ValidateFunction {
  const known = compiled.get(name);
  if (known) return known;
  const schema = JSON.parse(fs.readFileSync(path.join(schemasDir, files[name]), 'utf8')) as { $schema?: string };
  const draft = schema.$schema ?? '';
  // NOTE: the Teams localisation schema's property patterns (`commands\[\b…\b]`) are only valid without the
  // regular expressions' unicode flag, as the ECMA-262 dialect JSON Schema names reads them; strict mode is off
  // because the published schemas carry keywords ajv does not know (e.g. `deprecationMessage`).
  const options = { allErrors: true, strict: false, unicodeRegExp: false } as const;
  let ajv: Ajv | AjvDraft04;
  if (draft.includes('draft-04')) ajv = new AjvDraft04(options);
  else if (draft.includes('draft-07')) ajv = new Ajv(options);
  else
    throw new Error(`${files[name]}: unexpected $schema ${draft}; add its draft to test/support/platform-schemas.ts`);
  addFormats(ajv as Ajv);
  const validate = ajv.compile(schema);
  compiled.set(name, validate);
  return validate;
}

function describeError(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}${error.params && Object.keys(error.params).length ? ` ${JSON.stringify(error.params)}` : ''}`;
}

/** Every way `document` breaks the platform's schema, one line each; empty when it is valid. */
export function schemaProblems(name: PlatformSchema, document: unknown): string[] {
  const validate = validatorFor(name);
  return validate(document) ? [] : (validate.errors ?? []).map(describeError);
}
