/** A job run again and again: a pass, a wait, another pass. */
export interface PollingLoop<T> {
  /** Runs a pass now, or joins the pass in hand; resolves to its result, or undefined when it failed. */
  runNow(): Promise<T | undefined>;
  /** Stops waiting for the next pass; resolves once the pass in hand, if any, has finished. */
  stop(): Promise<void>;
}

export interface PollingLoopOptions {
  /** The wait between the end of one pass and the start of the next. */
  intervalMs: number;
  /** Told about a pass that threw; the loop goes on and tries again after the wait. */
  onError(error: unknown): void;
}

/**
 * Runs `pass` at once and then again `intervalMs` after each pass ends, never two passes at a time in this process.
 * What is due lives in the database (follow-ups, scheduled jobs, sources), so the loop only decides how often to
 * look: a restart loses nothing, and any number of replicas may run the same loop. The timer does not hold the
 * process open.
 */
export function startPollingLoop<T>(pass: () => Promise<T>, options: PollingLoopOptions): PollingLoop<T> {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inHand: Promise<T | undefined> | undefined;

  function runNow(): Promise<T | undefined> {
    if (inHand) return inHand;
    const running = (async () => {
      try {
        return await pass();
      } catch (error) {
        options.onError(error);
        return undefined;
      }
    })();
    inHand = running.finally(() => {
      inHand = undefined;
    });
    return inHand;
  }

  const next = () => {
    if (stopped) return;
    timer = setTimeout(() => void runNow().finally(next), options.intervalMs);
    (timer as { unref?: () => void }).unref?.();
  };
  // NOTE: the first pass runs at start, so work that fell due while every replica was down is done now.
  void runNow().finally(next);

  return {
    runNow,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inHand;
    },
  };
}
