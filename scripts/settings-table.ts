/**
 * `npm run docs:settings`: writes the settings table of docs/operate/settings.md from the zod schema that
 * checks the environment at start (src/config.ts). Names, defaults and allowed values come from the schema;
 * what each setting means comes from the list below, which must name every setting the schema has.
 * `--check` writes nothing and exits 1 when the file is out of date.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { environmentSchema } from '../src/config.ts';

interface SettingText {
  /** The page that explains the setting, relative to docs/operate/. */
  page: string;
  meaning: string;
  /** A default applied after the schema (when the schema itself has none). */
  defaultText?: string;
}

/** What each setting is for. A setting in the schema missing here, or named here and gone from the schema, fails the docs test. */
export const settingTexts: Record<string, SettingText> = {
  PORT: { page: 'install.md', meaning: 'HTTP port' },
  PONT_HOST: {
    page: 'security.md',
    meaning:
      'bind address; anything but loopback needs `PONT_ADMIN_TOKEN`, and Bot Framework credentials or `PONT_TEAMS=off`',
    defaultText: '127.0.0.1',
  },
  PONT_DATA_DIR: {
    page: 'backups.md',
    meaning: 'embedded database folder (used when `DATABASE_URL` is unset)',
    defaultText: '`./.pont`',
  },
  DATABASE_URL: {
    page: 'postgresql.md',
    meaning: '`postgres://…` for a PostgreSQL server (managed Azure Database for PostgreSQL, RDS, …)',
  },
  OPENAI_API_KEY: {
    page: 'language-models.md',
    meaning: "OpenAI key; optional for a council's own OpenAI-compatible server",
  },
  OPENAI_BASE_URL: {
    page: 'language-models.md',
    meaning: 'any OpenAI-compatible server (Ollama, vLLM, llama.cpp), e.g. `http://127.0.0.1:11434/v1`',
  },
  OPENAI_MODEL: {
    page: 'language-models.md',
    meaning: 'chat model, e.g. `gpt-4o-mini`; needed with `OPENAI_API_KEY` or `OPENAI_BASE_URL`',
  },
  OPENAI_EMBEDDING_MODEL: {
    page: 'language-models.md',
    meaning: 'embedding model for hybrid search, e.g. `text-embedding-3-small`',
  },
  AZURE_OPENAI_ENDPOINT: {
    page: 'language-models.md',
    meaning: 'Azure OpenAI resource, `https://<resource>.openai.azure.com/` (UK South for UK data residency)',
  },
  AZURE_OPENAI_API_KEY: { page: 'language-models.md', meaning: 'Azure OpenAI key' },
  AZURE_OPENAI_DEPLOYMENT: { page: 'language-models.md', meaning: 'Azure OpenAI chat deployment' },
  AZURE_OPENAI_EMBEDDING_DEPLOYMENT: {
    page: 'language-models.md',
    meaning: 'Azure OpenAI embedding deployment (hybrid search)',
  },
  AZURE_OPENAI_API_VERSION: {
    page: 'language-models.md',
    meaning: 'Azure OpenAI API version',
    defaultText: '2024-10-21',
  },
  SLACK_BOT_TOKEN: { page: 'slack.md', meaning: 'bot token (`xoxb-…`); turns Slack on' },
  SLACK_SIGNING_SECRET: {
    page: 'slack.md',
    meaning: 'HTTP mode at `POST /slack/events`: every request must be signed with it and less than 5 minutes old',
  },
  SLACK_APP_TOKEN: { page: 'slack.md', meaning: 'Socket Mode (`xapp-…`) instead of HTTP; takes precedence' },
  SLACK_API_URL: {
    page: 'slack.md',
    meaning: 'Web API base URL: GovSlack (`https://slack-gov.com/api/`), or a test server',
    defaultText: 'Slack',
  },
  SLACK_CLIENT_ID: {
    page: 'slack-workspaces.md',
    meaning:
      'Slack app client id: Pont is installed in each workspace through `/slack/install` (instead of `SLACK_BOT_TOKEN`)',
  },
  SLACK_CLIENT_SECRET: { page: 'slack-workspaces.md', meaning: 'Slack app client secret, for the install flow' },
  SLACK_STATE_SECRET: {
    page: 'slack-workspaces.md',
    meaning: "at least 32 random characters that sign the install flow's state",
  },
  PONT_SECRET_KEY: {
    page: 'slack-workspaces.md',
    meaning:
      "encrypts the installed workspaces' bot tokens in the database (AES-256-GCM): 32 random bytes, `openssl rand -base64 32`; once set, Pont will not start without it",
  },
  MICROSOFT_APP_ID: {
    page: 'teams.md',
    meaning:
      'Teams bot (single-tenant): the Entra app registration id; without the three `MICROSOFT_APP_*`, `/api/messages` takes unsigned traffic from this computer only',
  },
  MICROSOFT_APP_PASSWORD: { page: 'teams.md', meaning: 'a client secret of that app' },
  MICROSOFT_APP_TENANT_ID: { page: 'teams.md', meaning: 'your tenant id; activities from any other tenant get 401' },
  MICROSOFT_BOT_OPENID_METADATA: {
    page: 'teams.md',
    meaning: "where Bot Framework's signing keys are published (sovereign clouds, tests)",
    defaultText: "Bot Framework's",
  },
  MICROSOFT_BOT_TOKEN_ISSUER: {
    page: 'teams-tenants.md',
    meaning: "the issuer of Bot Framework's tokens to the bot; `https://api.botframework.us` in US Government clouds",
    defaultText: '`https://api.botframework.com`',
  },
  MICROSOFT_BOT_OAUTH_SCOPE: {
    page: 'teams-tenants.md',
    meaning:
      'the audience of the tokens the bot asks Entra ID for to call the Bot Connector; `https://api.botframework.us` in US Government clouds',
    defaultText: '`https://api.botframework.com`',
  },
  PONT_TEAMS: {
    page: 'teams.md',
    meaning: '`off`: no Teams, `/api/messages` is not served (a Slack-only deployment on the network)',
    defaultText: 'on',
  },
  PONT_COUNCILS_FILE: {
    page: 'councils.md',
    meaning:
      'YAML or JSON file listing the councils Pont serves (names, domains, tenant, Slack workspace, admins, fallback contact)',
    defaultText: 'Blaenau Gwent and Torfaen',
  },
  PONT_ADMINS: {
    page: 'security.md',
    meaning:
      "comma-separated emails of admins of every council (directory import through chat, the dashboard, closing or cancelling any request); each council's own admins are in the councils file",
  },
  PONT_ADMIN_TOKEN: {
    page: 'security.md',
    meaning: 'bearer token / sign-in secret for the web pages from another machine; at least 32 characters',
  },
  PONT_FALLBACK_CONTACT: {
    page: 'sharing.md',
    meaning: 'who gets a sharing request that matches nobody and no service lead',
  },
  PONT_FETCH_ALLOW: {
    page: 'security.md',
    meaning:
      'comma-separated host names and IP ranges (CIDR) that URL ingest may reach although loopback, private or link-local, e.g. `intranet.torfaen.gov.uk,10.20.0.0/16`',
  },
  PONT_SHARING_DEADLINE_DAYS: {
    page: 'sharing.md',
    meaning: 'working days (Welsh bank holidays excluded) before a reminder, a reroute, expiry or a nudge',
  },
  PONT_WORKERS: {
    page: 'replicas.md',
    meaning: "chat deliveries each process works on at once; sized for the model's latency, not for processor cores",
  },
  PONT_DATABASE_CONNECTIONS: {
    page: 'replicas.md',
    meaning:
      'PostgreSQL connections each process may open for its work; two more, always open, record deliveries before they are acknowledged',
  },
  PONT_WORK_LEASE_SECONDS: {
    page: 'replicas.md',
    meaning:
      'how long work held by a process that died waits before another process takes it up; renewed while the work runs',
  },
  PONT_PUBLIC_URL: { page: 'teams.md', meaning: 'the public https address (Teams manifest, links, `Secure` cookies)' },
  MICROSOFT_LOGIN_URL: {
    page: 'directory.md',
    meaning: 'Entra ID sign-in host for `pont people sync` (sovereign clouds, a test server)',
    defaultText: '`https://login.microsoftonline.com`',
  },
  MICROSOFT_GRAPH_URL: {
    page: 'directory.md',
    meaning: 'Microsoft Graph host for `pont people sync`',
    defaultText: '`https://graph.microsoft.com`',
  },
  PONT_DIRECTORY_SYNC_MINUTES: {
    page: 'councils.md',
    meaning:
      "how often the server reads each council's directory from Entra ID (one replica at a time); 0 turns it off",
  },
  PONT_SOURCES_TIMEOUT_SECONDS: {
    page: 'sources.md',
    meaning:
      "longest wait for one response from a synced source (website, ModernGov, SharePoint, feed), body included; a source's own `--timeout` wins",
    defaultText: '30',
  },
  LOG_LEVEL: { page: 'runbooks.md', meaning: 'pino level; logs go to stderr as JSON lines' },
};

/** Settings read outside the schema's fixed names, listed after the table. */
const patternSettings = [
  "`PONT_GRAPH_<COUNCIL>_TENANT_ID`, `…_CLIENT_ID`, `…_CLIENT_SECRET`: a council's Entra ID app registration for `pont people sync` (COUNCIL is the council id in upper case with `-` as `_`: `TORFAEN`, `BLAENAU_GWENT`); all three or none. See [directory.md](directory.md).",
  '`MICROSOFT_APP_<N>_ID`, `…_PASSWORD` or `…_CERTIFICATE_FILE`, `…_TENANT_ID`, `…_COUNCIL`, `…_BOT_LOGIN_URL`, `…_BOT_OPENID_METADATA`, `…_BOT_TOKEN_ISSUER`, `…_BOT_OAUTH_SCOPE`: a further Teams bot registration, one per tenant (N = 1, 2, …), its own endpoints where its cloud differs; `MICROSOFT_APP_CERTIFICATE_FILE` and `MICROSOFT_BOT_LOGIN_URL` apply to the single registration, and `MICROSOFT_BOT_LOGIN_URL`, `MICROSOFT_BOT_OPENID_METADATA`, `MICROSOFT_BOT_TOKEN_ISSUER`, `MICROSOFT_BOT_OAUTH_SCOPE` to every registration that sets none of its own. See [teams-tenants.md](teams-tenants.md).',
];

const begin = '<!-- settings:begin (generated by npm run docs:settings from src/config.ts; do not edit by hand) -->';
const end = '<!-- settings:end -->';
export const settingsFile = fileURLToPath(new URL('../docs/operate/settings.md', import.meta.url));

/** The schema's own description of a value: default and allowed values. */
function describeSchema(schema: z.ZodTypeAny): { defaultValue?: unknown; allowed?: string } {
  let current: z.ZodTypeAny = schema;
  let defaultValue: unknown;
  for (;;) {
    if (current instanceof z.ZodDefault) {
      defaultValue = (current._def.defaultValue as () => unknown)();
      current = current._def.innerType as z.ZodTypeAny;
    } else if (current instanceof z.ZodOptional || current instanceof z.ZodNullable)
      current = current._def.innerType as z.ZodTypeAny;
    else if (current instanceof z.ZodEffects) current = current._def.schema as z.ZodTypeAny;
    else break;
  }
  if (current instanceof z.ZodEnum)
    return { defaultValue, allowed: (current._def.values as string[]).map((value) => `\`${value}\``).join(', ') };
  if (current instanceof z.ZodNumber) {
    const checks = current._def.checks;
    const min = checks.find((check) => check.kind === 'min');
    const max = checks.find((check) => check.kind === 'max');
    const whole = checks.some((check) => check.kind === 'int');
    const range = min && max ? `${min.value}–${max.value}` : undefined;
    return { defaultValue, allowed: [whole ? 'whole number' : 'number', range].filter(Boolean).join(', ') };
  }
  return { defaultValue };
}

const cell = (text: string) => text.replaceAll('|', '\\|');

/** The generated block: one row a setting, in the schema's order. */
export function settingsTable(): string {
  const rows = Object.entries(environmentSchema.shape).map(([name, schema]) => {
    const text = settingTexts[name];
    if (!text)
      throw new Error(
        `${name} is in src/config.ts but not described in scripts/settings-table.ts: add it to settingTexts`,
      );
    const { defaultValue, allowed } = describeSchema(schema as z.ZodTypeAny);
    const shownDefault = defaultValue !== undefined ? `\`${String(defaultValue)}\`` : (text.defaultText ?? '–');
    return `| \`${name}\` | ${cell(shownDefault)} | ${cell(allowed ?? '')} | ${cell(text.meaning)} ([more](${text.page})) |`;
  });
  const stale = Object.keys(settingTexts).filter((name) => !(name in environmentSchema.shape));
  if (stale.length)
    throw new Error(`scripts/settings-table.ts describes settings src/config.ts no longer has: ${stale.join(', ')}`);
  return [
    begin,
    '',
    '| setting | default | allowed | meaning |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    ...patternSettings.map((line) => `- ${line}`),
    '',
    end,
  ].join('\n');
}

/** The settings page with its generated block replaced by `table`. */
export function withTable(page: string, table: string): string {
  const from = page.indexOf(begin);
  const to = page.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${settingsFile} has lost its generated-block markers`);
  return page.slice(0, from) + table + page.slice(to + end.length);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  const page = fs.readFileSync(settingsFile, 'utf8');
  const next = withTable(page, settingsTable());
  if (process.argv.includes('--check')) {
    if (next !== page) {
      process.stderr.write('docs/operate/settings.md is out of date: run npm run docs:settings\n');
      process.exitCode = 1;
    }
  } else if (next !== page) {
    fs.writeFileSync(settingsFile, next);
    process.stdout.write('docs/operate/settings.md: settings table written\n');
  } else process.stdout.write('docs/operate/settings.md: settings table already up to date\n');
}
