/** One piece of recorded work, as a worker takes it. */
export interface InboxItem {
  key: string;
  kind: string;
  payload: unknown;
  /** Attempts started so far, this one included. */
  attempts: number;
  /** What earlier attempts noted of their progress (`InboxStore.note`); empty on a first attempt. */
  progress: Record<string, unknown>;
}

/** What the inbox keeps in the database (src/store/inbox). Every method is safe with several processes at once. */
export interface InboxStore {
  /** Records work; false when `key` was recorded before (a retried delivery). */
  add(item: { key: string; kind: string; payload: unknown }): Promise<boolean>;
  /**
   * Records several pieces of work in one statement (one commit for a burst of deliveries); returns the keys
   * that were new. A key given twice is recorded once.
   */
  addMany(items: { key: string; kind: string; payload: unknown }[]): Promise<Set<string>>;
  /**
   * Takes up to `limit` pending items of `kinds` that are due and not held by a live lease, skipping rows
   * another worker is taking at the same moment, and leases them to `owner` for `leaseMs`.
   */
  take(kinds: string[], limit: number, owner: string, leaseMs: number): Promise<InboxItem[]>;
  /**
   * Milliseconds since the newest item was recorded, by any process (a long time, not less than a minute, when none
   * was recorded lately): taking work waits for a pause in deliveries on every replica, not only this one.
   */
  sinceLatestArrival(): Promise<number>;
  /** Extends `owner`'s leases on `keys`. */
  renew(keys: string[], owner: string, leaseMs: number): Promise<void>;
  /**
   * Adds `entries` to the progress of `owner`'s item `key`, at once: what a later attempt needs to know of what this
   * one has shown the person (the id of a message to edit rather than post again).
   */
  note(key: string, owner: string, entries: Record<string, unknown>): Promise<void>;
  /** The work is done: it is never taken again, and its payload and progress are forgotten. */
  finish(key: string, owner: string): Promise<void>;
  /** The attempt failed: the item waits `delayMs`, then any worker may take it again. */
  retry(key: string, owner: string, error: string, delayMs: number): Promise<void>;
  /** Retries are used up. True when this call marked it failed (so the person is told once). */
  fail(key: string, owner: string, error: string): Promise<boolean>;
  /** Gives items back untouched (a graceful stop): the attempt is not counted. */
  release(keys: string[], owner: string): Promise<void>;
  /** Forgets finished items: done ones after `doneMs` (past any platform retry), failed ones after `failedMs`. */
  prune(doneMs: number, failedMs: number): Promise<number>;
}
