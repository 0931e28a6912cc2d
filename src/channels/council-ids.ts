import { councilIds as configuredCouncilIds, isCouncil } from '../core/councils/index.ts';

/**
 * The one place the channels learn which council ids exist: Teams bot registrations and Slack installations
 * are keyed by a council id and checked here, against the councils file.
 */
export function isCouncilId(id: string): boolean {
  return isCouncil(id);
}

/** The configured council ids, for messages that list the choices. */
export function councilIds(): readonly string[] {
  return configuredCouncilIds();
}
