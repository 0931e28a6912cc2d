import { councils } from '../core/people/types.ts';

/**
 * The one place the channels learn which council ids exist: Teams bot registrations and Slack installations
 * are keyed by a council id and checked here. Point these two functions at the councils configuration when
 * that exists; nothing else in the channels names a council.
 */
export function isCouncilId(id: string): boolean {
  return (councils as readonly string[]).includes(id);
}

/** The configured council ids, for messages that list the choices. */
export function councilIds(): readonly string[] {
  return councils;
}
