import type { PersonMatch, PersonRecord } from '../../../core/people/index.ts';
import { councilName, publicPerson } from '../../../core/people/index.ts';

/** The PERSON shape of DESIGN.md plus score and reasons, for --json. */
export function personJson(match: PersonMatch) {
  return {
    ...publicPerson(match),
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
    ...publicPerson(record),
    team: record.team,
    managerEmail: record.managerEmail,
    visible: record.visible,
    services: record.services,
    level: record.level,
    slackUserId: record.slackUserId,
    teamsUserId: record.teamsUserId,
  };
}
