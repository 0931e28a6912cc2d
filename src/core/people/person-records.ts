import type { StoredPerson } from './directory.ts';
import { inferLevel } from './levels.ts';
import type { Taxonomy } from './taxonomy.ts';
import type { Person, PersonMatch, PersonRecord } from './types.ts';

/** The public PERSON shape of a record: nothing the directory keeps for Pont alone. */
export function publicPerson(record: Person): Person {
  return {
    email: record.email,
    name: record.name,
    council: record.council,
    jobTitle: record.jobTitle,
    serviceArea: record.serviceArea,
    skills: [...record.skills],
    welshLevel: record.welshLevel,
  };
}

/** Whether others may see a stored profile: HR left it visible and the person did not hide it. */
export function shownToOthers(stored: StoredPerson): boolean {
  return stored.visible && !stored.hiddenBySelf;
}

/** A person as a match: their public fields, a score to one decimal place and each reason once. */
export function toMatch(record: PersonRecord, score: number, reasons: string[]): PersonMatch {
  return {
    ...publicPerson(record),
    score: Math.round(score * 10) / 10,
    reasons: [...new Set(reasons)],
  };
}

/** Higher score first, then by name: a plain comparison, as ICU collation is too slow for thousands of ties. */
export function byScoreThenName<T>(score: (item: T) => number, name: (item: T) => string) {
  return (left: T, right: T) => {
    const difference = score(right) - score(left);
    if (difference !== 0) return difference;
    const leftName = name(left);
    const rightName = name(right);
    return leftName < rightName ? -1 : leftName > rightName ? 1 : 0;
  };
}

/**
 * Turns stored profiles into records: the services read from the service area (else the team, else the job title)
 * against the taxonomy, and the level from the job title.
 */
export function createRecordReader(taxonomy: Taxonomy): (stored: StoredPerson) => PersonRecord {
  // NOTE: thousands of people share a service area and a job title; each is read against the taxonomy once.
  const servicesCache = new Map<string, string[]>();
  const levelCache = new Map<string, string>();
  const servicesOf = (text: string) => {
    let services = servicesCache.get(text);
    if (!services) {
      services = taxonomy.servicesFor(text);
      if (servicesCache.size > 50_000) servicesCache.clear();
      servicesCache.set(text, services);
    }
    return services;
  };
  const levelOf = (jobTitle: string) => {
    let level = levelCache.get(jobTitle);
    if (!level) {
      level = inferLevel(jobTitle);
      if (levelCache.size > 50_000) levelCache.clear();
      levelCache.set(jobTitle, level);
    }
    return level;
  };

  return (stored) => {
    let services = servicesOf(stored.serviceArea);
    if (services.length === 0 && stored.team) services = servicesOf(stored.team);
    if (services.length === 0) services = servicesOf(stored.jobTitle);
    return {
      email: stored.email,
      name: stored.name,
      council: stored.council,
      jobTitle: stored.jobTitle,
      serviceArea: stored.serviceArea,
      skills: [...stored.skills],
      welshLevel: stored.welshLevel,
      team: stored.team,
      managerEmail: stored.managerEmail,
      slackUserId: stored.slackUserId,
      teamsUserId: stored.teamsUserId,
      visible: shownToOthers(stored),
      services: [...services],
      level: levelOf(stored.jobTitle),
    };
  };
}
