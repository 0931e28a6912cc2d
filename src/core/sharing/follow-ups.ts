import { randomUUID } from 'node:crypto';
import type { SharingContext } from './context.ts';
import type { Deliver } from './delivery.ts';
import type { RequestChanges } from './request-changes.ts';
import type {
  FollowUpStep,
  LeasedFollowUp,
  PendingNotification,
  RequestChange,
  StoredRequest,
} from './request-store.ts';
import { chooseRoutes } from './routing.ts';

/** Asking the next people, and the reminders, reroutes, expiries and nudges that fall due on working-day deadlines. */
export interface FollowUps {
  /**
   * Routes a still-routed request to the next people nobody has asked yet. Returns the request as changed, or null
   * when nothing changed (unless `onNobody` decides what happens when there is nobody left to ask).
   */
  reroute(
    request: StoredRequest,
    actorEmail: string | null,
    via: string,
    options?: { leaseToken?: string; onNobody?: () => RequestChange; now?: Date },
  ): Promise<StoredRequest | null>;
  /** Acts on every follow-up due at `now`, batch by batch; returns how many acted. */
  runDueFollowUps(now?: Date): Promise<number>;
}

/** The change that ends a request nobody picked up. */
function expire(): RequestChange {
  return {
    status: 'expired',
    events: [
      {
        type: 'request-expired',
        actorEmail: null,
        via: 'follow-up',
        detail: { reason: 'nobody picked it up after reminders and rerouting' },
      },
    ],
    followUp: null,
    notifications: [],
  };
}

export function createFollowUps(context: SharingContext, { change }: RequestChanges, deliver: Deliver): FollowUps {
  const {
    store,
    people,
    logger,
    clock,
    deadline,
    routeLimit,
    batchSize,
    leaseMs,
    concurrency,
    fallbackContact,
    visibility,
  } = context;

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
          notifications: fresh.map((route) => ({
            kind: 'request-rerouted' as const,
            recipientEmail: route.email,
            reasons: route.reasons,
          })),
        };
      },
      request.language,
      { leaseToken, at: now },
    );
  }

  /** What a reminder, expiry or nudge does to the request as it now stands. */
  function decideFollowUp(step: FollowUpStep, now: Date): (current: StoredRequest) => RequestChange {
    const via = 'follow-up';
    return (current) => {
      if (step === 'remind' && current.status === 'routed') {
        return {
          events: [{ type: 'reminder-sent', actorEmail: null, via, detail: { to: current.routedTo } }],
          followUp: { step: 'reroute', dueAt: deadline(now) },
          notifications: current.routedTo.map((email) => ({
            kind: 'request-reminder' as const,
            recipientEmail: email,
          })),
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
          events: [
            {
              type: 'claim-nudged',
              actorEmail: null,
              via,
              detail: { claimer: current.claimedBy, requesterTold: last },
            },
          ],
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
    for (const notification of stale)
      byRequest.set(notification.requestId, [...(byRequest.get(notification.requestId) ?? []), notification]);
    const isVisible = visibility();
    for (const [requestId, pending] of byRequest) {
      const request = await store.get(requestId);
      if (request) await deliver(request, pending, isVisible);
    }
  }

  async function runDueFollowUps(now = clock()): Promise<number> {
    await redeliverStale(now);
    let acted = 0;
    for (;;) {
      const leased = await store.leaseDueFollowUps(now, batchSize, leaseMs, randomUUID());
      if (leased.length === 0) break;
      const reroutes = leased.filter((lease) => lease.step === 'reroute');
      try {
        acted += await simpleFollowUps(
          leased.filter((lease) => lease.step !== 'reroute'),
          now,
        );
      } catch (error) {
        // NOTE: the batch's leases run out and another pass retries them; nothing was written or sent.
        logger.error(
          { err: error, requests: leased.length },
          'A batch of sharing follow-ups failed; it will be retried when its lease runs out',
        );
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
            logger.error(
              { err: error, requestId: lease.requestId, step: lease.step },
              'Sharing follow-up failed; it will be retried when its lease runs out',
            );
          }
        }
      });
      await Promise.all(workers);
    }
    return acted;
  }

  return { reroute, runDueFollowUps };
}
