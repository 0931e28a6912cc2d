import type { Logger } from '../../logger.ts';
import type { Knowledge } from '../knowledge/index.ts';
import type { People } from '../people/index.ts';
import type { RequestStore } from './request-store.ts';
import type { Notifier } from './types.ts';
import type { VisibilityCheck } from './visibility.ts';

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

/** The dependencies and settings every part of the workflow shares, with the defaults filled in. */
export interface SharingContext extends Required<SharingDependencies> {
  clock: () => Date;
  /** When a step taken at `from` falls due: the configured number of working days later. */
  deadline: (from: Date) => Date;
  routeLimit: number;
  batchSize: number;
  leaseMs: number;
  concurrency: number;
  /** The configured fallback contact, normalised; undefined when none is set. */
  fallbackContact: string | undefined;
  visibility: VisibilityCheck;
}
