import { createHash, randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { Knowledge, TextDocument } from '../knowledge/types.ts';
import { detectLanguage, type Language } from '../language/index.ts';
import type { Actor, Council, People, PersonRecord } from '../people/types.ts';
import { councilFallbackContact, councilIds, isCouncil, otherCouncils } from '../councils/index.ts';
import { councilName, fromCouncil, inCouncil, maxRequestLength, sharingText, verbText } from './messages.ts';
import type { DeliveryResult, FollowUpStep, LeasedFollowUp, PendingNotification, RequestChange, RequestStore, StoredRequest } from './request-store.ts';
import { actionsFor, isEntitled } from './actions.ts';
import { chooseRoutes } from './routing.ts';
import { assertAllowed, inLanguage, type RequestAction } from './transitions.ts';
import type { Notifier, RequestEvent, RouteChoice, SharedPracticeRefresh, Sharing, SharingRequest, SharingTarget, ViewOptions } from './types.ts';
import { addWorkingDays } from './working-days.ts';

/** What the sharing workflow needs from the rest of Pont. */
export interface SharingDependencies {
  store: RequestStore;
  people: Pick<People, 'inferTopic' | 'matchTopic' | 'seniorContact' | 'getPerson' | 'getOwnProfile'>;
  knowledge: Pick<Knowledge, 'addDocument'>;
  notifier: Notifier;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /**
   * Runs the delivery of the notifications a person's action caused. The default runs it at once; a server
   * passes one that holds it until a chat interaction has answered its platform (a modal opened, an invoke
   * answered), since the notifications are already recorded and a delivery cut short is delivered again.
   */
  scheduleDelivery?: (deliver: () => Promise<void>) => Promise<void>;
}

export interface SharingOptions {
  /** Working days before a reminder, a reroute, expiry or a nudge. Default 2. */
  deadlineWorkingDays?: number;
  /** Who gets a request when nobody matches and no service lead is found (PONT_FALLBACK_CONTACT). */
  fallbackContact?: string;
  /** How many people a request goes to at a time. Default 3. */
  routeLimit?: number;
  /** Follow-ups one worker leases at a time. Default 100. */
  batchSize?: number;
  /** How long a worker holds leased follow-ups and notifications before another may take them. Default 10 minutes. */
  leaseMs?: number;
  /** Follow-ups handled at once within one batch. Default 4. */
  concurrency?: number;
  clock?: () => Date;
}

const maxAnswerLength = 20_000;
/** How an erased person appears in the sharing tables: this and a random id, the same throughout. */
const erasedPrefix = 'erased:';
const maxTitleLength = 120;

type Text = Record<Language, string>;

/** Thrown inside a row-locked decision when someone else holds the claim; turned into a ConflictError naming them. */
class ClaimedByOther extends Error {
  constructor(readonly claimer: string) {
    super(`claimed by ${claimer}`);
  }
}

/** A platform's retry key, kept per requester: a digest, so the stored key names nobody. */
function ownClientKey(requesterEmail: string, clientKey: string): string {
  return createHash('sha256').update(`${requesterEmail}\n${clientKey}`).digest('hex');
}

/** The knowledge source a kept request's answer is indexed under. */
function sharedPracticeSource(id: string): string {
  return `pont:request/${id}`;
}

/**
 * A digest of a shared-practice document as written, kept in the request's history so a sweep can tell, without
 * reading the index, whether profiles as they now stand would write it differently.
 */
function documentDigest(document: TextDocument): string {
  return createHash('sha256')
    .update(JSON.stringify([document.title, document.body, document.language, document.published, document.metadata]))
    .digest('hex');
}

/** The digest of the document as last written for a request: from its newest kept or rewritten event that has one. */
function lastDigest(events: RequestEvent[]): string | undefined {
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index]!;
    if ((event.type === 'shared-practice-kept' || event.type === 'shared-practice-rewritten') && typeof event.detail.digest === 'string') return event.detail.digest;
  }
  return undefined;
}

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The request number, from "12" or "#12". */
export function parseRequestId(id: string): string {
  const trimmed = String(id).trim().replace(/^#/, '');
  if (!/^[1-9]\d{0,17}$/.test(trimmed)) throw new ValidationError(bothLanguages(sharingText.badId(String(id))), { text: sharingText.badId(String(id)) });
  return trimmed;
}

/** A short title from the request text: its first line or sentence. */
export function titleFrom(text: string): string {
  const firstLine = text.split(/\r?\n/).find((line) => line.trim())?.trim() ?? text.trim();
  const sentence = /^(.+?[?.!])(\s|$)/.exec(firstLine)?.[1] ?? firstLine;
  return sentence.length <= maxTitleLength ? sentence : `${sentence.slice(0, maxTitleLength - 1).trimEnd()}…`;
}

/** A message for which no language is known (there is no request to take it from): English, then Welsh. */
function bothLanguages(text: Text): string {
  return `${text.en} / ${text.cy}`;
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
  if (named.length === 0 || unknown !== undefined) throw inLanguage(ValidationError, sharingText.unknownTarget(unknown ?? '', councilIds()), language);
  return named;
}

/** Whether a person may be shown to others, i.e. their profile is visible; answers are cached for one call. */
type Visibility = (email: string) => Promise<boolean>;

/** How much of a request a reader may see: every field, an involved person's fields, or the public fields only. */
type Standing = 'full' | 'involved' | 'public';

/** Whether `email` took part in the request: asked it, was ever asked to help, picked it up or answered it. */
function isInvolved(request: StoredRequest, email: string): boolean {
  return request.requesterEmail === email || request.everRouted.includes(email) || request.routedTo.includes(email) || request.claimedBy === email || request.answeredBy === email;
}

function standingOf(request: StoredRequest, reader: ViewOptions | undefined): Standing {
  // NOTE: no reader at all is the operator at the console (the CLI without --as) or the workflow itself.
  if (reader?.viewer === undefined) return reader?.audience === 'shared' ? 'public' : 'full';
  if (reader.audience === 'shared') return 'public';
  if (reader.isAdmin) return 'full';
  if (reader.viewer && isInvolved(request, normaliseEmail(reader.viewer))) return 'involved';
  return 'public';
}

/** An actor reads the result of their own action as themselves, with their admin rights. */
function readerOf(actor: Actor): ViewOptions {
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
 * The sharing workflow: opens best-practice requests, routes them to the right people in the other council,
 * follows them up on working-day deadlines kept in the database, and keeps helpful answers as knowledge.
 */
export function createSharing(dependencies: SharingDependencies, options: SharingOptions = {}): Sharing {
  const { store, people, knowledge, notifier, logger } = dependencies;
  const scheduleDelivery = dependencies.scheduleDelivery ?? ((run: () => Promise<void>) => run());
  const deadlineDays = options.deadlineWorkingDays ?? 2;
  const routeLimit = options.routeLimit ?? 3;
  const batchSize = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? 10 * 60 * 1000;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const clock = options.clock ?? (() => new Date());
  const fallbackContact = options.fallbackContact ? normaliseEmail(options.fallbackContact) : undefined;

  const deadline = (from: Date) => addWorkingDays(from, deadlineDays);
  const isFallbackContact = (email: string) => email === fallbackContact || councilIds().some((council) => councilFallbackContact(council) === email);

  /** A visibility check for one call; `known` are people already known to be visible (just chosen by routing). */
  function visibility(known: Iterable<string> = []): Visibility {
    const cache = new Map<string, Promise<boolean>>();
    for (const email of known) cache.set(email, Promise.resolve(true));
    return (email) => {
      let answer = cache.get(email);
      if (!answer) {
        // NOTE: the configured fallback contact may be a shared mailbox with no profile; it is shown unless it has a
        // profile and that profile is hidden.
        answer =
          isFallbackContact(email)
            ? people.getOwnProfile(email).then((person) => person === null || person.visible)
            : people.getPerson(email).then((person) => person !== null);
        cache.set(email, answer);
      }
      return answer;
    };
  }

  /**
   * The request as the reader may see it (the rules are on `ViewOptions`): the fields their standing allows, and
   * anyone else whose profile is hidden or erased left out (UK GDPR: only visible profiles are shown). The viewer
   * always sees themselves.
   */
  async function viewFor(request: StoredRequest, reader: ViewOptions | undefined, isVisible: Visibility): Promise<SharingRequest> {
    const base = publicView(request);
    const standing = standingOf(request, reader);
    const self = reader?.viewer ? normaliseEmail(reader.viewer) : null;
    const answerShown = request.consentToShare === true || standing === 'full' || (standing === 'involved' && (self === request.requesterEmail || self === request.answeredBy));
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
  async function eventFor(event: RequestEvent, viewer: string | null, isVisible: Visibility): Promise<RequestEvent> {
    const shown = async (email: unknown) => typeof email !== 'string' || normaliseEmail(email) === viewer || (await isVisible(email));
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

  /**
   * Delivers notifications, recording each outcome as soon as it is known: a process killed halfway through
   * a batch leaves only the notification in flight to be sent again, never the ones already delivered.
   */
  async function deliver(request: StoredRequest, pending: PendingNotification[], isVisible: Visibility = visibility()): Promise<void> {
    for (const notification of pending) {
      let result: DeliveryResult;
      try {
        // NOTE: each recipient gets the request as they may see it: people whose profile is hidden are left out.
        const view = await viewFor(request, { viewer: notification.recipientEmail }, isVisible);
        await notifier.notify({ kind: notification.kind, recipientEmail: notification.recipientEmail, request: view, reasons: notification.reasons });
        result = { id: notification.id, error: null };
      } catch (error) {
        const message = (error as Error)?.message ?? String(error);
        logger.error({ err: error, requestId: request.id, kind: notification.kind, recipient: notification.recipientEmail }, 'Sharing notification failed; recorded as failed');
        result = { id: notification.id, error: message };
      }
      await store.finishNotifications([result], clock());
    }
  }

  async function load(id: string): Promise<StoredRequest> {
    const requestId = parseRequestId(id);
    const request = await store.get(requestId);
    if (!request) throw new NotFoundError(bothLanguages(sharingText.notFound(requestId)), { text: sharingText.notFound(requestId) });
    return request;
  }

  async function actingPerson(actor: Actor, action: Text, language: Language): Promise<{ email: string; person: PersonRecord }> {
    if (!actor.email) throw inLanguage(ValidationError, { en: sharingText.needActor(action.en).en, cy: sharingText.needActor(action.cy).cy }, language);
    const email = normaliseEmail(actor.email);
    const person = await people.getOwnProfile(email);
    if (!person) throw inLanguage(ValidationError, sharingText.unknownActor(email), language);
    return { email, person };
  }

  function requireRequester(request: StoredRequest, actor: Actor, action: RequestAction & keyof typeof verbText): void {
    // NOTE: only who may act is checked here; whether the status allows it is checked on the locked row.
    if (isEntitled(action, request, actor)) return;
    throw inLanguage(ForbiddenError, sharingText.requesterOnly(request.id, verbText[action]), request.language);
  }

  /** A claimer's name in each language for a conflict message, unless their profile is hidden. */
  async function claimerNames(email: string): Promise<Text> {
    const person = await people.getPerson(email);
    if (!person) return sharingText.claimedBySomeone;
    return {
      en: `${person.name} (${person.email}, ${councilName(person.council, 'en')})`,
      cy: `${person.name} (${person.email}, ${councilName(person.council, 'cy')})`,
    };
  }

  async function change(
    id: string,
    decide: (current: StoredRequest) => RequestChange | null,
    language: Language,
    options: { leaseToken?: string; at?: Date } = {},
  ): Promise<StoredRequest | null> {
    const { leaseToken, at = clock() } = options;
    let applied;
    try {
      applied = await store.change(id, decide, at, leaseToken ? { leaseToken, leaseMs } : { leaseMs });
    } catch (error) {
      if (error instanceof ClaimedByOther) {
        const names = await claimerNames(error.claimer);
        throw inLanguage(ConflictError, { en: sharingText.alreadyClaimed(id, names.en).en, cy: sharingText.alreadyClaimed(id, names.cy).cy }, language);
      }
      throw error;
    }
    if (!applied) return null;
    await scheduleDelivery(() => deliver(applied.request, applied.notifications));
    return applied.request;
  }

  async function reroute(
    request: StoredRequest,
    actorEmail: string | null,
    via: string,
    options: { leaseToken?: string; onNobody?: () => RequestChange; now?: Date } = {},
  ): Promise<StoredRequest | null> {
    const { leaseToken, onNobody } = options;
    const routes = await chooseRoutes(people, store, {
      topic: request.topic,
      targetCouncils: request.targetCouncils,
      excludeEmails: [request.requesterEmail, ...request.everRouted],
      limit: routeLimit,
      escalate: false,
      fallbackContact,
    });
    const now = options.now ?? clock();
    return change(
      request.id,
      (current) => {
        if (current.status !== 'routed') return leaseToken ? { events: [], notifications: [], followUp: null } : null;
        const fresh = routes.filter((route) => !current.everRouted.includes(route.email));
        if (fresh.length === 0) return onNobody ? onNobody() : null;
        return {
          routedTo: [...current.routedTo, ...fresh.map((route) => route.email)],
          addRoutes: fresh,
          events: [{ type: 'request-rerouted', actorEmail, via, detail: { routes: fresh } }],
          followUp: { step: 'expire', dueAt: deadline(now) },
          notifications: fresh.map((route) => ({ kind: 'request-rerouted' as const, recipientEmail: route.email, reasons: route.reasons })),
        };
      },
      request.language,
      { leaseToken, at: now },
    );
  }

  const expire = (): RequestChange => ({
    status: 'expired',
    events: [{ type: 'request-expired', actorEmail: null, via: 'follow-up', detail: { reason: 'nobody picked it up after reminders and rerouting' } }],
    followUp: null,
    notifications: [],
  });

  /** What a reminder, expiry or nudge does to the request as it now stands. */
  function decideFollowUp(step: FollowUpStep, now: Date): (current: StoredRequest) => RequestChange {
    const via = 'follow-up';
    return (current) => {
      if (step === 'remind' && current.status === 'routed') {
        return {
          events: [{ type: 'reminder-sent', actorEmail: null, via, detail: { to: current.routedTo } }],
          followUp: { step: 'reroute', dueAt: deadline(now) },
          notifications: current.routedTo.map((email) => ({ kind: 'request-reminder' as const, recipientEmail: email })),
        };
      }
      if (step === 'expire' && current.status === 'routed') {
        const expired = expire();
        expired.notifications.push({ kind: 'request-unanswered', recipientEmail: current.requesterEmail });
        return expired;
      }
      if ((step === 'nudge' || step === 'nudge-again') && current.status === 'claimed' && current.claimedBy) {
        const last = step === 'nudge-again';
        return {
          events: [{ type: 'claim-nudged', actorEmail: null, via, detail: { claimer: current.claimedBy, requesterTold: last } }],
          followUp: last ? null : { step: 'nudge-again', dueAt: deadline(now) },
          notifications: [
            { kind: 'claim-nudge' as const, recipientEmail: current.claimedBy },
            ...(last ? [{ kind: 'request-unanswered' as const, recipientEmail: current.requesterEmail }] : []),
          ],
        };
      }
      // NOTE: a follow-up that no longer fits the request (it moved on) is dropped, not acted on.
      return { events: [], followUp: null, notifications: [] };
    };
  }

  /** A reroute asks the directory for the next people first, so it runs on its own. */
  async function rerouteFollowUp(lease: LeasedFollowUp, now: Date): Promise<boolean> {
    const current = await store.get(lease.requestId);
    if (!current) return false;
    const result = await reroute(current, null, 'follow-up', {
      leaseToken: lease.leaseToken,
      now,
      onNobody: () => {
        const expired = expire();
        expired.notifications.push({ kind: 'request-unanswered', recipientEmail: current.requesterEmail });
        return expired;
      },
    });
    return result !== null;
  }

  /** Reminders, expiries and nudges of one leased batch, decided and written in one transaction. */
  async function simpleFollowUps(leases: LeasedFollowUp[], now: Date): Promise<number> {
    if (leases.length === 0) return 0;
    const applied = await store.changeMany(
      leases.map((lease) => ({ id: lease.requestId, decide: decideFollowUp(lease.step, now) })),
      now,
      leases[0]!.leaseToken,
      { leaseMs },
    );
    let acted = 0;
    const isVisible = visibility();
    for (const result of applied) {
      if (!result) continue;
      acted += 1;
      await deliver(result.request, result.notifications, isVisible);
    }
    return acted;
  }

  async function redeliverStale(now: Date): Promise<void> {
    const stale = await store.leaseStaleNotifications(now, batchSize, leaseMs);
    const byRequest = new Map<string, PendingNotification[]>();
    for (const notification of stale) byRequest.set(notification.requestId, [...(byRequest.get(notification.requestId) ?? []), notification]);
    const isVisible = visibility();
    for (const [requestId, pending] of byRequest) {
      const request = await store.get(requestId);
      if (request) await deliver(request, pending, isVisible);
    }
  }

  const sharing: Sharing = {
    async open(input) {
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
        if (existing && existing.requesterEmail === requesterEmail) return viewFor(existing, { viewer: requesterEmail }, visibility());
      }
      const requester = requesterEmail ? await people.getOwnProfile(requesterEmail) : null;
      if (!requester) throw inLanguage(ValidationError, sharingText.unknownRequester(requesterEmail || '(no email)'), language);

      const title = input.title?.trim() ? titleFrom(input.title) : titleFrom(text);
      const topic = await people.inferTopic(input.title?.trim() ? `${input.title}\n${text}` : text);
      if (topic.services.length === 0 && topic.skills.length === 0) throw inLanguage(ValidationError, sharingText.noTopic, language);
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
        { clientKey, requesterEmail, requesterCouncil: requester.council, title, detail: text, topic, targetCouncils, language },
        {
          status: 'routed',
          routedTo: routes.map((route) => route.email),
          addRoutes: routes,
          events: [
            { type: 'request-opened', ...actor, detail: { title, topic, targetCouncils } },
            { type: 'request-routed', actorEmail: null, via: 'routing', detail: { routes } },
          ],
          followUp: { step: 'remind', dueAt: deadline(now) },
          notifications: routes.map((route) => ({ kind: 'request-routed' as const, recipientEmail: route.email, reasons: route.reasons })),
        },
        now,
        { leaseMs },
      );
      // NOTE: people routing just chose by a topic match or as a senior contact are visible; only the fallback is checked.
      const isVisible = visibility(routes.filter((route) => route.basis !== 'fallback').map((route) => route.email));
      await scheduleDelivery(() => deliver(request, notifications, isVisible));
      return viewFor(request, { viewer: requesterEmail }, isVisible);
    },

    async get(id, getOptions = {}) {
      return viewFor(await load(id), getOptions, visibility());
    },

    async list(listOptions = {}) {
      const involving = listOptions.involving ? normaliseEmail(listOptions.involving) : undefined;
      const viewer = listOptions.viewer ? normaliseEmail(listOptions.viewer) : null;
      const reader: ViewOptions = { ...(listOptions.viewer !== undefined ? { viewer } : {}), isAdmin: listOptions.isAdmin, audience: listOptions.audience };
      const requests = await store.list({ status: listOptions.status, involving });
      const isVisible = visibility();
      const views = await Promise.all(requests.map((request) => viewFor(request, reader, isVisible)));
      if (!involving || involving === viewer) return views;
      // NOTE: listing what a hidden person was involved in would show their involvement; only what still names them
      // after hiding, as the reader may see it, is listed.
      return views.filter(
        (request) => request.requesterEmail === involving || request.routedTo.includes(involving) || request.claimedBy === involving || request.answeredBy === involving,
      );
    },

    async events(id, eventOptions = {}) {
      const request = await load(id);
      if (standingOf(request, eventOptions) === 'public') return [];
      const viewer = eventOptions.viewer ? normaliseEmail(eventOptions.viewer) : null;
      const isVisible = visibility();
      return Promise.all((await store.events(request.id)).map((event) => eventFor(event, viewer, isVisible)));
    },

    async claim(id, actor) {
      const request = await load(id);
      const language = request.language;
      const { email, person } = await actingPerson(actor, { en: 'claim', cy: 'godi' }, language);
      const now = clock();
      const updated = await change(
        request.id,
        (current) => {
          if (current.requesterEmail === email) throw inLanguage(ValidationError, sharingText.ownRequest(current.id), language);
          // NOTE: checked before anything about the claim is said, so someone it was not sent to learns nothing of it.
          if (!isEntitled('claim', current, actor)) {
            throw inLanguage(ForbiddenError, sharingText.notRoutedToYou(current.id), language);
          }
          if (current.status === 'claimed') {
            if (current.claimedBy === email) return null;
            throw new ClaimedByOther(current.claimedBy ?? '');
          }
          assertAllowed('claim', current.id, current.status, language);
          return {
            status: 'claimed',
            claimedBy: email,
            claimedByCouncil: person.council,
            events: [{ type: 'request-claimed', actorEmail: email, via: actor.via, detail: { council: person.council } }],
            followUp: { step: 'nudge', dueAt: deadline(now) },
            notifications: [{ kind: 'request-claimed', recipientEmail: current.requesterEmail }],
          };
        },
        language,
      );
      return viewFor(updated ?? (await load(request.id)), readerOf(actor), visibility());
    },

    async decline(id, actor) {
      const request = await load(id);
      const language = request.language;
      const { email } = await actingPerson(actor, { en: 'decline', cy: 'wrthod' }, language);
      const now = clock();
      const updated = await change(
        request.id,
        (current) => {
          assertAllowed('decline', current.id, current.status, language);
          if (current.status === 'claimed' && current.claimedBy === email) {
            return {
              status: 'routed',
              claimedBy: null,
              claimedByCouncil: null,
              routedTo: current.routedTo.filter((routed) => routed !== email),
              declinedBy: email,
              events: [{ type: 'request-declined', actorEmail: email, via: actor.via, detail: { hadClaimed: true } }],
              followUp: { step: 'remind', dueAt: deadline(now) },
              notifications: [{ kind: 'request-declined', recipientEmail: current.requesterEmail }],
            };
          }
          if (current.status === 'routed' && current.routedTo.includes(email)) {
            return {
              routedTo: current.routedTo.filter((routed) => routed !== email),
              declinedBy: email,
              events: [{ type: 'request-declined', actorEmail: email, via: actor.via, detail: { hadClaimed: false } }],
              notifications: [],
            };
          }
          if (current.status === 'claimed') throw new ClaimedByOther(current.claimedBy ?? '');
          throw inLanguage(ValidationError, sharingText.notRouted(current.id), language);
        },
        language,
      );
      const result = updated ?? (await load(request.id));
      if (result.status === 'routed' && result.routedTo.length === 0) {
        // Everyone asked has declined: ask the next people now rather than wait for the reminder.
        const rerouted = await reroute(result, email, actor.via);
        return viewFor(rerouted ?? (await load(request.id)), readerOf(actor), visibility());
      }
      return viewFor(result, readerOf(actor), visibility());
    },

    async answer(id, text, actor, answerOptions = {}) {
      const request = await load(id);
      const language = request.language;
      const answer = (text ?? '').trim();
      if (!answer) throw inLanguage(ValidationError, sharingText.emptyAnswer, language);
      if (answer.length > maxAnswerLength) throw inLanguage(ValidationError, sharingText.answerTooLong, language);
      const { email, person } = await actingPerson(actor, { en: 'answer', cy: 'ateb' }, language);
      const updated = await change(
        request.id,
        (current) => {
          if (current.status === 'claimed' && current.claimedBy !== email) throw new ClaimedByOther(current.claimedBy ?? '');
          if (current.status === 'routed') throw inLanguage(ValidationError, sharingText.claimFirst(current.id), language);
          assertAllowed('answer', current.id, current.status, language);
          const consent = answerOptions.consentToShare ?? false;
          return {
            status: 'answered',
            answer,
            answeredBy: email,
            answeredByCouncil: person.council,
            consentToShare: consent,
            events: [{ type: 'request-answered', actorEmail: email, via: actor.via, detail: { consentToShare: consent, length: answer.length } }],
            followUp: null,
            notifications: [{ kind: 'request-answered', recipientEmail: current.requesterEmail }],
          };
        },
        language,
      );
      return viewFor(updated ?? (await load(request.id)), readerOf(actor), visibility());
    },

    async markHelpful(id, helpful, actor) {
      const request = await load(id);
      const language = request.language;
      requireRequester(request, actor, 'markHelpful');
      const updated = await change(
        request.id,
        (current) => {
          assertAllowed('markHelpful', current.id, current.status, language);
          return {
            helpful,
            events: [{ type: 'request-rated', actorEmail: actor.email ? normaliseEmail(actor.email) : null, via: actor.via, detail: { helpful } }],
            notifications: [],
          };
        },
        language,
      );
      let result = updated ?? (await load(request.id));
      if (helpful && result.consentToShare && result.answer && result.answeredBy && !result.sharedAs) {
        result = (await keepAsKnowledge(result, actor)) ?? result;
      }
      return viewFor(result, readerOf(actor), visibility());
    },

    async close(id, actor) {
      const request = await load(id);
      const language = request.language;
      requireRequester(request, actor, 'close');
      const updated = await change(
        request.id,
        (current) => {
          assertAllowed('close', current.id, current.status, language);
          return {
            status: 'closed',
            events: [{ type: 'request-closed', actorEmail: actor.email ? normaliseEmail(actor.email) : null, via: actor.via }],
            followUp: null,
            notifications: current.answeredBy ? [{ kind: 'request-closed', recipientEmail: current.answeredBy }] : [],
          };
        },
        language,
      );
      return viewFor(updated ?? (await load(request.id)), readerOf(actor), visibility());
    },

    async cancel(id, actor) {
      const request = await load(id);
      const language = request.language;
      requireRequester(request, actor, 'cancel');
      const updated = await change(
        request.id,
        (current) => {
          assertAllowed('cancel', current.id, current.status, language);
          return {
            status: 'cancelled',
            events: [{ type: 'request-cancelled', actorEmail: actor.email ? normaliseEmail(actor.email) : null, via: actor.via }],
            followUp: null,
            notifications: current.claimedBy ? [{ kind: 'request-closed', recipientEmail: current.claimedBy }] : [],
          };
        },
        language,
      );
      return viewFor(updated ?? (await load(request.id)), readerOf(actor), visibility());
    },

    async runDueFollowUps(now = clock()) {
      await redeliverStale(now);
      let acted = 0;
      for (;;) {
        const leased = await store.leaseDueFollowUps(now, batchSize, leaseMs, randomUUID());
        if (leased.length === 0) break;
        const reroutes = leased.filter((lease) => lease.step === 'reroute');
        try {
          acted += await simpleFollowUps(leased.filter((lease) => lease.step !== 'reroute'), now);
        } catch (error) {
          // NOTE: the batch's leases run out and another pass retries them; nothing was written or sent.
          logger.error({ err: error, requests: leased.length }, 'A batch of sharing follow-ups failed; it will be retried when its lease runs out');
        }
        let next = 0;
        const workers = Array.from({ length: Math.min(concurrency, reroutes.length) }, async () => {
          while (next < reroutes.length) {
            const lease = reroutes[next]!;
            next += 1;
            try {
              if (await rerouteFollowUp(lease, now)) acted += 1;
            } catch (error) {
              // NOTE: the lease runs out and another pass retries it; one bad request must not stop the rest.
              logger.error({ err: error, requestId: lease.requestId, step: lease.step }, 'Sharing follow-up failed; it will be retried when its lease runs out');
            }
          }
        });
        await Promise.all(workers);
      }
      return acted;
    },

    async refreshSharedPractice(email) {
      const key = normaliseEmail(email);
      const named = (await store.list({ involving: key, shared: true, limit: 100_000 })).filter(
        (request) => request.requesterEmail === key || request.answeredBy === key,
      );
      const { rewritten, failed } = await refreshKept(
        named.map((request) => request.id),
        'people',
      );
      // NOTE: the profile change is saved; the caller hears that a document still names the person as it was.
      if (failed > 0) {
        throw new Error(
          `${failed} of ${named.length} shared-practice documents could not be rewritten; the next sweep (at start-up, or pont requests refresh-shared) retries them`,
        );
      }
      return rewritten;
    },

    async refreshAllSharedPractice() {
      const kept = await store.list({ shared: true, limit: Number.MAX_SAFE_INTEGER });
      return refreshKept(
        kept.map((request) => request.id),
        'sweep',
      );
    },

    async forgetPerson(email) {
      const key = normaliseEmail(email);
      if (!key || key.startsWith(erasedPrefix)) return 0;
      return store.replacePerson(key, `${erasedPrefix}${randomUUID()}`);
    },

    async figures(figureOptions = {}) {
      const since = figureOptions.since;
      const involved = await store.connectionPeople({ since });
      const isVisible = visibility();
      const visible = await Promise.all(involved.map(isVisible));
      return store.figures({ since, hiddenEmails: involved.filter((_, index) => !visible[index]) });
    },
  };

  /**
   * The shared-practice document for an answered request, naming the requester and the answerer as their profiles
   * stand now: anyone whose profile is hidden or erased is "a member of staff".
   */
  async function sharedPracticeDocument(request: StoredRequest, published: string): Promise<TextDocument> {
    const [requester, answerer] = await Promise.all([people.getPerson(request.requesterEmail), people.getPerson(request.answeredBy!)]);
    const language = request.language;
    // NOTE: a hidden profile is never named in the index, even by email.
    const someone = language === 'cy' ? 'aelod o staff' : 'a member of staff';
    const askedBy = requester ? `${requester.name}, ${requester.jobTitle}` : someone;
    const answeredBy = answerer ? `${answerer.name}, ${answerer.jobTitle}` : someone;
    const answererCouncil = answerer?.council ?? request.answeredByCouncil;
    const answererIn = answererCouncil ? ` ${inCouncil(answererCouncil, language)}` : '';
    // NOTE: the answer comes first and the question is not repeated when it is the title, so an extractive
    // answer quotes what was done rather than what was asked.
    const question = request.detail.trim() === request.title.trim() ? [] : [language === 'cy' ? `Y cwestiwn: ${request.detail}` : `The question: ${request.detail}`];
    const body =
      language === 'cy'
        ? [
            `${request.answer}`,
            `Arfer a rannwyd rhwng cynghorau’r ffederasiwn: atebwyd gan ${answeredBy}${answererIn}, i ${askedBy} ${fromCouncil(request.requesterCouncil, 'cy')}.`,
            ...question,
          ].join('\n\n')
        : [
            `${request.answer}`,
            `Shared practice between the federation councils: answered by ${answeredBy}${answererIn}, for ${askedBy} ${fromCouncil(request.requesterCouncil, 'en')}.`,
            ...question,
          ].join('\n\n');
    return {
      source: sharedPracticeSource(request.id),
      title: request.title,
      body,
      language,
      kind: 'shared-practice',
      published,
      metadata: {
        requestId: request.id,
        requesterCouncil: request.requesterCouncil,
        answererCouncil,
        topic: request.topic,
      },
    };
  }

  async function keepAsKnowledge(request: StoredRequest, actor: Actor): Promise<StoredRequest | null> {
    const source = sharedPracticeSource(request.id);
    const language = request.language;
    try {
      const document = await sharedPracticeDocument(request, clock().toISOString().slice(0, 10));
      const { documentId } = await knowledge.addDocument(document);
      return change(
        request.id,
        () => ({
          sharedAs: source,
          events: [{ type: 'shared-practice-kept', actorEmail: actor.email, via: actor.via, detail: { source, documentId, digest: documentDigest(document) } }],
          notifications: [],
        }),
        language,
      );
    } catch (error) {
      logger.error({ err: error, requestId: request.id }, 'The helpful answer could not be kept as knowledge');
      await change(
        request.id,
        () => ({ events: [{ type: 'shared-practice-failed', actorEmail: null, via: 'knowledge', detail: { error: (error as Error)?.message ?? String(error) } }], notifications: [] }),
        language,
      );
      return null;
    }
  }

  /**
   * Writes each kept request's shared-practice document again where profiles as they now stand would write it
   * differently from the last time; one that fails is logged and counted, and the rest still go on.
   */
  async function refreshKept(ids: string[], via: string): Promise<SharedPracticeRefresh> {
    const result: SharedPracticeRefresh = { checked: 0, rewritten: 0, failed: 0 };
    for (const id of ids) {
      try {
        const request = await store.get(id);
        if (!request?.sharedAs || !request.answer || !request.answeredBy) continue;
        result.checked += 1;
        if (await rewriteSharedPractice(request, via)) result.rewritten += 1;
      } catch (error) {
        result.failed += 1;
        logger.error({ err: error, requestId: id }, 'A shared-practice document could not be rewritten from current profiles');
      }
    }
    return result;
  }

  /**
   * Writes a kept request's shared-practice document again from current profiles, keeping the date it was first
   * kept, unless it would read as it was last written; says whether it wrote it.
   */
  async function rewriteSharedPractice(request: StoredRequest, via: string): Promise<boolean> {
    const events = await store.events(request.id);
    const kept = events.find((event) => event.type === 'shared-practice-kept');
    const published = (kept?.at ?? request.updatedAt).slice(0, 10);
    const document = await sharedPracticeDocument(request, published);
    const digest = documentDigest(document);
    // NOTE: a document kept before digests were recorded has none, so the first sweep writes it once.
    if (lastDigest(events) === digest) return false;
    const { documentId } = await knowledge.addDocument(document);
    // NOTE: the history says the document was rewritten, not whose profile changed: that would name them again.
    await change(
      request.id,
      () => ({ events: [{ type: 'shared-practice-rewritten', actorEmail: null, via, detail: { source: request.sharedAs, documentId, digest } }], notifications: [] }),
      request.language,
    );
    return true;
  }

  return sharing;
}
