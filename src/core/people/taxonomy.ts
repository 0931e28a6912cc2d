import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { ConfigurationError } from '../../errors.ts';
import { PhraseMatcher, stems } from './phrase-matcher.ts';
import { peopleSearchStopWords, radicalForms } from '../language/index.ts';
import { stem, words } from './text.ts';

const bilingualName = z.object({
  en: z.string().trim().min(1, 'give the English name'),
  cy: z.string().trim().min(1, 'give the Welsh name'),
});

const serviceSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'an id is lower-case words joined by hyphens, such as "adult-social-care"'),
  name: bilingualName,
  group: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a group is lower-case words joined by hyphens, such as "environment"'),
  synonyms: z.array(z.string().trim().min(1, 'a synonym cannot be empty')).default([]),
  lgsl: z.array(z.number().int().positive()).default([]),
  /** The closest other services, nearest first: where to look when a council has no one in this one. */
  related: z.array(z.string()).default([]),
});

const servicesFileSchema = z.object({ services: z.array(serviceSchema).min(1, 'list at least one service') });

const skillSchema = z.object({
  name: z.string().trim().min(1, 'give the skill a name'),
  synonyms: z.array(z.string().trim().min(1, 'a synonym cannot be empty')).default([]),
  services: z.array(z.string()).default([]),
});

const skillsFileSchema = z.object({ skills: z.array(skillSchema).default([]) });

const lgslRowSchema = z.object({
  LGSL: z.coerce.number().int().positive(),
  Description: z.string().trim().min(1),
});

export type ServiceDefinition = z.infer<typeof serviceSchema>;
export type SkillDefinition = z.infer<typeof skillSchema>;

/** A canonical service a text mentions, and how sure the match is. */
export interface ServiceMention {
  id: string;
  /** "name" for a service name or synonym, "lgsl" for a word only found in the services' LGSL descriptions. */
  via: 'name' | 'lgsl';
  phrase: string;
}

/** The shared service and skill vocabulary of both councils. */
export interface Taxonomy {
  services: ServiceDefinition[];
  skills: SkillDefinition[];
  service(id: string): ServiceDefinition | undefined;
  /** Canonical services a service area (as HR names it) maps to: "Street Scene" → waste. */
  servicesFor(serviceArea: string): string[];
  /** Services a free text is about: names and synonyms first; LGSL description words when none is named. */
  servicesMentioned(text: string): ServiceMention[];
  /** Indexes of skill groups (into `skills`) whose name or synonyms a text contains. */
  skillGroupsIn(text: string): { group: number; phrase: string }[];
  /** The skill group a whole phrase belongs to, by its stems ("Caffael" → procurement), or -1. */
  skillGroupOf(phrase: string): number;
  /** Services near these, nearest first: each one's `related` list, then the rest of their groups. */
  nearestServices(ids: string[]): string[];
  /** The LGSL description of a code, for references. */
  lgsl(code: number): string | undefined;
}

function describeIssues(file: string, error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`)
    .join('; ');
}

function parseYamlFile({ text, file }: TaxonomyFile): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : '';
    throw new ConfigurationError(`${file}${where} is not valid YAML: ${(error as Error).message.split('\n')[0]}`, {
      cause: error,
    });
  }
}

/** The text of one taxonomy file and the name to give it in errors. */
export interface TaxonomyFile {
  text: string;
  file: string;
}

/** What the taxonomy files say once read and checked: plain data, which can be kept between processes. */
export interface TaxonomyDefinitions {
  services: ServiceDefinition[];
  skills: SkillDefinition[];
  /** The LGSL codes and their descriptions (empty without lgsl.csv). */
  lgsl: [number, string][];
  servicesFile: string;
  skillsFile: string;
}

/**
 * Reads and checks the text of the taxonomy files, read by the caller (`loadTaxonomy` in the store reads the taxonomy
 * folder). A mistake in one file (bad YAML, a missing Welsh name, a bad LGSL row) stops it with a message naming the
 * file and the entry.
 */
export function readTaxonomyDefinitions(files: {
  services: TaxonomyFile;
  skills: TaxonomyFile;
  lgsl?: TaxonomyFile;
}): TaxonomyDefinitions {
  const servicesParsed = servicesFileSchema.safeParse(parseYamlFile(files.services));
  if (!servicesParsed.success) throw new ConfigurationError(describeIssues(files.services.file, servicesParsed.error));
  const skillsParsed = skillsFileSchema.safeParse(parseYamlFile(files.skills) ?? {});
  if (!skillsParsed.success) throw new ConfigurationError(describeIssues(files.skills.file, skillsParsed.error));

  const lgsl: [number, string][] = [];
  if (files.lgsl) {
    const lgslFile = files.lgsl.file;
    const rows = parseCsv(files.lgsl.text, { columns: true, skip_empty_lines: true, bom: true }) as unknown[];
    rows.forEach((row, index) => {
      const parsed = lgslRowSchema.safeParse(row);
      if (!parsed.success)
        throw new ConfigurationError(`${lgslFile}: line ${index + 2}: ${parsed.error.issues[0]!.message}`);
      lgsl.push([parsed.data.LGSL, parsed.data.Description]);
    });
  }
  return {
    services: servicesParsed.data.services,
    skills: skillsParsed.data.skills,
    lgsl,
    servicesFile: files.services.file,
    skillsFile: files.skills.file,
  };
}

/**
 * Checks and builds the taxonomy from the text of its files. Every mistake an editor can make (bad YAML, a missing
 * Welsh name, a duplicate id, an unknown LGSL code or service) stops it with a message naming the file and the entry.
 * Without `lgsl`, codes are not checked.
 */
export function parseTaxonomy(files: { services: TaxonomyFile; skills: TaxonomyFile; lgsl?: TaxonomyFile }): Taxonomy {
  return taxonomyFrom(readTaxonomyDefinitions(files));
}

/** Builds the taxonomy from checked definitions, checking how they refer to each other. */
export function taxonomyFrom(definitions: TaxonomyDefinitions): Taxonomy {
  return buildTaxonomy(definitions.services, definitions.skills, new Map(definitions.lgsl), {
    servicesFile: definitions.servicesFile,
    skillsFile: definitions.skillsFile,
  });
}

/** Builds a taxonomy from already-parsed definitions (tests use this with small lists). */
export function buildTaxonomy(
  services: ServiceDefinition[],
  skills: SkillDefinition[],
  lgslDescriptions: Map<number, string> = new Map(),
  files: { servicesFile: string; skillsFile: string } = { servicesFile: 'services', skillsFile: 'skills' },
): Taxonomy {
  const byId = new Map<string, ServiceDefinition>();
  services.forEach((service, index) => {
    if (byId.has(service.id))
      throw new ConfigurationError(
        `${files.servicesFile}: services.${index}: the id "${service.id}" is used twice; give each service its own id`,
      );
    byId.set(service.id, service);
    for (const code of service.lgsl) {
      if (lgslDescriptions.size > 0 && !lgslDescriptions.has(code)) {
        throw new ConfigurationError(
          `${files.servicesFile}: services.${index} (${service.id}): LGSL code ${code} is not in lgsl.csv; check the code`,
        );
      }
    }
  });
  services.forEach((service, index) => {
    for (const id of service.related) {
      if (!byId.has(id))
        throw new ConfigurationError(
          `${files.servicesFile}: services.${index} (${service.id}): related service "${id}" is not defined; use an id from services.yaml`,
        );
    }
  });
  skills.forEach((skill, index) => {
    for (const id of skill.services) {
      if (!byId.has(id))
        throw new ConfigurationError(
          `${files.skillsFile}: skills.${index} (${skill.name}): unknown service "${id}"; use an id from services.yaml`,
        );
    }
  });

  const serviceNames = new PhraseMatcher<string>();
  for (const service of services) {
    serviceNames.add(service.name.en, service.id);
    serviceNames.add(service.name.cy, service.id);
    for (const synonym of service.synonyms) serviceNames.add(synonym, service.id);
  }

  const serviceStems = new Set(
    services.flatMap((service) =>
      [service.name.en, service.name.cy, ...service.synonyms].flatMap((name) => stems(name)),
    ),
  );

  // NOTE: LGSL descriptions give everyday words ("potholes", "fly-tipping") to services; a word counts only if it
  // belongs to at most two services, so "council" or "find" never decide anything.
  const lgslWordServices = new Map<string, Set<string>>();
  for (const service of services) {
    for (const code of service.lgsl) {
      for (const word of stems(lgslDescriptions.get(code) ?? '')) {
        if (word.length < 4 || /^\d+$/.test(word)) continue;
        const owners = lgslWordServices.get(word) ?? new Set<string>();
        owners.add(service.id);
        lgslWordServices.set(word, owners);
      }
    }
  }
  for (const generic of ['find', 'council', 'servic', 'local', 'about', 'inform', 'advic', 'support'])
    lgslWordServices.delete(generic);

  const skillTerms = new PhraseMatcher<number>();
  const skillByStems = new Map<string, number>();
  skills.forEach((skill, index) => {
    for (const term of [skill.name, ...skill.synonyms]) {
      skillTerms.add(term, index);
      const key = stems(term).join(' ');
      if (key && !skillByStems.has(key)) skillByStems.set(key, index);
    }
  });

  return {
    services,
    skills,
    service: (id) => byId.get(id),
    servicesFor(serviceArea) {
      return [...new Set(serviceNames.find(serviceArea).map((hit) => hit.target))];
    },
    servicesMentioned(text) {
      // NOTE: "Swyddog Gaffael", "yn y Gymraeg": a mutated Welsh word is read in the form the names use.
      const known = (word: string) => serviceStems.has(stem(word));
      const radical = words(text)
        .map((word) => (known(word) ? word : (radicalForms(word).find(known) ?? word)))
        .join(' ');
      const named = serviceNames.find(radical);
      if (named.length > 0) {
        const seen = new Set<string>();
        return named
          .filter((hit) => !seen.has(hit.target) && seen.add(hit.target))
          .map((hit) => ({ id: hit.target, via: 'name' as const, phrase: hit.phrase }));
      }
      const mentions: ServiceMention[] = [];
      const textWords = words(text).filter((word) => !peopleSearchStopWords.has(word));
      for (const word of textWords) {
        const owners = lgslWordServices.get(stems(word)[0] ?? '');
        if (!owners || owners.size > 2) continue;
        for (const id of owners)
          if (!mentions.some((mention) => mention.id === id)) mentions.push({ id, via: 'lgsl', phrase: word });
      }
      return mentions;
    },
    skillGroupsIn(text) {
      return skillTerms.find(text).map((hit) => ({ group: hit.target, phrase: hit.phrase }));
    },
    skillGroupOf(phrase) {
      return skillByStems.get(stems(phrase).join(' ')) ?? -1;
    },
    nearestServices(ids) {
      const nearest: string[] = [];
      const add = (id: string) => {
        if (!ids.includes(id) && !nearest.includes(id)) nearest.push(id);
      };
      for (const id of ids) for (const related of byId.get(id)?.related ?? []) add(related);
      const groups = new Set(ids.map((id) => byId.get(id)?.group));
      for (const service of services) if (groups.has(service.group)) add(service.id);
      return nearest;
    },
    lgsl: (code) => lgslDescriptions.get(code),
  };
}
