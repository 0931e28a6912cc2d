/**
 * Runs the work that follows an acknowledgement a few at a time, in arrival order. Slack needs every
 * acknowledgement within 3 seconds (or it retries), while an answer may take a moment longer: limiting how
 * much answer work runs at once keeps the event loop free to acknowledge a burst of commands and events.
 */
export interface WorkQueue {
  /** Queues `task`; resolves or rejects with it. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks waiting and running. */
  readonly size: number;
  /** Resolves when nothing is waiting or running. */
  idle(): Promise<void>;
}

export function createWorkQueue(concurrency = 4): WorkQueue {
  const waiting: (() => void)[] = [];
  let running = 0;
  let idleWaiters: (() => void)[] = [];

  function next(): void {
    while (running < concurrency && waiting.length > 0) {
      running += 1;
      waiting.shift()!();
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
        waiting.push(() => {
          // NOTE: start on a later turn of the event loop, after pending I/O such as incoming requests.
          setImmediate(() => {
            task()
              .then(resolve, reject)
              .finally(() => {
                running -= 1;
                next();
              });
          });
        });
        next();
      });
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
