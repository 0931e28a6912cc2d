import type { Actor, People } from '../people/index.ts';
import { actionsFor } from './actions.ts';
import type { StoredRequest } from './request-store.ts';
import { normaliseEmail } from './request-text.ts';
import type { RequestEvent, SharingRequest, ViewOptions } from './types.ts';

/** Whether a person may be shown to others, i.e. their profile is visible; answers are cached for one call. */
export type Visibility = (email: string) => Promise<boolean>;

/** A visibility check for one call; `known` are people already known to be visible (just chosen by routing). */
export type VisibilityCheck = (known?: Iterable<string>) => Visibility;

/** How much of a request a reader may see: every field, an involved person's fields, or the public fields only. */
type Standing = 'full' | 'involved' | 'public';

/**
 * Builds the visibility check of one call. A person is shown when their profile is visible; the configured fallback
 * contact, which may be a shared mailbox with no profile, is shown unless it has a profile and that profile is hidden.
 */
export function createVisibilityCheck(
  people: Pick<People, 'getPerson' | 'getOwnProfile'>,
  isFallbackContact: (email: string) => boolean,
): VisibilityCheck {
  return (known = []) => {
    const cache = new Map<string, Promise<boolean>>();
    for (const email of known) cache.set(email, Promise.resolve(true));
    return (email) => {
      let answer = cache.get(email);
      if (!answer) {
        answer = isFallbackContact(email)
          ? people.getOwnProfile(email).then((person) => person === null || person.visible)
          : people.getPerson(email).then((person) => person !== null);
        cache.set(email, answer);
      }
      return answer;
    };
  };
}

/** Whether `email` took part in the request: asked it, was ever asked to help, picked it up or answered it. */
function isInvolved(request: StoredRequest, email: string): boolean {
  return (
    request.requesterEmail === email ||
    request.everRouted.includes(email) ||
    request.routedTo.includes(email) ||
    request.claimedBy === email ||
    request.answeredBy === email
  );
}

/** How much of `request` the reader may see (the rules are on `ViewOptions`). */
export function standingOf(request: StoredRequest, reader: ViewOptions | undefined): Standing {
  // NOTE: no reader at all is the operator at the console (the CLI without --as) or the workflow itself.
  if (reader?.viewer === undefined) return reader?.audience === 'shared' ? 'public' : 'full';
  if (reader.audience === 'shared') return 'public';
  if (reader.isAdmin) return 'full';
  if (reader.viewer && isInvolved(request, normaliseEmail(reader.viewer))) return 'involved';
  return 'public';
}

/** An actor reads the result of their own action as themselves, with their admin rights. */
export function readerOf(actor: Actor): ViewOptions {
  return { viewer: actor.email, isAdmin: actor.isAdmin };
}

function publicView(request: StoredRequest): Omit<SharingRequest, 'actions'> {
  return {
    id: request.id,
    requesterEmail: request.requesterEmail,
    requesterCouncil: request.requesterCouncil,
    title: request.title,
    detail: request.detail,
    topic: request.topic,
    targetCouncils: request.targetCouncils,
    status: request.status,
    routedTo: request.routedTo,
    claimedBy: request.claimedBy,
    answer: request.answer,
    answeredBy: request.answeredBy,
    helpful: request.helpful,
    language: request.language,
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    sharedAs: request.sharedAs ?? null,
  };
}

/**
 * The request as the reader may see it (the rules are on `ViewOptions`): the fields their standing allows, and
 * anyone else whose profile is hidden or erased left out (UK GDPR: only visible profiles are shown). The viewer
 * always sees themselves.
 */
export async function viewFor(
  request: StoredRequest,
  reader: ViewOptions | undefined,
  isVisible: Visibility,
): Promise<SharingRequest> {
  const base = publicView(request);
  const standing = standingOf(request, reader);
  const self = reader?.viewer ? normaliseEmail(reader.viewer) : null;
  const answerShown =
    request.consentToShare === true ||
    standing === 'full' ||
    (standing === 'involved' && (self === request.requesterEmail || self === request.answeredBy));
  const fields: Omit<SharingRequest, 'actions'> = {
    ...base,
    routedTo: standing === 'public' ? [] : base.routedTo,
    answer: answerShown ? base.answer : null,
    answeredBy: answerShown ? base.answeredBy : null,
  };
  const shown = async (email: string | null) => email === null || email === self || (await isVisible(email));
  const [requester, routed, claimer, answerer] = await Promise.all([
    shown(fields.requesterEmail),
    Promise.all(fields.routedTo.map(shown)),
    shown(fields.claimedBy),
    shown(fields.answeredBy),
  ]);
  return {
    ...fields,
    requesterEmail: requester ? fields.requesterEmail : null,
    routedTo: fields.routedTo.filter((_, index) => routed[index]),
    claimedBy: claimer ? fields.claimedBy : null,
    answeredBy: answerer ? fields.answeredBy : null,
    // NOTE: decided on the stored request, so someone who said "not me" is still offered the claim they may make.
    actions: self === null ? [] : actionsFor(request, { email: self, isAdmin: reader?.isAdmin }),
  };
}

/** An event as `viewer` may see it: hidden people are left out of who acted and of the details. */
export async function eventFor(
  event: RequestEvent,
  viewer: string | null,
  isVisible: Visibility,
): Promise<RequestEvent> {
  const shown = async (email: unknown) =>
    typeof email !== 'string' || normaliseEmail(email) === viewer || (await isVisible(email));
  const detail = { ...event.detail };
  if (Array.isArray(detail.routes)) {
    const routes = detail.routes as { email?: unknown }[];
    const keep = await Promise.all(routes.map((route) => shown(route?.email)));
    detail.routes = routes.filter((_, index) => keep[index]);
  }
  if (Array.isArray(detail.to)) {
    const to = detail.to as unknown[];
    const keep = await Promise.all(to.map(shown));
    detail.to = to.filter((_, index) => keep[index]);
  }
  if (detail.claimer !== undefined && !(await shown(detail.claimer))) detail.claimer = null;
  const actorEmail = event.actorEmail && !(await shown(event.actorEmail)) ? null : event.actorEmail;
  return { ...event, actorEmail, detail };
}
