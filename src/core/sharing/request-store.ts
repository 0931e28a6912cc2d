import type { Council, Topic } from '../people/index.ts';
import type { Language } from '../language/index.ts';
import type {
  NotificationKind,
  RequestEvent,
  RequestStatus,
  RouteChoice,
  SharingFigures,
  SharingRequest,
} from './types.ts';

/** A request as the store holds it: the public shape plus what the workflow needs to decide. */
export interface StoredRequest extends Omit<SharingRequest, 'actions'> {
  requesterEmail: string;
  claimedByCouncil: Council | null;
  answeredByCouncil: Council | null;
  consentToShare: boolean | null;
  /** Everyone the request was ever routed to, declined or not: rerouting never asks them twice. */
  everRouted: string[];
}

/** The next follow-up step of a request and when it is due. */
export type FollowUpStep = 'remind' | 'reroute' | 'expire' | 'nudge' | 'nudge-again';

export interface FollowUp {
  step: FollowUpStep;
  dueAt: Date;
}

export interface NewEvent {
  type: string;
  actorEmail: string | null;
  via: string;
  detail?: Record<string, unknown>;
}

export interface NewNotification {
  kind: NotificationKind;
  recipientEmail: string;
  reasons?: string[];
}

/** What one step of the workflow changes, decided by the core and written by the store in one transaction. */
export interface RequestChange {
  status?: RequestStatus;
  claimedBy?: string | null;
  claimedByCouncil?: Council | null;
  answer?: string | null;
  answeredBy?: string | null;
  answeredByCouncil?: Council | null;
  consentToShare?: boolean | null;
  helpful?: boolean | null;
  sharedAs?: string | null;
  routedTo?: string[];
  /** People newly routed to, with the reasons (also added to `everRouted`). */
  addRoutes?: RouteChoice[];
  /** Someone who declined: their route is marked declined. */
  declinedBy?: string;
  events: NewEvent[];
  /** The next follow-up; null removes it; absent leaves it as it is. */
  followUp?: FollowUp | null;
  notifications: NewNotification[];
}

export interface NewRequest {
  clientKey: string | null;
  requesterEmail: string;
  requesterCouncil: Council;
  title: string;
  detail: string;
  topic: Topic;
  targetCouncils: Council[];
  language: Language;
}

/** A notification written in the same transaction as the change it reports, waiting to be delivered. */
export interface PendingNotification extends NewNotification {
  id: string;
  requestId: string;
}

export interface AppliedChange {
  request: StoredRequest;
  notifications: PendingNotification[];
}

/** A follow-up this worker has leased: no other worker takes it until the lease runs out. */
export interface LeasedFollowUp {
  requestId: string;
  step: FollowUpStep;
  dueAt: Date;
  attempts: number;
  leaseToken: string;
}

export interface DeliveryResult {
  id: string;
  error: string | null;
}

/**
 * Where sharing requests live. The core decides; the store makes each decision atomic: `change` locks the
 * request row, hands the current state to `decide`, and writes what it returns (fields, events, follow-up,
 * notifications) in the same transaction, or nothing if `decide` throws.
 */
export interface RequestStore {
  findByClientKey(clientKey: string): Promise<StoredRequest | null>;
  /**
   * Inserts a request with its first change. A clientKey seen before returns the first request untouched. The
   * notifications a change writes are held for their delivery until `at + leaseMs` (default 10 minutes); after
   * that `leaseStaleNotifications` hands them to another worker.
   */
  create(
    request: NewRequest,
    change: RequestChange,
    at: Date,
    options?: { leaseMs?: number },
  ): Promise<AppliedChange & { created: boolean }>;
  get(id: string): Promise<StoredRequest | null>;
  /** Requests, newest first; `involving` someone in any part; `shared` only those kept as knowledge. */
  list(options: {
    status?: RequestStatus;
    involving?: string;
    shared?: boolean;
    limit?: number;
  }): Promise<StoredRequest[]>;
  events(id: string): Promise<RequestEvent[]>;
  /** How many open (routed or claimed) requests each person has in hand. */
  openLoad(emails: string[]): Promise<Map<string, number>>;
  /**
   * Applies `decide`'s change under a row lock. With `leaseToken`, only if the request's follow-up still holds
   * that lease (a claim or another worker may have moved on); returns null when it does not. `decide` returns
   * null when there is nothing to do: the request is returned as it is.
   */
  change(
    id: string,
    decide: (current: StoredRequest) => RequestChange | null,
    at: Date,
    options?: { leaseToken?: string; leaseMs?: number },
  ): Promise<AppliedChange | null>;
  /**
   * Applies several follow-up decisions in one transaction: locks every request whose follow-up still holds
   * `leaseToken` (in id order), decides and writes each. The result lines up with `items`; null where the lease
   * had moved on.
   */
  changeMany(
    items: { id: string; decide: (current: StoredRequest) => RequestChange | null }[],
    at: Date,
    leaseToken: string,
    options?: { leaseMs?: number },
  ): Promise<(AppliedChange | null)[]>;
  /**
   * Takes up to `limit` follow-ups due at `now` that no other worker holds (FOR UPDATE SKIP LOCKED) and leases
   * them to `leaseToken` until `now + leaseMs`.
   */
  leaseDueFollowUps(now: Date, limit: number, leaseMs: number, leaseToken: string): Promise<LeasedFollowUp[]>;
  /** Notifications left undelivered by a process that stopped, leased again for delivery. */
  leaseStaleNotifications(now: Date, limit: number, leaseMs: number): Promise<PendingNotification[]>;
  /** Records delivery: sent, or failed with the error. */
  finishNotifications(results: DeliveryResult[], at: Date): Promise<void>;
  /** Everyone in a connection across the border (the requester and the claimer), for the figures' visibility check. */
  connectionPeople(options: { since?: Date }): Promise<string[]>;
  /** The figures; connections involving any of `hiddenEmails` are not counted. */
  figures(options: { since?: Date; hiddenEmails?: string[] }): Promise<SharingFigures>;
  /**
   * Replaces `email` with `pseudonym` wherever the sharing tables hold it (requests, routes, events and their
   * details, notifications) and drops the retry keys of the person's requests, in one transaction. Returns how
   * many requests named them.
   */
  replacePerson(email: string, pseudonym: string): Promise<number>;
}
