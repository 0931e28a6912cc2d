import type { Language } from '../language/index.ts';
import type { Actor, Council, Topic } from '../people/index.ts';
import type { RequestAction } from './transitions.ts';

export type RequestStatus = 'open' | 'routed' | 'claimed' | 'answered' | 'closed' | 'cancelled' | 'expired';

export interface SharingRequest {
  id: string;
  /** Null when the requester's profile is hidden or erased and the viewer is someone else. */
  requesterEmail: string | null;
  requesterCouncil: Council;
  title: string;
  detail: string;
  topic: Topic;
  /** Councils the request goes to: every other council by default, the ones named, or all of them. */
  targetCouncils: Council[];
  status: RequestStatus;
  routedTo: string[];
  claimedBy: string | null;
  answer: string | null;
  answeredBy: string | null;
  helpful: boolean | null;
  language: Language;
  createdAt: string;
  updatedAt: string;
  /** The knowledge source (`pont:request/<id>`) once the answer is kept as a shared practice. */
  sharedAs?: string | null;
  /**
   * What the person reading may do with the request now, in the order to offer them (see `actionsFor`): every
   * channel shows exactly these as buttons. Empty for the operator and for someone Pont cannot name.
   */
  actions: RequestAction[];
}

/** One person a request was routed to, and why. */
export interface RouteChoice {
  email: string;
  council: Council;
  score: number;
  reasons: string[];
  /** How the person was found: a topic match, the senior contact of the nearest service, or the fallback. */
  basis: 'match' | 'senior-contact' | 'fallback';
}

export interface RequestEvent {
  requestId: string;
  type: string;
  actorEmail: string | null;
  at: string;
  detail: Record<string, unknown>;
}

export type NotificationKind =
  | 'request-routed'
  | 'request-reminder'
  | 'request-rerouted'
  | 'request-claimed'
  | 'request-declined'
  | 'request-answered'
  | 'claim-nudge'
  | 'request-unanswered'
  | 'request-closed';

export interface Notification {
  kind: NotificationKind;
  recipientEmail: string;
  request: SharingRequest;
  /** Why this person got it (routing reasons), for the message. */
  reasons?: string[];
}

/** Delivers sharing notifications. Chat channels implement it; the CLI logs. */
export interface Notifier {
  notify(notification: Notification): Promise<void>;
}

/**
 * Fans a notification out to every registered notifier (Slack, Teams, the log). A failing notifier does not
 * stop the others; the failure is logged and `notify` rejects so the caller records it.
 */
export interface NotificationHub extends Notifier {
  /** Registers a notifier; the returned function removes it again. */
  add(notifier: Notifier, name?: string): () => void;
  /** The names of the registered notifiers. */
  names(): string[];
}

export interface SharingFigures {
  total: number;
  byStatus: Record<string, number>;
  byService: { service: string; count: number }[];
  byDirection: { from: Council; to: Council; count: number }[];
  medianHoursToFirstClaim: number | null;
  medianHoursToAnswer: number | null;
  shareAnswered: number;
  crossCouncilConnections: number;
  overTime: { week: string; opened: number; answered: number; connections: number }[];
}

/**
 * Where a request goes: 'other' (the default) every council but the requester's; 'both' every council, the
 * requester's too; or the councils named by id (one, several or all of the others).
 */
export type SharingTarget = 'other' | 'both' | Council[];

/** The sharing capability, as the rest of Pont sees it. */
export interface Sharing {
  open(input: {
    text: string;
    fromEmail: string;
    target?: SharingTarget;
    clientKey?: string;
    title?: string;
    language?: Language;
  }): Promise<SharingRequest>;
  /**
   * A request as the reader may see it (see `ViewOptions` for who sees which fields). Anyone else whose profile is
   * hidden or erased is left out: `requesterEmail`, `claimedBy` and `answeredBy` become null and they leave
   * `routedTo`; the viewer always sees their own part. The transitions below return the request as the actor sees
   * it; notifications carry it as the recipient sees it.
   */
  get(id: string, options?: ViewOptions): Promise<SharingRequest>;
  /** Requests, newest first, each as the reader may see it; `involving` a hidden person lists nothing for others. */
  list(options?: { status?: RequestStatus; involving?: string } & ViewOptions): Promise<SharingRequest[]>;
  /**
   * The history, with hidden people (other than the viewer) left out of who acted and of the details. Someone who
   * sees only a request's public fields sees no history.
   */
  events(id: string, options?: ViewOptions): Promise<RequestEvent[]>;
  /**
   * Claims a request for the actor. Only someone the request was routed to (now or before they declined) or an
   * admin may; anyone else gets a ForbiddenError.
   */
  claim(id: string, actor: Actor): Promise<SharingRequest>;
  decline(id: string, actor: Actor): Promise<SharingRequest>;
  answer(id: string, text: string, actor: Actor, options?: { consentToShare?: boolean }): Promise<SharingRequest>;
  markHelpful(id: string, helpful: boolean, actor: Actor): Promise<SharingRequest>;
  close(id: string, actor: Actor): Promise<SharingRequest>;
  cancel(id: string, actor: Actor): Promise<SharingRequest>;
  /** Sends due reminders and escalations; safe to run in several processes at once. Returns how many acted on. */
  runDueFollowUps(now?: Date): Promise<number>;
  figures(options?: { since?: Date }): Promise<SharingFigures>;
  /**
   * Writes again, from profiles as they now stand, every shared-practice document that names `email` as the
   * requester or the answerer and would now read differently: a person who hid or erased their profile becomes
   * "a member of staff", one who shows it again or was renamed by HR is named as they now are. Each rewrite is
   * recorded in the request's history. Returns how many were written; throws after trying them all if any could
   * not be (the sweep, `refreshAllSharedPractice`, retries them).
   */
  refreshSharedPractice(email: string): Promise<number>;
  /**
   * The sweep: writes again every kept shared-practice document whose text differs from what profiles as they now
   * stand give, e.g. after the process stopped between a profile change and its rewrite, or a rewrite failed. A
   * document that cannot be written is logged and counted; the others still are. Safe to run at any time.
   */
  refreshAllSharedPractice(): Promise<SharedPracticeRefresh>;
  /**
   * Erasure (UK GDPR): replaces an erased person's email in every request, route, event and notification with one
   * pseudonym (`erased:` and a random id), so the history still reads consistently ("the same person claimed and
   * answered") without naming them. Returns how many requests named them.
   */
  forgetPerson(email: string): Promise<number>;
}

/**
 * Who reads a request, which decides the fields they get:
 * - no `viewer` at all (the option absent): the operator at the console (the CLI without --as) and the workflow
 *   itself; every field;
 * - an admin (`isAdmin`): every field;
 * - someone involved (the requester, anyone it was ever routed to, the claimer, the answerer): every field, except
 *   that an answer given without consent to share is shown only to the requester and the answerer;
 * - anyone else, `viewer: null` (someone not in the directory) and any viewer when `audience` is `shared`: the
 *   public fields only: who asked, what, the councils, the topic, the status, who picked it up; not whom it was
 *   routed to, no history, and the answer and its author only when the answerer consented to share it.
 */
export interface ViewOptions {
  /** The email of the person looking; null for someone Pont cannot name. */
  viewer?: string | null;
  /** The viewer is an admin (PONT_ADMINS, or the admin token). */
  isAdmin?: boolean;
  /**
   * `shared`: the view is shown where others read it too (a message in a Slack channel, a Teams channel card);
   * only the public fields, whoever the viewer is. Default `private`.
   */
  audience?: 'private' | 'shared';
}

/** What a sweep of kept shared-practice documents did. */
export interface SharedPracticeRefresh {
  /** Kept documents looked at. */
  checked: number;
  /** Written again because they named someone as they no longer are. */
  rewritten: number;
  /** Could not be checked or written (logged); the next sweep tries them again. */
  failed: number;
}
