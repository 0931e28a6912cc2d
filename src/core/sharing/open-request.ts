import { createHash } from 'node:crypto';
import { ValidationError } from '../../errors.ts';
import { councilIds, isCouncil, otherCouncils } from '../councils/index.ts';
import { detectLanguage, type Language } from '../language/index.ts';
import type { Council } from '../people/index.ts';
import type { SharingContext } from './context.ts';
import type { Deliver } from './delivery.ts';
import { maxRequestLength, sharingText } from './messages.ts';
import { normaliseEmail, titleFrom } from './request-text.ts';
import { chooseRoutes } from './routing.ts';
import { inLanguage } from './transitions.ts';
import type { RouteChoice, Sharing, SharingTarget } from './types.ts';
import { viewFor } from './visibility.ts';

/** A platform's retry key, kept per requester: a digest, so the stored key names nobody. */
function ownClientKey(requesterEmail: string, clientKey: string): string {
  return createHash('sha256').update(`${requesterEmail}\n${clientKey}`).digest('hex');
}

/**
 * The councils a request goes to: 'other' (the default) every council but the requester's, 'both' every council, or
 * the councils named (one, several or all of the others).
 */
function targetsOf(target: SharingTarget | undefined, own: Council, language: Language): Council[] {
  if (target === undefined || target === 'other') return otherCouncils(own);
  if (target === 'both') return councilIds();
  const named = [...new Set(target)];
  const unknown = named.find((council) => !isCouncil(council));
  if (named.length === 0 || unknown !== undefined)
    throw inLanguage(ValidationError, sharingText.unknownTarget(unknown ?? '', councilIds()), language);
  return named;
}

/** Opening a request: checked, given a topic, routed to the first people and recorded with their notifications. */
export function createOpenRequest(context: SharingContext, deliver: Deliver): Sharing['open'] {
  const { store, people, clock, deadline, routeLimit, leaseMs, fallbackContact, scheduleDelivery, visibility } =
    context;

  return async (input) => {
    const text = (input.text ?? '').trim();
    const language = input.language ?? detectLanguage(text);
    if (!text) throw inLanguage(ValidationError, sharingText.emptyRequest, language);
    if (text.length > maxRequestLength) throw inLanguage(ValidationError, sharingText.tooLong(text.length), language);
    const requesterEmail = normaliseEmail(input.fromEmail ?? '');
    // NOTE: a retry key is the requester's own: the same key from someone else opens their own request and never
    // returns another person's.
    const clientKey = input.clientKey?.trim() ? ownClientKey(requesterEmail, input.clientKey.trim()) : null;
    if (clientKey) {
      const existing = await store.findByClientKey(clientKey);
      if (existing && existing.requesterEmail === requesterEmail)
        return viewFor(existing, { viewer: requesterEmail }, visibility());
    }
    const requester = requesterEmail ? await people.getOwnProfile(requesterEmail) : null;
    if (!requester)
      throw inLanguage(ValidationError, sharingText.unknownRequester(requesterEmail || '(no email)'), language);

    const title = input.title?.trim() ? titleFrom(input.title) : titleFrom(text);
    const topic = await people.inferTopic(input.title?.trim() ? `${input.title}\n${text}` : text);
    if (topic.services.length === 0 && topic.skills.length === 0)
      throw inLanguage(ValidationError, sharingText.noTopic, language);
    const targetCouncils = targetsOf(input.target, requester.council, language);

    const routes: RouteChoice[] = await chooseRoutes(people, store, {
      topic,
      targetCouncils,
      excludeEmails: [requesterEmail],
      limit: routeLimit,
      escalate: true,
      fallbackContact,
    });
    if (routes.length === 0) throw inLanguage(ValidationError, sharingText.nobodyToRoute(targetCouncils), language);

    const now = clock();
    const actor = { actorEmail: requesterEmail, via: 'request' };
    const { request, notifications } = await store.create(
      {
        clientKey,
        requesterEmail,
        requesterCouncil: requester.council,
        title,
        detail: text,
        topic,
        targetCouncils,
        language,
      },
      {
        status: 'routed',
        routedTo: routes.map((route) => route.email),
        addRoutes: routes,
        events: [
          { type: 'request-opened', ...actor, detail: { title, topic, targetCouncils } },
          { type: 'request-routed', actorEmail: null, via: 'routing', detail: { routes } },
        ],
        followUp: { step: 'remind', dueAt: deadline(now) },
        notifications: routes.map((route) => ({
          kind: 'request-routed' as const,
          recipientEmail: route.email,
          reasons: route.reasons,
        })),
      },
      now,
      { leaseMs },
    );
    // NOTE: people routing just chose by a topic match or as a senior contact are visible; only the fallback is checked.
    const isVisible = visibility(routes.filter((route) => route.basis !== 'fallback').map((route) => route.email));
    await scheduleDelivery(() => deliver(request, notifications, isVisible));
    return viewFor(request, { viewer: requesterEmail }, isVisible);
  };
}
