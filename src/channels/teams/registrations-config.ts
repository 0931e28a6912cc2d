import fs from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { councilIds } from '../council-ids.ts';

/**
 * One Azure Bot registration: a single-tenant Entra app in one council's tenant. A council with its own tenant has
 * its own registration (Microsoft no longer creates multi-tenant bots); councils sharing a tenant share one.
 */
export interface TeamsRegistration {
  /** The environment prefix it was read from (MICROSOFT_APP or MICROSOFT_APP_2), for messages. */
  name: string;
  /** The council whose tenant this is; unset for a single registration serving a tenant both councils share. */
  council: string | undefined;
  appId: string;
  tenantId: string;
  credential: { kind: 'secret'; secret: string } | { kind: 'certificate'; file: string };
  /** Entra ID sign-in host for the bot's own tokens, without a trailing slash (the tenant id is added). */
  loginUrl: string;
  /** Where Bot Framework's signing keys are described; unset: Bot Framework's public metadata. */
  openIdMetadataUrl: string | undefined;
  /** The issuer Bot Framework's tokens to the bot carry (`iss`); another one is refused. */
  tokenIssuer: string;
  /** The audience of the tokens the bot asks its tenant for, to call the Bot Connector (`/.default` is added). */
  oauthScope: string;
}

export const defaultBotLoginUrl = 'https://login.microsoftonline.com';
/** The public cloud's Bot Framework token issuer and connector audience (both are `https://api.botframework.com`). */
export const defaultBotTokenIssuer = 'https://api.botframework.com';
export const defaultBotOAuthScope = 'https://api.botframework.com';

const fields = [
  'ID',
  'PASSWORD',
  'CERTIFICATE_FILE',
  'TENANT_ID',
  'COUNCIL',
  'BOT_LOGIN_URL',
  'BOT_OPENID_METADATA',
  'BOT_TOKEN_ISSUER',
  'BOT_OAUTH_SCOPE',
] as const;
type Field = (typeof fields)[number];

const text = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

const isHttpsUrl = (value: string) => URL.canParse(value) && value.startsWith('https://');

const registrationSchema = (name: string, known: readonly string[]) =>
  z
    .object({
      ID: z
        .string({ required_error: `${name}_ID is empty: set it to the bot's Entra app id` })
        .regex(
          /^[\w.-]+$/,
          `${name}_ID must be the bot's Entra app id, a GUID such as 00000000-0000-0000-0000-000000000000`,
        ),
      PASSWORD: z.string().optional(),
      CERTIFICATE_FILE: z.string().optional(),
      TENANT_ID: z
        .string({
          required_error: `${name}_TENANT_ID is empty: set it to the directory (tenant) id the bot is registered in`,
        })
        .regex(
          /^[\w.-]+$/,
          `${name}_TENANT_ID is not a tenant id: give the directory (tenant) id, e.g. 00000000-0000-0000-0000-000000000000`,
        ),
      COUNCIL: z
        .string()
        .optional()
        .refine((value) => value === undefined || known.includes(value), {
          message: `${name}_COUNCIL names no configured council: use one of ${known.join(', ')}`,
        }),
      BOT_LOGIN_URL: z
        .string()
        .optional()
        .refine((value) => value === undefined || (URL.canParse(value) && value.startsWith('https://')), {
          message: `${name}_BOT_LOGIN_URL must be an https:// address such as ${defaultBotLoginUrl}`,
        }),
      BOT_OPENID_METADATA: z
        .string()
        .optional()
        .refine((value) => value === undefined || URL.canParse(value), {
          message: `${name}_BOT_OPENID_METADATA must be a full URL such as https://login.botframework.com/v1/.well-known/openidconfiguration`,
        }),
      BOT_TOKEN_ISSUER: z
        .string()
        .optional()
        .refine((value) => value === undefined || isHttpsUrl(value), {
          message: `${name}_BOT_TOKEN_ISSUER must be an https:// address such as ${defaultBotTokenIssuer} (https://api.botframework.us in US Government clouds)`,
        }),
      BOT_OAUTH_SCOPE: z
        .string()
        .optional()
        .refine((value) => value === undefined || isHttpsUrl(value), {
          message: `${name}_BOT_OAUTH_SCOPE must be an https:// address such as ${defaultBotOAuthScope} (https://api.botframework.us in US Government clouds)`,
        }),
    })
    .superRefine((value, context) => {
      if (!value.PASSWORD && !value.CERTIFICATE_FILE) {
        context.addIssue({
          code: 'custom',
          message: `${name}_ID is set but ${name}_PASSWORD is empty: set ${name}_PASSWORD to the app's client secret, or ${name}_CERTIFICATE_FILE to a PEM file with its certificate and private key`,
        });
      } else if (value.PASSWORD && value.CERTIFICATE_FILE) {
        context.addIssue({
          code: 'custom',
          message: `${name}_PASSWORD and ${name}_CERTIFICATE_FILE are both set: give one of the two`,
        });
      }
    });

/** Checks a certificate file names a readable PEM with both a certificate and its private key. */
function certificateProblem(name: string, file: string): string | null {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch {
    return `${name}_CERTIFICATE_FILE=${file} cannot be read: give the path of a PEM file holding the certificate and its private key`;
  }
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem))
    return `${name}_CERTIFICATE_FILE=${file} holds no private key: put the certificate and its private key in one PEM file`;
  try {
    new X509Certificate(pem);
  } catch {
    return `${name}_CERTIFICATE_FILE=${file} holds no certificate: put the certificate and its private key in one PEM file`;
  }
  return null;
}

/**
 * The bot registrations the environment describes, or [] when none is. One registration is configured as it always
 * was (MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD, MICROSOFT_APP_TENANT_ID); more are numbered (MICROSOFT_APP_1_ID,
 * MICROSOFT_APP_1_TENANT_ID, MICROSOFT_APP_1_COUNCIL…). MICROSOFT_BOT_LOGIN_URL, MICROSOFT_BOT_OPENID_METADATA,
 * MICROSOFT_BOT_TOKEN_ISSUER and MICROSOFT_BOT_OAUTH_SCOPE apply to every registration that does not set its own. A problem throws through `problem` with how to fix it.
 */
/** `known` is the configured council ids (the councils file's, read before this). */
export function teamsRegistrationsFrom(
  environment: NodeJS.ProcessEnv,
  problem: (message: string) => never,
  known: readonly string[] = councilIds(),
): TeamsRegistration[] {
  const groups = new Map<string, Partial<Record<Field, string>>>();
  const plain: Partial<Record<Field, string>> = {
    ID: text(environment.MICROSOFT_APP_ID),
    PASSWORD: text(environment.MICROSOFT_APP_PASSWORD),
    CERTIFICATE_FILE: text(environment.MICROSOFT_APP_CERTIFICATE_FILE),
    TENANT_ID: text(environment.MICROSOFT_APP_TENANT_ID),
    COUNCIL: text(environment.MICROSOFT_APP_COUNCIL),
  };
  if (Object.values(plain).some(Boolean)) groups.set('MICROSOFT_APP', plain);
  for (const [key, raw] of Object.entries(environment)) {
    const match = /^MICROSOFT_APP_(\d+)_([A-Z_]+)$/.exec(key);
    const value = text(raw);
    if (!match || !value) continue;
    const field = match[2] as Field;
    if (!fields.includes(field))
      problem(
        `${key} is not a setting Pont reads: a numbered bot registration takes MICROSOFT_APP_${match[1]}_${fields.join(`, MICROSOFT_APP_${match[1]}_`)}`,
      );
    const name = `MICROSOFT_APP_${match[1]}`;
    const group = groups.get(name) ?? {};
    group[field] = value;
    groups.set(name, group);
  }
  const sharedLogin = text(environment.MICROSOFT_BOT_LOGIN_URL);
  const sharedMetadata = text(environment.MICROSOFT_BOT_OPENID_METADATA);
  if (sharedLogin && !(URL.canParse(sharedLogin) && sharedLogin.startsWith('https://')))
    problem(`MICROSOFT_BOT_LOGIN_URL must be an https:// address such as ${defaultBotLoginUrl}`);
  const sharedIssuer = text(environment.MICROSOFT_BOT_TOKEN_ISSUER);
  if (sharedIssuer && !isHttpsUrl(sharedIssuer))
    problem(
      `MICROSOFT_BOT_TOKEN_ISSUER must be an https:// address such as ${defaultBotTokenIssuer} (https://api.botframework.us in US Government clouds)`,
    );
  const sharedScope = text(environment.MICROSOFT_BOT_OAUTH_SCOPE);
  if (sharedScope && !isHttpsUrl(sharedScope))
    problem(
      `MICROSOFT_BOT_OAUTH_SCOPE must be an https:// address such as ${defaultBotOAuthScope} (https://api.botframework.us in US Government clouds)`,
    );

  const registrations = [...groups].map(([name, group]): TeamsRegistration => {
    if (name === 'MICROSOFT_APP') {
      // NOTE: the messages a half-configured single registration has always given.
      const given = (Object.keys(group) as Field[])
        .filter((field) => group[field])
        .map((field) => `${name}_${field}`)[0]!;
      if (!group.ID)
        problem(`${given} is set but MICROSOFT_APP_ID is empty: set MICROSOFT_APP_ID to the bot's Entra app id`);
      if (!group.PASSWORD && !group.CERTIFICATE_FILE)
        problem(
          "MICROSOFT_APP_ID is set but MICROSOFT_APP_PASSWORD is empty: set MICROSOFT_APP_PASSWORD to the app's client secret (or MICROSOFT_APP_CERTIFICATE_FILE)",
        );
      if (!group.TENANT_ID)
        problem(
          'MICROSOFT_APP_ID is set but MICROSOFT_APP_TENANT_ID is empty: set MICROSOFT_APP_TENANT_ID (single-tenant bots)',
        );
    }
    const parsed = registrationSchema(name, known).safeParse(group);
    if (!parsed.success) problem(parsed.error.issues[0]!.message);
    const value = parsed.data;
    if (name !== 'MICROSOFT_APP' && !value.COUNCIL)
      problem(`${name}_COUNCIL is empty: say whose tenant ${value.TENANT_ID} is, one of ${known.join(', ')}`);
    if (value.CERTIFICATE_FILE) {
      const certificate = certificateProblem(name, value.CERTIFICATE_FILE);
      if (certificate) problem(certificate);
    }
    return {
      name,
      council: value.COUNCIL,
      appId: value.ID.toLowerCase(),
      tenantId: value.TENANT_ID,
      credential: value.CERTIFICATE_FILE
        ? { kind: 'certificate', file: value.CERTIFICATE_FILE }
        : { kind: 'secret', secret: value.PASSWORD! },
      loginUrl: (value.BOT_LOGIN_URL ?? sharedLogin ?? defaultBotLoginUrl).replace(/\/+$/, ''),
      openIdMetadataUrl: value.BOT_OPENID_METADATA ?? sharedMetadata,
      tokenIssuer: (value.BOT_TOKEN_ISSUER ?? sharedIssuer ?? defaultBotTokenIssuer).replace(/\/+$/, ''),
      oauthScope: (value.BOT_OAUTH_SCOPE ?? sharedScope ?? defaultBotOAuthScope).replace(/\/+$/, ''),
    };
  });

  for (const [index, registration] of registrations.entries()) {
    const earlier = registrations.slice(0, index);
    const sameTenant = earlier.find((other) => other.tenantId.toLowerCase() === registration.tenantId.toLowerCase());
    if (sameTenant)
      problem(
        `${registration.name}_TENANT_ID and ${sameTenant.name}_TENANT_ID are both ${registration.tenantId}: a tenant has one bot registration, shared by the councils in it`,
      );
    const sameCouncil = registration.council
      ? earlier.find((other) => other.council === registration.council)
      : undefined;
    if (sameCouncil)
      problem(
        `${registration.name}_COUNCIL and ${sameCouncil.name}_COUNCIL are both ${registration.council}: each council's tenant has one registration`,
      );
    const sameApp = earlier.find((other) => other.appId === registration.appId);
    if (sameApp)
      problem(
        `${registration.name}_ID and ${sameApp.name}_ID are the same app: a single-tenant app is registered in one tenant only`,
      );
  }
  return registrations;
}
