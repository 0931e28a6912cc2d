import { normalise } from '../language/index.ts';

/** How senior a role is, from the top of a council down. */
export type Level = 'chief-officer' | 'head-of-service' | 'manager' | 'team-leader' | 'officer';

export const levels: readonly Level[] = ['chief-officer', 'head-of-service', 'manager', 'team-leader', 'officer'];

/** 4 for a chief officer down to 0 for an officer. */
export function levelRank(level: string): number {
  const index = levels.indexOf(level as Level);
  return index === -1 ? 0 : levels.length - 1 - index;
}

const levelNames: Record<Level, { en: string; cy: string }> = {
  'chief-officer': { en: 'chief officer', cy: 'prif swyddog' },
  'head-of-service': { en: 'head of service', cy: 'pennaeth gwasanaeth' },
  manager: { en: 'manager', cy: 'rheolwr' },
  'team-leader': { en: 'team leader', cy: 'arweinydd tîm' },
  officer: { en: 'officer', cy: 'swyddog' },
};

export function levelName(level: string, language: 'en' | 'cy' = 'en'): string {
  return (levelNames[level as Level] ?? levelNames.officer)[language];
}

// NOTE: the order matters: "assistant director" before "director", "team manager" before "manager".
const rules: [RegExp, Level][] = [
  [
    /\b(chief executive|prif weithredwr|chief officer|prif swyddog|corporate director|strategic director|executive director|deputy chief|cyfarwyddwr corfforaethol|cyfarwyddwr strategol|monitoring officer|section 151)\b/,
    'chief-officer',
  ],
  [/\b(assistant director|cyfarwyddwr cynorthwyol|head of|head|pennaeth|service director)\b/, 'head-of-service'],
  [/\b(director|cyfarwyddwr)\b/, 'chief-officer'],
  [
    /\b(team leader|team manager|arweinydd tim|rheolwr tim|supervisor|goruchwyliwr|principal|prif|lead officer|senior practitioner)\b/,
    'team-leader',
  ],
  [/\b(service manager|manager|rheolwr|lead|arweinydd|coordinator lead)\b/, 'manager'],
];

/** The level a job title (or a described role: "head of waste", "Rheolwr Caffael") implies. */
export function inferLevel(jobTitle: string): Level {
  const normal = normalise(jobTitle);
  for (const [pattern, level] of rules) if (pattern.test(normal)) return level;
  return 'officer';
}

/** Whether a free text names a level at all (so "waste" alone is not read as "officer"). */
export function mentionsLevel(text: string): boolean {
  const normal = normalise(text);
  return (
    rules.some(([pattern]) => pattern.test(normal)) ||
    /\b(officer|swyddog|technician|technegydd|assistant|cynorthwyydd|adviser|advisor|ymgynghorydd)\b/.test(normal)
  );
}
