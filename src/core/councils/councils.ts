import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigurationError } from '../../errors.ts';
import { welshFrom, welshIn } from './welsh-names.ts';

/** A council's id, as the councils file gives it: `torfaen`, `blaenau-gwent`. */
export type Council = string;

const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[^@\s]+@[^@\s]+$/, 'is not an email address');
const text = z.string().trim().min(1);

/** One council, as the councils file describes it. */
export const councilSchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/,
        'must be lower-case letters and digits joined by "-", e.g. blaenau-gwent',
      ),
    name: z.object({ en: text, cy: text }).strict(),
    abbreviation: z.object({ en: text, cy: text }).strict(),
    /** Other names staff use for it ("BG", "Blaenau"): matched like the names. */
    aliases: z.array(text).default([]),
    /** The Welsh phrases "in <council>" and "from <council>" when the usual mutation rules do not give them. */
    welsh: z.object({ in: text.optional(), from: text.optional() }).strict().optional(),
    /** Staff email domains, e.g. torfaen.gov.uk. */
    domains: z
      .array(
        z
          .string()
          .trim()
          .toLowerCase()
          .regex(/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/, 'is not a domain such as torfaen.gov.uk'),
      )
      .min(1, 'needs at least one email domain'),
    /** The council's Microsoft Entra ID (Microsoft 365) tenant id. */
    microsoftTenantId: text.optional(),
    /** The council's Slack workspace (team id, T…) and/or Enterprise Grid organisation (E…). */
    slack: z.object({ teamId: text.optional(), enterpriseId: text.optional() }).strict().optional(),
    /** Who administers this council's directory and sources in Pont. */
    admins: z.array(emailSchema).default([]),
    /** Who gets a request for this council that matches nobody. */
    fallbackContact: emailSchema.optional(),
    /** App-only Microsoft Graph credentials for the directory sync (PONT_GRAPH_<COUNCIL>_* take precedence). */
    graph: z.object({ tenantId: text, clientId: text, clientSecret: text }).strict().optional(),
  })
  .strict();

export type CouncilDefinition = z.infer<typeof councilSchema>;

export const councilsFileSchema = z
  .object({ councils: z.array(councilSchema).min(2, 'needs at least two councils') })
  .strict()
  .superRefine((file, context) => {
    const seen = new Map<string, string>();
    for (const [index, council] of file.councils.entries()) {
      const claim = (kind: string, value: string) => {
        const key = `${kind}:${value.toLowerCase()}`;
        const owner = seen.get(key);
        if (owner && owner !== council.id)
          context.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['councils', index],
            message: `${kind} "${value}" is given to both ${owner} and ${council.id}`,
          });
        else if (owner === council.id && kind === 'id')
          context.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['councils', index, 'id'],
            message: `id "${value}" appears twice`,
          });
        seen.set(key, council.id);
      };
      claim('id', council.id);
      for (const domain of council.domains) claim('email domain', domain);
      if (council.slack?.teamId) claim('Slack team id', council.slack.teamId);
    }
  });

/** Blaenau Gwent and Torfaen: the councils Pont serves when no councils file is set. */
export const defaultCouncils: CouncilDefinition[] = councilsFileSchema.parse({
  councils: [
    {
      id: 'blaenau-gwent',
      name: { en: 'Blaenau Gwent', cy: 'Blaenau Gwent' },
      abbreviation: { en: 'BGCBC', cy: 'CBSBG' },
      aliases: ['BG', 'BGBC', 'BGBS'],
      domains: ['blaenau-gwent.gov.uk'],
    },
    {
      id: 'torfaen',
      name: { en: 'Torfaen', cy: 'Torfaen' },
      abbreviation: { en: 'TCBC', cy: 'CBST' },
      aliases: ['TCBS'],
      domains: ['torfaen.gov.uk'],
    },
  ],
}).councils;

/**
 * Checks the text of a councils file (YAML or JSON) read by the caller from `file`; one clear ConfigurationError
 * names what is wrong. Reading the file is left to the edge (the settings loader).
 */
export function parseCouncilsFile(text: string, file: string, setting = 'PONT_COUNCILS_FILE'): CouncilDefinition[] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new ConfigurationError(
      `${setting}: cannot read ${file} (${reason}); give a YAML or JSON file with a list of councils`,
      { cause: error },
    );
  }
  const parsed = councilsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the file';
    throw new ConfigurationError(`${setting}: ${file}: ${where} ${issue.message}`);
  }
  return parsed.data.councils;
}

interface Registry {
  list: CouncilDefinition[];
  byId: Map<string, CouncilDefinition>;
  /** Who administers every council (PONT_ADMINS). */
  federationAdmins: Set<string>;
  version: number;
}

let version = 0;

function buildRegistry(list: CouncilDefinition[], federationAdmins: string[]): Registry {
  version += 1;
  return {
    list,
    byId: new Map(list.map((council) => [council.id, council])),
    federationAdmins: new Set(federationAdmins.map((email) => email.toLowerCase())),
    version,
  };
}

let registry = buildRegistry(defaultCouncils, []);

/**
 * Makes `councils` the councils Pont serves, and `federationAdmins` (PONT_ADMINS) admins of every one of them. The
 * composition root calls it from the settings; everything that names a council reads it from here.
 */
export function useCouncils(councils: CouncilDefinition[], options: { federationAdmins?: string[] } = {}): void {
  registry = buildRegistry(councils, options.federationAdmins ?? []);
}

/** Changes whenever `useCouncils` runs, so a cache built from the councils can tell it is stale. */
export function councilsVersion(): number {
  return registry.version;
}

/** Every configured council, in the file's order. */
export function allCouncils(): readonly CouncilDefinition[] {
  return registry.list;
}

/** Every configured council's id, in the file's order. */
export function councilIds(): Council[] {
  return registry.list.map((council) => council.id);
}

export function getCouncil(id: string): CouncilDefinition | undefined {
  return registry.byId.get(id);
}

export function isCouncil(id: string): id is Council {
  return registry.byId.has(id);
}

/** Every council but `council`. */
export function otherCouncils(council: Council): Council[] {
  return councilIds().filter((id) => id !== council);
}

/** The council's name in English or Welsh; an unknown id is shown as it is. */
export function councilName(council: Council, language: 'en' | 'cy' = 'en'): string {
  return registry.byId.get(council)?.name[language] ?? council;
}

/** "in Torfaen" / "yn Nhorfaen". */
export function inCouncil(council: Council, language: 'en' | 'cy'): string {
  const definition = registry.byId.get(council);
  if (language === 'en') return `in ${councilName(council, 'en')}`;
  return definition?.welsh?.in ?? welshIn(councilName(council, 'cy'));
}

/** "from Torfaen" / "o Dorfaen". */
export function fromCouncil(council: Council, language: 'en' | 'cy'): string {
  const definition = registry.byId.get(council);
  if (language === 'en') return `from ${councilName(council, 'en')}`;
  return definition?.welsh?.from ?? welshFrom(councilName(council, 'cy'));
}

/** Every ordered pair of councils, both directions of each pair together (later council first), for figures per pair. */
export function councilDirections(): { from: Council; to: Council }[] {
  const ids = councilIds();
  const directions: { from: Council; to: Council }[] = [];
  for (const [index, first] of ids.entries()) {
    for (const second of ids.slice(index + 1))
      directions.push({ from: second, to: first }, { from: first, to: second });
  }
  return directions;
}

/** "Blaenau Gwent and Torfaen" / "Blaenau Gwent a Thorfaen": every council, or the ones given. */
export function councilList(language: 'en' | 'cy', councils: Council[] = councilIds(), conjunction?: string): string {
  const names = councils.map((council) => councilName(council, language));
  if (names.length <= 1) return names.join('');
  const last = names.at(-1)!;
  const joiner = conjunction ?? (language === 'en' ? 'and' : 'a');
  // NOTE: Welsh "a" becomes "ac" before a vowel, and mutates a following c, p or t (a Thorfaen).
  const tail =
    language === 'cy' && joiner === 'a'
      ? /^[aeiouwyâêîôûŵŷ]/i.test(last)
        ? `ac ${last}`
        : `a ${aspirated(last)}`
      : `${joiner} ${last}`;
  return `${names.slice(0, -1).join(', ')} ${tail}`;
}

function aspirated(name: string): string {
  const lower = name.toLowerCase();
  if (lower.startsWith('t')) return `Th${name.slice(1)}`;
  if (lower.startsWith('c')) return `Ch${name.slice(1)}`;
  if (lower.startsWith('p')) return `Ph${name.slice(1)}`;
  return name;
}

/** The council whose staff use `email`'s domain (or a subdomain of it), if any. */
export function councilByDomain(email: string): Council | undefined {
  const domain = email.trim().toLowerCase().split('@').pop() ?? '';
  return registry.list.find((council) => council.domains.some((own) => domain === own || domain.endsWith(`.${own}`)))
    ?.id;
}

/**
 * The council whose Microsoft 365 tenant this is. Undefined when no council has it, and also when several councils
 * share the tenant (one shared tenant): then `councilByDomain` tells them apart.
 */
export function councilByTenant(tenantId: string): Council | undefined {
  const found = councilsByTenant(tenantId);
  return found.length === 1 ? found[0] : undefined;
}

/** Every council in the Microsoft 365 tenant `tenantId` (several when they share one). */
export function councilsByTenant(tenantId: string): Council[] {
  const key = tenantId.trim().toLowerCase();
  return registry.list
    .filter((council) => council.microsoftTenantId?.toLowerCase() === key)
    .map((council) => council.id);
}

/**
 * The council of a Slack workspace: by its team id, else by its Enterprise Grid organisation when only one
 * council is in that organisation.
 */
export function councilBySlackTeam(teamId: string | undefined, enterpriseId?: string): Council | undefined {
  const byTeam = teamId ? registry.list.find((council) => council.slack?.teamId === teamId) : undefined;
  if (byTeam) return byTeam.id;
  if (!enterpriseId) return undefined;
  const inGrid = registry.list.filter((council) => council.slack?.enterpriseId === enterpriseId);
  return inGrid.length === 1 ? inGrid[0]!.id : undefined;
}

/** The councils `email` administers: every council for a federation admin (PONT_ADMINS), else those whose file lists them. */
export function councilsAdministeredBy(email: string | null | undefined): Council[] {
  if (!email) return [];
  const key = email.trim().toLowerCase();
  if (registry.federationAdmins.has(key)) return councilIds();
  return registry.list.filter((council) => council.admins.includes(key)).map((council) => council.id);
}

/** Whether anyone at all is named an admin (PONT_ADMINS or a council's admins). */
export function anyAdminsConfigured(): boolean {
  return registry.federationAdmins.size > 0 || registry.list.some((council) => council.admins.length > 0);
}

/** The council's own fallback contact, if its file sets one. */
export function councilFallbackContact(council: Council): string | undefined {
  return registry.byId.get(council)?.fallbackContact;
}
