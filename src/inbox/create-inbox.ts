import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Logger } from '../logger.ts';
import type { InboxItem, InboxStore } from './types.ts';

/** One attempt at a piece of work, as its handler sees it. */
export interface InboxAttempt {
  key: string;
  /** 1 for the first attempt; more after a failure, or after the process of an earlier attempt stopped. */
  attempt: number;
  lastAttempt: boolean;
  /** What earlier attempts noted with `note` (empty on a first attempt). */
  progress: Record<string, unknown>;
  /**
   * Records, at once and for later attempts, something this attempt has shown the person (the id of a message it
   * will edit). Entries add to the progress, and `progress` is updated too.
   */
  note(entries: Record<string, unknown>): Promise<void>;
}

/** Does one kind of recorded work. */
export interface InboxHandler<Payload> {
  /** Does the work. A throw means "try again later", until the attempts are used up. */
  run(payload: Payload, attempt: InboxAttempt): Promise<void>;
  /**
   * Tells the person, once, that their work could not be done (retries used up). `progress` is what the attempts
   * noted (a message they showed, which can say so instead of a new one).
   */
  giveUp(payload: Payload, error: unknown, progress: Record<string, unknown>): Promise<void>;
}

export interface InboxOptions {
  store: InboxStore;
  logger: Logger;
  /** Items worked on at once by this process (PONT_WORKERS). Default 64. */
  workers?: number;
  /** How long a taken item stays with this process without a renewal; a crashed process's items come back after it. Default 30 s. */
  leaseMs?: number;
  /** Attempts before an item fails for good. Default 4. */
  maxAttempts?: number;
  /** The wait after a first failed attempt; it doubles each time, up to a minute. Default 2 s. */
  retryBaseMs?: number;
  /** How often to look for work recorded by other replicas or due again. Default 500 ms. */
  pollMs?: number;
  /**
   * Taking work waits until this long after the latest delivery, here or on any other replica (the database says
   * when the newest was recorded), and until no delivery is being recorded here: a burst is acknowledged first.
   * Default 50 ms: with 20 ms, bench:load measured longer acknowledgement tails at N = 50.
   */
  pauseMs?: number;
  /** …but never longer than this. Default 1 s. */
  maxDeferMs?: number;
  /** On stop, how long to wait for work in hand before giving it back. Default 20 s. */
  stopTimeoutMs?: number;
}

/**
 * The work platforms delivered, recorded in the database before each delivery is acknowledged and done by a
 * pool of workers in every process that handles its kind. Items are taken with FOR UPDATE SKIP LOCKED under
 * a lease that is renewed while the work runs, so several replicas share the work, and items held by a process
 * that died come back when its lease runs out. A failing item is retried with backoff and, after the last
 * attempt, marked failed, logged, and the person is told once.
 */
/**
 * How long finished work is kept. A finished item's key is what recognises a platform's retried delivery, so it
 * is kept a day: Slack retries within minutes, but after an outage on either side a retry can come hours late.
 */
export const inboxRetention = { doneMs: 24 * 60 * 60_000, failedMs: 7 * 24 * 60 * 60_000 } as const;

export interface Inbox {
  /** Registers the handler of `kind`; this process starts taking that kind of work. */
  handle<Payload>(kind: string, handler: InboxHandler<Payload>): void;
  /** Records work under the platform's delivery id; false when the id was seen before (a retried delivery). */
  add(kind: string, key: string, payload: unknown): Promise<boolean>;
  /** Tells the inbox a delivery has just arrived: taking work waits for a pause, so a burst is acknowledged first. */
  arrived(): void;
  /** Items this process holds now. */
  readonly busy: number;
  /** Resolves when this process holds no items and finds none ready (tests and benchmarks). */
  drained(): Promise<void>;
  /** Stops taking work, waits for the work in hand (up to `stopTimeoutMs`), gives back the rest. */
  stop(): Promise<void>;
}

/** Resolves after the event loop has been round once (pending I/O, such as arriving deliveries, is handled first). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Records of deliveries written at once, at most. */
const recordWriters = 2;

export function createInbox(options: InboxOptions): Inbox {
  const { store, logger } = options;
  const workers = Math.max(1, options.workers ?? 64);
  const leaseMs = options.leaseMs ?? 30_000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const retryBaseMs = options.retryBaseMs ?? 2_000;
  const pollMs = options.pollMs ?? 500;
  const pauseMs = options.pauseMs ?? 50;
  const maxDeferMs = options.maxDeferMs ?? 1_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 20_000;
  const owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const handlers = new Map<string, InboxHandler<any>>();
  const held = new Map<string, Promise<void>>();
  let stopped = false;
  let started = false;
  let pumping = false;
  let pumpAgain = false;
  let lastArrival = Number.NEGATIVE_INFINITY;
  let deferringSince: number | undefined;
  let wakeTimer: NodeJS.Timeout | undefined;
  let wakeAt = Number.POSITIVE_INFINITY;
  let pauseWakeAt = Number.POSITIVE_INFINITY;
  let retryWakes: number[] = [];
  let lastTakeFound = true;
  let drainWaiters: (() => void)[] = [];
  const timers: NodeJS.Timeout[] = [];
  // Deliveries that arrive while every writer is busy wait for the next free one, which takes them all in one
  // statement: a burst costs a few commits, not one each, and a lone delivery is written at once. Two writes may
  // be in flight (the database keeps two connections for them), so a delivery waits behind at most one commit.
  let writing = 0;
  let toRecord: {
    item: { key: string; kind: string; payload: unknown };
    settle: (added: boolean) => void;
    fail: (error: unknown) => void;
  }[] = [];

  function recordPending(): void {
    if (writing >= recordWriters || toRecord.length === 0) return;
    const batch = toRecord;
    toRecord = [];
    writing += 1;
    void store
      .addMany(batch.map((entry) => entry.item))
      .then(
        (added) => {
          const seen = new Set<string>();
          for (const entry of batch) {
            // NOTE: the same key twice in one batch (a retry racing its original) is new only the first time.
            const isNew = added.has(entry.item.key) && !seen.has(entry.item.key);
            seen.add(entry.item.key);
            entry.settle(isNew);
          }
        },
        (error: unknown) => {
          for (const entry of batch) entry.fail(error);
        },
      )
      .finally(() => {
        writing -= 1;
        recordPending();
      });
  }

  /**
   * Pumps again in `ms`. A pause in arrivals has one wake-up at a time: while it is pending, later ones are left out
   * (the pump measures the pause again when it comes, and each extra wake-up would ask the database once more while
   * deliveries are being acknowledged). Each retry's backoff keeps its own. The timer is set for the soonest, so a
   * retry's long backoff never delays the end of a pause, and the end of a pause never drops a retry.
   */
  function wakeIn(ms: number, reason: 'pause' | 'retry'): void {
    if (stopped) return;
    const at = performance.now() + ms;
    if (reason === 'retry') retryWakes.push(at);
    else if (pauseWakeAt === Number.POSITIVE_INFINITY) pauseWakeAt = at;
    else return;
    scheduleWake();
  }

  function scheduleWake(): void {
    const soonest = Math.min(pauseWakeAt, ...retryWakes);
    if (stopped || soonest === Number.POSITIVE_INFINITY) return;
    if (wakeTimer && wakeAt <= soonest) return;
    if (wakeTimer) clearTimeout(wakeTimer);
    wakeAt = soonest;
    wakeTimer = setTimeout(
      () => {
        wakeTimer = undefined;
        // NOTE: any wake-up spends the pause's: the pump asks for a new one if it must still wait.
        pauseWakeAt = Number.POSITIVE_INFINITY;
        const now = performance.now() + 1;
        retryWakes = retryWakes.filter((at) => at > now);
        scheduleWake();
        void pump();
      },
      Math.max(0, Math.ceil(soonest - performance.now())),
    );
    // NOTE: like the poll, a wake-up alone does not keep the process running.
    wakeTimer.unref();
  }

  function settleDrained(): void {
    if (held.size > 0 || lastTakeFound || drainWaiters.length === 0) return;
    const waiters = drainWaiters;
    drainWaiters = [];
    for (const resolve of waiters) resolve();
  }

  async function giveUp(
    item: InboxItem,
    handler: InboxHandler<unknown>,
    error: unknown,
    progress: Record<string, unknown> = item.progress,
  ): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    if (!(await store.fail(item.key, owner, message))) return;
    logger.error(
      { err: error, key: item.key, kind: item.kind, attempts: item.attempts },
      `Gave up on ${item.kind} work after ${item.attempts} attempts; the person is told`,
    );
    try {
      await handler.giveUp(item.payload, error, progress);
    } catch (tellError) {
      logger.error({ err: tellError, key: item.key, kind: item.kind }, 'Could not tell the person their work failed');
    }
  }

  async function work(item: InboxItem): Promise<void> {
    const handler = handlers.get(item.kind)!;
    if (item.attempts > maxAttempts) {
      // NOTE: each earlier attempt ended with its process (a lease ran out); running it again may end this one too.
      await giveUp(item, handler, new Error(`interrupted ${item.attempts - 1} times`));
      return;
    }
    const progress = { ...item.progress };
    try {
      await handler.run(item.payload, {
        key: item.key,
        attempt: item.attempts,
        lastAttempt: item.attempts >= maxAttempts,
        progress,
        async note(entries) {
          await store.note(item.key, owner, entries);
          Object.assign(progress, entries);
        },
      });
    } catch (error) {
      if (item.attempts >= maxAttempts) {
        await giveUp(item, handler, error, progress);
        return;
      }
      const delayMs = Math.min(retryBaseMs * 2 ** (item.attempts - 1), 60_000);
      logger.warn(
        { err: error, key: item.key, kind: item.kind, attempt: item.attempts, retryInMs: delayMs },
        `${item.kind} work failed; it will be tried again`,
      );
      await store.retry(item.key, owner, error instanceof Error ? error.message : String(error), delayMs);
      wakeIn(delayMs, 'retry');
      return;
    }
    await store.finish(item.key, owner);
  }

  /**
   * Starts `item` once `turn` has come. Items taken together are started one per turn of the event loop: the
   * first steps of an answer (routing the question, retrieval) run on this process's only thread, and started all
   * at once they would hold back every delivery waiting to be acknowledged until the last had begun.
   */
  function begin(item: InboxItem, turn: Promise<void>): void {
    const task = turn
      .then(() => work(item))
      .catch((error: unknown) => {
        // NOTE: the database could not record the outcome; the lease runs out and the item is taken again.
        logger.error({ err: error, key: item.key, kind: item.kind }, 'Could not record the outcome of inbox work');
      })
      .finally(() => {
        held.delete(item.key);
        void pump();
      });
    held.set(item.key, task);
  }

  async function pump(): Promise<void> {
    if (stopped || handlers.size === 0) return;
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        const free = workers - held.size;
        if (free <= 0 || stopped) break;
        const now = performance.now();
        // NOTE: while a delivery is being recorded its acknowledgement is still to be sent: work waits for it too.
        const recording = writing > 0 || toRecord.length > 0;
        const untilPause = recording ? pauseMs : lastArrival + pauseMs - now;
        if (untilPause > 0) {
          deferringSince ??= now;
          const untilDeadline = deferringSince + maxDeferMs - now;
          if (untilDeadline > 0) {
            wakeIn(Math.ceil(Math.min(untilPause, untilDeadline)), 'pause');
            break;
          }
        }
        if (pauseMs > 0) {
          // NOTE: the pause is also the other replicas': a delivery another one is still acknowledging (a burst the
          // load balancer shares out) keeps this one's answers from starting, as far as `maxDeferMs` allows.
          const quietFor = await store.sinceLatestArrival();
          const waited = deferringSince === undefined ? 0 : performance.now() - deferringSince;
          if (quietFor < pauseMs && waited < maxDeferMs) {
            deferringSince ??= performance.now();
            wakeIn(Math.ceil(Math.min(pauseMs - quietFor, maxDeferMs - waited)), 'pause');
            break;
          }
        }
        deferringSince = undefined;
        const items = await store.take([...handlers.keys()], free, owner, leaseMs);
        lastTakeFound = items.length > 0;
        let turn = Promise.resolve();
        for (const item of items) {
          begin(item, turn);
          turn = turn.then(nextTurn);
        }
        if (items.length === free) pumpAgain = true;
      } while (pumpAgain && !stopped);
    } catch (error) {
      if (!stopped) logger.error({ err: error }, 'Could not take work from the inbox; trying again shortly');
    } finally {
      pumping = false;
      settleDrained();
    }
  }

  function startOnce(): void {
    if (started || stopped) return;
    started = true;
    const poll = setInterval(() => void pump(), pollMs);
    const renew = setInterval(
      () => {
        if (held.size === 0) return;
        store
          .renew([...held.keys()], owner, leaseMs)
          .catch((error: unknown) => logger.warn({ err: error }, 'Could not renew inbox leases'));
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    const prune = setInterval(() => {
      store
        .prune(inboxRetention.doneMs, inboxRetention.failedMs)
        .catch((error: unknown) => logger.warn({ err: error }, 'Could not prune the inbox'));
    }, 30 * 60_000);
    for (const timer of [poll, renew, prune]) {
      timer.unref();
      timers.push(timer);
    }
    void pump();
  }

  return {
    handle(kind, handler) {
      handlers.set(kind, handler);
      startOnce();
    },
    async add(kind, key, payload) {
      const added = await new Promise<boolean>((settle, fail) => {
        toRecord.push({ item: { key, kind, payload }, settle, fail });
        recordPending();
      });
      if (added && handlers.has(kind)) setImmediate(() => void pump());
      return added;
    },
    arrived() {
      lastArrival = performance.now();
    },
    get busy() {
      return held.size;
    },
    drained() {
      lastTakeFound = true;
      const waiting = new Promise<void>((resolve) => drainWaiters.push(resolve));
      void pump();
      return waiting;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (wakeTimer) clearTimeout(wakeTimer);
      for (const timer of timers) clearInterval(timer);
      const inHand = [...held.values()];
      if (inHand.length > 0) {
        let timeout: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled(inHand),
          new Promise((resolve) => (timeout = setTimeout(resolve, stopTimeoutMs))),
        ]);
        clearTimeout(timeout);
      }
      if (held.size > 0) {
        logger.warn(
          { items: held.size },
          'Stopping with inbox work still running; it is given back for another process',
        );
        await store
          .release([...held.keys()], owner)
          .catch((error: unknown) =>
            logger.error({ err: error }, 'Could not give inbox work back; it returns when its lease runs out'),
          );
      }
      // NOTE: anyone waiting for the inbox to drain is let go: this process takes nothing more.
      const waiters = drainWaiters;
      drainWaiters = [];
      for (const resolve of waiters) resolve();
    },
  };
}
