import { councilFallbackContact, councilIds } from '../councils/index.ts';
import { createCommands } from './commands.ts';
import type { SharingContext, SharingDependencies, SharingOptions } from './context.ts';
import { createDelivery } from './delivery.ts';
import { createErasure } from './erasure.ts';
import { createFigures } from './figures.ts';
import { createFollowUps } from './follow-ups.ts';
import { createOpenRequest } from './open-request.ts';
import { createReading } from './reading.ts';
import { createRequestChanges } from './request-changes.ts';
import { normaliseEmail } from './request-text.ts';
import { createSharedPractice } from './shared-practice.ts';
import type { Sharing } from './types.ts';
import { addWorkingDays } from './working-days.ts';
import { createVisibilityCheck } from './visibility.ts';

export type { SharingDependencies, SharingOptions } from './context.ts';
export { parseRequestId, titleFrom } from './request-text.ts';

/**
 * The sharing workflow: opens best-practice requests, routes them to the right people in the other council,
 * follows them up on working-day deadlines kept in the database, and keeps helpful answers as knowledge.
 *
 * Each part lives in its own file: what a reader may see (`visibility.ts`), delivering notifications
 * (`delivery.ts`), reading and changing a stored request (`request-changes.ts`), opening (`open-request.ts`), the
 * commands on an open request (`commands.ts`), follow-ups (`follow-ups.ts`), shared-practice documents
 * (`shared-practice.ts`), figures and erasure. This function fills in the defaults and joins them.
 */
export function createSharing(dependencies: SharingDependencies, options: SharingOptions = {}): Sharing {
  const deadlineDays = options.deadlineWorkingDays ?? 2;
  const fallbackContact = options.fallbackContact ? normaliseEmail(options.fallbackContact) : undefined;
  const isFallbackContact = (email: string) =>
    email === fallbackContact || councilIds().some((council) => councilFallbackContact(council) === email);
  const context: SharingContext = {
    ...dependencies,
    scheduleDelivery: dependencies.scheduleDelivery ?? ((run: () => Promise<void>) => run()),
    clock: options.clock ?? (() => new Date()),
    deadline: (from: Date) => addWorkingDays(from, deadlineDays),
    routeLimit: options.routeLimit ?? 3,
    batchSize: options.batchSize ?? 100,
    leaseMs: options.leaseMs ?? 10 * 60 * 1000,
    concurrency: Math.max(1, options.concurrency ?? 4),
    fallbackContact,
    visibility: createVisibilityCheck(dependencies.people, isFallbackContact),
  };

  const deliver = createDelivery(context);
  const changes = createRequestChanges(context, deliver);
  const followUps = createFollowUps(context, changes, deliver);
  const sharedPractice = createSharedPractice(context, changes);

  return {
    open: createOpenRequest(context, deliver),
    ...createReading(context, changes),
    ...createCommands(context, changes, followUps, sharedPractice),
    runDueFollowUps: followUps.runDueFollowUps,
    refreshSharedPractice: sharedPractice.refreshSharedPractice,
    refreshAllSharedPractice: sharedPractice.refreshAllSharedPractice,
    forgetPerson: createErasure(context),
    figures: createFigures(context),
  };
}
