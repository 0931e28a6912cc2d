/**
 * The inbox: platform deliveries recorded in the database before they are acknowledged, then done by workers
 * on every replica, at most `PONT_WORKERS` at a time per process, retried after a failure or a crash.
 */
export { createInbox, type Inbox, type InboxAttempt, type InboxHandler, type InboxOptions } from './create-inbox.ts';
export type { InboxItem, InboxStore } from './types.ts';
