import type { Actor } from '../people/index.ts';
import { councilIds, councilsAdministeredBy, type Council } from './councils.ts';

/**
 * The one admin check: who `email` is as an actor, with the councils they administer (every council for PONT_ADMINS,
 * else those whose councils-file entry lists them). `trusted` (the admin token, the command line on the server)
 * administers every council.
 */
export function actorFor(email: string | null | undefined, via: string, options: { trusted?: boolean } = {}): Actor {
  const normalised = email ? email.trim().toLowerCase() : null;
  const adminOf = options.trusted ? councilIds() : councilsAdministeredBy(normalised);
  return { email: normalised, isAdmin: adminOf.length > 0, adminOf, via };
}

/** Whether `email` administers any council (and so sees the joint figures and the audit trail). */
export function isAdmin(email: string | null | undefined): boolean {
  return councilsAdministeredBy(email).length > 0;
}

/**
 * Whether `actor` manages `council`'s directory and sources: an admin of that council. An admin actor that names no
 * councils (Pont's own jobs) manages every one.
 */
export function mayManageCouncil(actor: Pick<Actor, 'isAdmin' | 'adminOf'>, council: Council): boolean {
  if (!actor.isAdmin) return false;
  return actor.adminOf === undefined || actor.adminOf.includes(council);
}
