import { fetchAllowSchema, type FetchPolicy } from './ingest/fetch-allow.ts';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { defaultCouncils, parseCouncilsFile, type CouncilDefinition } from './core/councils/index.ts';
import { ConfigurationError } from './errors.ts';
import { teamsRegistrationsFrom, type TeamsRegistration } from './channels/teams/registrations-config.ts';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const optionalUrl = (name: string) =>
  optionalText.refine((value) => value === undefined || URL.canParse(value), {
    message: `${name} must be a full URL such as https://example.org/`,
  });

export const environmentSchema = z.object({
  PORT: z.coerce
    .number({ invalid_type_error: 'PORT must be a number' })
    .int('PORT must be a whole number')
    .min(0, 'PORT must be 0-65535')
    .max(65535, 'PORT must be 0-65535')
    .default(3978),
  PONT_HOST: optionalText,
  PONT_DATA_DIR: optionalText,
  DATABASE_URL: optionalText.refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), {
    message: 'DATABASE_URL must start with postgres:// or postgresql://',
  }),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalUrl('OPENAI_BASE_URL'),
  OPENAI_MODEL: optionalText,
  OPENAI_EMBEDDING_MODEL: optionalText,
  AZURE_OPENAI_ENDPOINT: optionalUrl('AZURE_OPENAI_ENDPOINT'),
  AZURE_OPENAI_API_KEY: optionalText,
  AZURE_OPENAI_DEPLOYMENT: optionalText,
  AZURE_OPENAI_EMBEDDING_DEPLOYMENT: optionalText,
  AZURE_OPENAI_API_VERSION: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalUrl('SLACK_API_URL'),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  PONT_SECRET_KEY: optionalText.refine(
    (value) => value === undefined || /^[0-9a-f]{64}$/i.test(value) || /^[A-Za-z0-9+/_-]{43}=?$/.test(value),
    {
      message:
        'PONT_SECRET_KEY must be 32 random bytes as 64 hex digits or base64: make one with openssl rand -base64 32',
    },
  ),
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalText,
  MICROSOFT_BOT_OPENID_METADATA: optionalUrl('MICROSOFT_BOT_OPENID_METADATA'),
  MICROSOFT_BOT_TOKEN_ISSUER: optionalUrl('MICROSOFT_BOT_TOKEN_ISSUER'),
  MICROSOFT_BOT_OAUTH_SCOPE: optionalUrl('MICROSOFT_BOT_OAUTH_SCOPE'),
  PONT_TEAMS: optionalText.refine((value) => value === undefined || value === 'on' || value === 'off', {
    message: 'PONT_TEAMS must be on or off (off: no Teams, /api/messages is not served)',
  }),
  PONT_COUNCILS_FILE: optionalText,
  PONT_ADMINS: optionalText,
  PONT_ADMIN_TOKEN: optionalText,
  PONT_FALLBACK_CONTACT: optionalText,
  PONT_FETCH_ALLOW: fetchAllowSchema,
  PONT_SHARING_DEADLINE_DAYS: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce
      .number({ invalid_type_error: 'PONT_SHARING_DEADLINE_DAYS must be a number of working days, e.g. 2' })
      .int('PONT_SHARING_DEADLINE_DAYS must be a whole number of working days, e.g. 2')
      .min(1, 'PONT_SHARING_DEADLINE_DAYS must be 1-20 working days')
      .max(20, 'PONT_SHARING_DEADLINE_DAYS must be 1-20 working days')
      .default(2),
  ),
  PONT_WORKERS: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce
      .number({ invalid_type_error: 'PONT_WORKERS must be a number of chat answers worked on at once, e.g. 64' })
      .int('PONT_WORKERS must be a whole number, e.g. 64')
      .min(1, 'PONT_WORKERS must be 1-1000')
      .max(1000, 'PONT_WORKERS must be 1-1000')
      .default(64),
  ),
  PONT_DATABASE_CONNECTIONS: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce
      .number({
        invalid_type_error: 'PONT_DATABASE_CONNECTIONS must be a number of PostgreSQL connections per process, e.g. 10',
      })
      .int('PONT_DATABASE_CONNECTIONS must be a whole number, e.g. 10')
      .min(2, 'PONT_DATABASE_CONNECTIONS must be 2-200')
      .max(200, 'PONT_DATABASE_CONNECTIONS must be 2-200')
      .default(10),
  ),
  PONT_WORK_LEASE_SECONDS: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce
      .number({ invalid_type_error: 'PONT_WORK_LEASE_SECONDS must be a number of seconds, e.g. 30' })
      .int('PONT_WORK_LEASE_SECONDS must be a whole number of seconds, e.g. 30')
      .min(2, 'PONT_WORK_LEASE_SECONDS must be 2-600 seconds')
      .max(600, 'PONT_WORK_LEASE_SECONDS must be 2-600 seconds')
      .default(30),
  ),
  PONT_PUBLIC_URL: optionalUrl('PONT_PUBLIC_URL'),
  MICROSOFT_LOGIN_URL: optionalUrl('MICROSOFT_LOGIN_URL').refine(
    (value) => value === undefined || value.startsWith('https://'),
    {
      message: 'MICROSOFT_LOGIN_URL must be an https:// address such as https://login.microsoftonline.com',
    },
  ),
  MICROSOFT_GRAPH_URL: optionalUrl('MICROSOFT_GRAPH_URL').refine(
    (value) => value === undefined || value.startsWith('https://'),
    {
      message: 'MICROSOFT_GRAPH_URL must be an https:// address such as https://graph.microsoft.com',
    },
  ),
  PONT_SOURCES_TIMEOUT_SECONDS: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce
      .number({ invalid_type_error: 'PONT_SOURCES_TIMEOUT_SECONDS must be a number of seconds, e.g. 30' })
      .min(1, 'PONT_SOURCES_TIMEOUT_SECONDS must be 1-600 seconds')
      .max(600, 'PONT_SOURCES_TIMEOUT_SECONDS must be 1-600 seconds')
      .default(30),
  ),
  PONT_DIRECTORY_SYNC_MINUTES: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce
      .number({
        invalid_type_error:
          'PONT_DIRECTORY_SYNC_MINUTES must be a number of minutes, e.g. 60 (0 turns the scheduled sync off)',
      })
      .int('PONT_DIRECTORY_SYNC_MINUTES must be a whole number of minutes, e.g. 60')
      .min(0, 'PONT_DIRECTORY_SYNC_MINUTES must be 0 (off) or 5-10080 minutes')
      .max(10080, 'PONT_DIRECTORY_SYNC_MINUTES must be 0 (off) or 5-10080 minutes')
      .refine((value) => value === 0 || value >= 5, 'PONT_DIRECTORY_SYNC_MINUTES must be 0 (off) or 5-10080 minutes')
      .default(60),
  ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Environment = z.infer<typeof environmentSchema>;

/** Settings Pont runs with, parsed once at start from the environment. */
export interface Config {
  port: number;
  /** Address the HTTP server binds to. Loopback unless an admin token makes a wider bind safe. */
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /**
   * PostgreSQL connections each process may open for its work (PONT_DATABASE_CONNECTIONS); two more, kept open, are
   * only for recording deliveries before they are acknowledged. Unused with the embedded database.
   */
  databaseConnections: number;
  /** The councils Pont serves (PONT_COUNCILS_FILE, or Blaenau Gwent and Torfaen). */
  councils: CouncilDefinition[];
  /** Admins of every council (PONT_ADMINS); each council's own admins are in `councils`. */
  admins: string[];
  adminToken: string | undefined;
  fallbackContact: string | undefined;
  /** Hosts and address ranges URL fetching may reach although private or local (PONT_FETCH_ALLOW). */
  fetchAllow: FetchPolicy;
  /** Working days a sharing request waits before a reminder, a reroute or a nudge (PONT_SHARING_DEADLINE_DAYS). */
  sharingDeadlineDays: number;
  /**
   * Chat deliveries (Slack messages and commands, Teams questions for the model) each process works on at once
   * (PONT_WORKERS). Sized for the language model's latency, not for processor cores: most of an answer's time
   * is spent waiting for the model.
   */
  workers: number;
  /** How long work held by a process that died waits before another takes it up (PONT_WORK_LEASE_SECONDS); renewed while work runs. */
  workLeaseMs: number;
  publicUrl: string | undefined;
  logLevel: Environment['LOG_LEVEL'];
  openai:
    | { provider: 'none' }
    | {
        provider: 'openai';
        apiKey: string;
        baseUrl: string | undefined;
        model: string;
        embeddingModel: string | undefined;
      }
    | {
        provider: 'azure';
        endpoint: string;
        apiKey: string;
        deployment: string;
        embeddingDeployment: string | undefined;
        apiVersion: string;
      };
  slack:
    | undefined
    | {
        /** One workspace (SLACK_BOT_TOKEN); unset when Pont is installed in each workspace through OAuth. */
        botToken: string | undefined;
        signingSecret: string | undefined;
        appToken: string | undefined;
        apiUrl: string | undefined;
        /** Slack's OAuth flow, installations kept in the database (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET). */
        oauth:
          { clientId: string; clientSecret: string; stateSecret: string; secretKey: string | undefined } | undefined;
      };
  /**
   * Teams: `off` serves no /api/messages; `anonymous` (no MICROSOFT_APP_*) accepts unsigned local traffic only and
   * is refused at start-up on a non-loopback PONT_HOST; `single-tenant` checks every Bot Framework token against the
   * registration of the activity's tenant (one registration per tenant: MICROSOFT_APP_* and MICROSOFT_APP_<N>_*).
   */
  teams: { auth: 'off' } | { auth: 'anonymous' } | { auth: 'single-tenant'; registrations: TeamsRegistration[] };
  /** Microsoft Graph (the directory from Entra ID): where to sign in and read, and each council's app credentials. */
  graph: GraphConfig;
  /** Minutes between scheduled directory syncs in the server (PONT_DIRECTORY_SYNC_MINUTES); 0 is off. */
  directorySyncMinutes: number;
  /** Longest wait for one response from a source (headers and body), unless the source sets its own (PONT_SOURCES_TIMEOUT_SECONDS). */
  sourcesTimeoutMs: number;
}

/** App-only credentials of one council's Entra ID tenant (PONT_GRAPH_<COUNCIL>_TENANT_ID, _CLIENT_ID, _CLIENT_SECRET). */
export interface GraphTenantConfig {
  council: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export interface GraphConfig {
  /** MICROSOFT_LOGIN_URL, without a trailing slash. */
  loginUrl: string;
  /** MICROSOFT_GRAPH_URL, without a trailing slash. */
  graphUrl: string;
  tenants: GraphTenantConfig[];
}

const graphFields = { TENANT_ID: 'tenantId', CLIENT_ID: 'clientId', CLIENT_SECRET: 'clientSecret' } as const;

/** The environment prefix of a council's Graph credentials: torfaen → PONT_GRAPH_TORFAEN, blaenau-gwent → PONT_GRAPH_BLAENAU_GWENT. */
export function graphVariablePrefix(council: string): string {
  return `PONT_GRAPH_${council.toUpperCase().replaceAll('-', '_')}`;
}

function graphTenants(environment: NodeJS.ProcessEnv, councilList: CouncilDefinition[]): GraphTenantConfig[] {
  const councils = councilList.map((council) => council.id);
  const found = new Map<string, Partial<Record<'tenantId' | 'clientId' | 'clientSecret', string>>>();
  for (const [name, raw] of Object.entries(environment)) {
    const match = /^PONT_GRAPH_([A-Z0-9_]+?)_(TENANT_ID|CLIENT_ID|CLIENT_SECRET)$/.exec(name);
    const value = raw?.trim();
    if (!match || !value) continue;
    const prefix = `PONT_GRAPH_${match[1]}`;
    const council = councils.find((candidate) => graphVariablePrefix(candidate) === prefix);
    if (!council) {
      problem(
        `${name} names no configured council: use ${councils.map((candidate) => `${graphVariablePrefix(candidate)}_…`).join(' or ')}`,
      );
    }
    const entry = found.get(council) ?? {};
    entry[graphFields[match[2] as keyof typeof graphFields]] = value;
    found.set(council, entry);
  }
  const tenantSchema = z.object({
    tenantId: z
      .string()
      .regex(
        /^[\w.-]+$/,
        'is not a tenant id: give the directory (tenant) id or its domain, e.g. 00000000-0000-0000-0000-000000000000',
      ),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
  });
  const fromEnvironment = [...found].map(([council, entry]) => {
    const prefix = graphVariablePrefix(council);
    for (const [suffix, field] of Object.entries(graphFields)) {
      if (!entry[field])
        problem(
          `${prefix}_* is partly set but ${prefix}_${suffix} is empty: set ${prefix}_TENANT_ID, ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET together`,
        );
    }
    const parsed = tenantSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const suffix = Object.entries(graphFields).find(([, field]) => field === issue.path[0])![0];
      problem(`${prefix}_${suffix} ${issue.message}`);
    }
    return { council, ...parsed.data };
  });
  // NOTE: the councils file may hold the same three fields; the environment wins for a council it names.
  const fromFile = councilList
    .filter((council) => council.graph && !found.has(council.id))
    .map((council) => ({ council: council.id, ...council.graph! }));
  return [...fromEnvironment, ...fromFile];
}

/** Whether a bind address or host name is this computer only. */
export function isLoopbackHostName(host: string): boolean {
  const name = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return (
    name === 'localhost' ||
    name === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) ||
    name === '::ffff:127.0.0.1'
  );
}

/** The shortest admin token Pont accepts: guessing one this long is out of reach even without the rate limit. */
export const minimumAdminTokenLength = 32;

function problem(message: string): never {
  throw new ConfigurationError(message);
}

/**
 * Reads and checks the environment. A bad or half-given setting throws a ConfigurationError whose message
 * names the setting and says how to fix it.
 */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.path.join('.');
    problem(issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`);
  }
  const env = parsed.data;

  const openai = ((): Config['openai'] => {
    if (env.AZURE_OPENAI_ENDPOINT || env.AZURE_OPENAI_API_KEY || env.AZURE_OPENAI_DEPLOYMENT) {
      if (!env.AZURE_OPENAI_ENDPOINT)
        problem(
          'AZURE_OPENAI_API_KEY is set but AZURE_OPENAI_ENDPOINT is empty: set AZURE_OPENAI_ENDPOINT=https://<resource>.openai.azure.com/',
        );
      if (!env.AZURE_OPENAI_API_KEY)
        problem('AZURE_OPENAI_ENDPOINT is set but AZURE_OPENAI_API_KEY is empty: set AZURE_OPENAI_API_KEY');
      if (!env.AZURE_OPENAI_DEPLOYMENT)
        problem(
          'AZURE_OPENAI_ENDPOINT is set but AZURE_OPENAI_DEPLOYMENT is empty: set AZURE_OPENAI_DEPLOYMENT=<chat deployment name>',
        );
      return {
        provider: 'azure',
        endpoint: env.AZURE_OPENAI_ENDPOINT,
        apiKey: env.AZURE_OPENAI_API_KEY,
        deployment: env.AZURE_OPENAI_DEPLOYMENT,
        embeddingDeployment: env.AZURE_OPENAI_EMBEDDING_DEPLOYMENT,
        apiVersion: env.AZURE_OPENAI_API_VERSION ?? '2024-10-21',
      };
    }
    if (env.OPENAI_API_KEY || env.OPENAI_BASE_URL) {
      if (!env.OPENAI_MODEL)
        problem(
          `${env.OPENAI_API_KEY ? 'OPENAI_API_KEY' : 'OPENAI_BASE_URL'} is set but OPENAI_MODEL is empty: set OPENAI_MODEL=gpt-4o-mini (or your server's model name)`,
        );
      return {
        provider: 'openai',
        // NOTE: self-hosted OpenAI-compatible servers often need no key; the SDK still wants a string.
        apiKey: env.OPENAI_API_KEY ?? 'not-needed',
        baseUrl: env.OPENAI_BASE_URL,
        model: env.OPENAI_MODEL,
        embeddingModel: env.OPENAI_EMBEDDING_MODEL,
      };
    }
    return { provider: 'none' };
  })();

  const slack = ((): Config['slack'] => {
    if (env.SLACK_CLIENT_ID || env.SLACK_CLIENT_SECRET) {
      if (!env.SLACK_CLIENT_ID)
        problem(
          "SLACK_CLIENT_SECRET is set but SLACK_CLIENT_ID is empty: set SLACK_CLIENT_ID from the app's Basic Information page",
        );
      if (!env.SLACK_CLIENT_SECRET)
        problem(
          "SLACK_CLIENT_ID is set but SLACK_CLIENT_SECRET is empty: set SLACK_CLIENT_SECRET from the app's Basic Information page",
        );
      if (env.SLACK_BOT_TOKEN)
        problem(
          'SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: give SLACK_BOT_TOKEN for one workspace, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to install Pont in each workspace',
        );
      if (env.SLACK_APP_TOKEN)
        problem(
          'SLACK_CLIENT_ID needs HTTP mode (Slack redirects installs to Pont): leave SLACK_APP_TOKEN unset and set SLACK_SIGNING_SECRET',
        );
      if (!env.SLACK_SIGNING_SECRET)
        problem(
          "SLACK_CLIENT_ID is set but SLACK_SIGNING_SECRET is empty: set SLACK_SIGNING_SECRET from the app's Basic Information page",
        );
      if (!env.SLACK_STATE_SECRET || env.SLACK_STATE_SECRET.length < 32) {
        problem(
          'SLACK_CLIENT_ID is set but SLACK_STATE_SECRET is empty or shorter than 32 characters: set SLACK_STATE_SECRET=$(openssl rand -hex 24)',
        );
      }
      return {
        botToken: undefined,
        signingSecret: env.SLACK_SIGNING_SECRET,
        appToken: undefined,
        apiUrl: env.SLACK_API_URL,
        oauth: {
          clientId: env.SLACK_CLIENT_ID,
          clientSecret: env.SLACK_CLIENT_SECRET,
          stateSecret: env.SLACK_STATE_SECRET,
          secretKey: env.PONT_SECRET_KEY,
        },
      };
    }
    if (!env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) return undefined;
    if (!env.SLACK_BOT_TOKEN)
      problem(
        'SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is empty: set SLACK_BOT_TOKEN=xoxb-… (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to install Pont in each workspace)',
      );
    if (!env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      problem(
        'SLACK_BOT_TOKEN is set but SLACK_SIGNING_SECRET is empty: set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN=xapp-… (Socket Mode)',
      );
    }
    return {
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.SLACK_APP_TOKEN,
      apiUrl: env.SLACK_API_URL,
      oauth: undefined,
    };
  })();

  const councils = env.PONT_COUNCILS_FILE ? readCouncilsFile(path.resolve(env.PONT_COUNCILS_FILE)) : defaultCouncils;

  const teams = ((): Config['teams'] => {
    if (env.PONT_TEAMS === 'off') return { auth: 'off' };
    const registrations = teamsRegistrationsFrom(
      environment,
      problem,
      councils.map((council) => council.id),
    );
    return registrations.length === 0 ? { auth: 'anonymous' } : { auth: 'single-tenant', registrations };
  })();

  const admins = (env.PONT_ADMINS ?? '')
    .split(',')
    .map((email) => email.trim().toLowerCase())
    .filter(Boolean);
  for (const email of admins) {
    if (!/^[^@\s]+@[^@\s]+$/.test(email))
      problem(`PONT_ADMINS: "${email}" is not an email address; give a comma-separated list of emails`);
  }

  const host = env.PONT_HOST ?? '127.0.0.1';
  const loopback = isLoopbackHostName(host);
  if (!loopback && !env.PONT_ADMIN_TOKEN) {
    problem(
      `PONT_HOST=${host} would open Pont to the network without protection: set PONT_ADMIN_TOKEN too, or leave PONT_HOST unset (127.0.0.1)`,
    );
  }
  if (env.PONT_ADMIN_TOKEN !== undefined && env.PONT_ADMIN_TOKEN.length < minimumAdminTokenLength) {
    problem(
      `PONT_ADMIN_TOKEN is ${env.PONT_ADMIN_TOKEN.length} characters: use at least ${minimumAdminTokenLength} random characters, e.g. PONT_ADMIN_TOKEN=$(openssl rand -hex 24)`,
    );
  }
  // NOTE: without Bot Framework credentials /api/messages cannot tell who is writing; on the network anyone could
  // claim to be any member of staff, so that combination never starts.
  if (!loopback && teams.auth === 'anonymous') {
    problem(
      `PONT_HOST=${host} with no MICROSOFT_APP_ID would let anyone on the network act as any member of staff through Teams: set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID, or PONT_TEAMS=off for a deployment without Teams`,
    );
  }

  const graph: GraphConfig = {
    loginUrl: (env.MICROSOFT_LOGIN_URL ?? 'https://login.microsoftonline.com').replace(/\/+$/, ''),
    graphUrl: (env.MICROSOFT_GRAPH_URL ?? 'https://graph.microsoft.com').replace(/\/+$/, ''),
    tenants: graphTenants(environment, councils),
  };

  return {
    port: env.PORT,
    // NOTE: never open to the network by accident; a wider bind needs PONT_HOST and an admin token.
    host,
    dataDir: path.resolve(env.PONT_DATA_DIR ?? '.pont'),
    databaseUrl: env.DATABASE_URL,
    databaseConnections: env.PONT_DATABASE_CONNECTIONS,
    councils,
    admins,
    adminToken: env.PONT_ADMIN_TOKEN,
    fallbackContact: env.PONT_FALLBACK_CONTACT?.toLowerCase(),
    fetchAllow: env.PONT_FETCH_ALLOW,
    sharingDeadlineDays: env.PONT_SHARING_DEADLINE_DAYS,
    workers: env.PONT_WORKERS,
    workLeaseMs: env.PONT_WORK_LEASE_SECONDS * 1000,
    publicUrl: env.PONT_PUBLIC_URL,
    logLevel: env.LOG_LEVEL,
    openai,
    slack,
    teams,
    graph,
    directorySyncMinutes: env.PONT_DIRECTORY_SYNC_MINUTES,
    sourcesTimeoutMs: env.PONT_SOURCES_TIMEOUT_SECONDS * 1000,
  };
}

/** Reads the councils file named by PONT_COUNCILS_FILE; a missing or unreadable file is one clear line. */
function readCouncilsFile(file: string): CouncilDefinition[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message.split('\n')[0];
    throw new ConfigurationError(
      `PONT_COUNCILS_FILE: cannot read ${file} (${reason}); give a YAML or JSON file with a list of councils`,
      { cause: error },
    );
  }
  return parseCouncilsFile(text, file);
}
