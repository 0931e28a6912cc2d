import type { PersonMatch, PersonRecord } from '../../../core/people/index.ts';
import { councilName } from '../../../core/people/index.ts';

/** The PERSON shape of DESIGN.md plus score and reasons, for --json. */
export function personJson(match: PersonMatch) {
  return {
    email: match.email,
    name: match.name,
    council: match.council,
    jobTitle: match.jobTitle,
    serviceArea: match.serviceArea,
    skills: match.skills,
    welshLevel: match.welshLevel,
    score: match.score,
    reasons: match.reasons,
  };
}

/** One person as terminal lines: name, role, council, email, then why they matched. */
export function personLines(match: PersonMatch, position: number): string {
  const role = [match.jobTitle, match.serviceArea].filter(Boolean).join(', ');
  return [
    `${position}. ${match.name} — ${role} (${councilName(match.council)}) <${match.email}>  score ${match.score}`,
    match.skills.length > 0 ? `   skills: ${match.skills.join('; ')}` : '',
    match.reasons.length > 0 ? `   why: ${match.reasons.join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** A whole profile (the person's own view), for `pont people show`. */
export function profileJson(record: PersonRecord) {
  return {
    email: record.email,
    name: record.name,
    council: record.council,
    jobTitle: record.jobTitle,
    serviceArea: record.serviceArea,
    team: record.team,
    managerEmail: record.managerEmail,
    skills: record.skills,
    welshLevel: record.welshLevel,
    visible: record.visible,
    services: record.services,
    level: record.level,
    slackUserId: record.slackUserId,
    teamsUserId: record.teamsUserId,
  };
}
