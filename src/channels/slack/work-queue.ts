/**
 * Runs the work that follows an acknowledgement a few at a time, in arrival order, acknowledgements first.
 *
 * Slack needs every acknowledgement within 3 seconds (or it retries the delivery, adding load just when there
 * is too much), while an answer may take a moment longer. Pont's answer work runs in the same process as the
 * HTTP server and, with the embedded database, does not give the event loop back between queries. So while
 * Slack requests keep arriving (a burst), queued work waits for a pause: the burst is acknowledged at full
 * speed and the answers follow it. No task waits longer than `maxDeferMs` for that pause, so under a
 * sustained overload acknowledgements and answers share the process again and answers keep flowing. When
 * people send messages at a human pace there is a pause before every task and nothing waits.
 */
export interface WorkQueue {
  /** Queues `task`; resolves or rejects with it. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tells the queue a request has just arrived (the start or continuation of a burst). */
  arrived(): void;
  /** Tasks waiting and running. */
  readonly size: number;
  /** Resolves when nothing is waiting or running. */
  idle(): Promise<void>;
}

export interface WorkQueueOptions {
  /** Tasks running at once (default 1). */
  concurrency?: number;
  /** How long after the latest arrival the burst counts as over (default 20 ms). */
  pauseMs?: number;
  /** The longest a task waits for a pause before it starts anyway (default 1,000 ms). */
  maxDeferMs?: number;
}

interface Waiting {
  queuedAt: number;
  start: () => void;
}

export function createWorkQueue(options: WorkQueueOptions = {}): WorkQueue {
  const concurrency = options.concurrency ?? 1;
  const pauseMs = options.pauseMs ?? 20;
  const maxDeferMs = options.maxDeferMs ?? 1000;
  const waiting: Waiting[] = [];
  let running = 0;
  let idleWaiters: (() => void)[] = [];
  let lastArrival = Number.NEGATIVE_INFINITY;
  let previousArrival = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  let checkScheduled = false;

  /** Looks at the queue on the next turn of the event loop, after the requests already readable are taken in. */
  function checkSoon(): void {
    if (checkScheduled) return;
    checkScheduled = true;
    setImmediate(() => {
      checkScheduled = false;
      next();
    });
  }

  function next(): void {
    while (running < concurrency && waiting.length > 0) {
      const now = performance.now();
      const head = waiting[0]!;
      // NOTE: a burst is a request after the task was queued, or two requests close together; the task's
      // own request alone is not one.
      const inBurst = lastArrival > head.queuedAt || lastArrival - previousArrival < pauseMs;
      const untilPause = inBurst ? lastArrival + pauseMs - now : 0;
      const untilDeadline = head.queuedAt + maxDeferMs - now;
      if (untilPause > 0 && untilDeadline > 0) {
        if (!timer) {
          timer = setTimeout(
            () => {
              timer = undefined;
              next();
            },
            Math.ceil(Math.min(untilPause, untilDeadline)),
          );
        }
        return;
      }
      running += 1;
      waiting.shift()!.start();
    }
    if (running === 0 && waiting.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  return {
    run(task) {
      return new Promise((resolve, reject) => {
        waiting.push({
          queuedAt: performance.now(),
          start: () => {
            task()
              .then(resolve, reject)
              .finally(() => {
                running -= 1;
                checkSoon();
              });
          },
        });
        checkSoon();
      });
    },
    arrived() {
      previousArrival = lastArrival;
      lastArrival = performance.now();
    },
    get size() {
      return running + waiting.length;
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
