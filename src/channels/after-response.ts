import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Deadline-first interactions. A platform gives some deliveries a hard deadline: a Slack trigger_id opens a
 * modal only within 3 seconds, and Teams shows an error for an invoke not answered within 5. Work that those
 * deliveries cause but the platform does not wait for (notifying the people a request was routed to,
 * updating the cards and messages other people see) is held while the interaction answers, and runs after.
 *
 * A channel wraps the deadline-bound part in `holdUntilAnswered`; code anywhere below it hands such work to
 * `afterAnswer`, which runs it at once when nothing is being held (the CLI, the follow-up loop).
 */

interface Held {
  tasks: (() => Promise<void>)[];
  released: boolean;
}

const scope = new AsyncLocalStorage<Held>();
const running = new Set<Promise<void>>();

/** What `holdUntilAnswered` gives back: the work's own result, and the release of what it held. */
export interface HeldWork<T> {
  result: Promise<T>;
  /**
   * Runs the held work in the order it was handed over, one task after another, and resolves when all of it
   * has finished. Safe to call more than once; a task that fails is reported to `onError` and the rest still run.
   */
  release(onError: (error: unknown) => void): Promise<void>;
}

/** Runs `work` (the part a platform deadline waits for) with follow-on work held until `release`. */
export function holdUntilAnswered<T>(work: () => Promise<T>): HeldWork<T> {
  const held: Held = { tasks: [], released: false };
  const result = scope.run(held, work);
  let releasing: Promise<void> | null = null;
  return {
    result,
    release(onError) {
      if (releasing) return releasing;
      releasing = (async () => {
        // NOTE: whatever `work` left running may still hand over tasks; once released they run at once.
        held.released = true;
        while (held.tasks.length > 0) {
          const task = held.tasks.shift()!;
          try {
            // NOTE: outside the scope, so held work never waits on itself.
            await scope.exit(task);
          } catch (error) {
            onError(error);
          }
        }
      })();
      running.add(releasing);
      void releasing.finally(() => running.delete(releasing!));
      return releasing;
    },
  };
}

/**
 * Runs `task` after the interaction in progress has answered its platform, or now (and waits for it) when
 * no interaction is holding work. The held task's own errors go to the `release` caller's `onError`.
 */
export async function afterAnswer(task: () => Promise<void>): Promise<void> {
  const held = scope.getStore();
  if (held && !held.released) {
    held.tasks.push(task);
    return;
  }
  await task();
}

/** Resolves when every released task has finished: for a graceful stop, before the database closes. */
export async function settleHeldWork(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running]);
}
