import { UpstreamError } from '../errors.ts';

export interface CircuitBreakerOptions {
  /** Failures in a row that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through. */
  coolDownMs: number;
  now?: () => number;
}

export const defaultCircuitBreakerOptions: CircuitBreakerOptions = { failureThreshold: 5, coolDownMs: 30_000 };

export interface CircuitBreaker {
  /** Runs `call` unless the circuit is open, in which case it throws an UpstreamError at once. */
  run<T>(call: () => Promise<T>, counts?: (error: unknown) => boolean): Promise<T>;
  readonly state: 'closed' | 'open' | 'half-open';
}

/**
 * A circuit breaker: after `failureThreshold` failed calls in a row it opens and fails fast for `coolDownMs`,
 * so a model that is down costs users no waiting; then one trial call decides whether it closes again.
 * NOTE: state is per process on purpose; it is a cache of the model's health that each replica rebuilds.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions = defaultCircuitBreakerOptions): CircuitBreaker {
  const now = options.now ?? Date.now;
  let failures = 0;
  let openedAt: number | null = null;
  let trialRunning = false;

  const state = (): CircuitBreaker['state'] => {
    if (openedAt === null) return 'closed';
    return now() - openedAt >= options.coolDownMs ? 'half-open' : 'open';
  };

  return {
    get state() {
      return state();
    },
    async run(call, counts = () => true) {
      const current = state();
      if (current === 'open' || (current === 'half-open' && trialRunning)) {
        const remaining = openedAt === null ? 0 : Math.max(0, options.coolDownMs - (now() - openedAt));
        throw new UpstreamError(
          'The language model is unavailable (too many failures in a row); Pont will try it again shortly.',
          {
            retryAfterMs: remaining,
          },
        );
      }
      const trial = current === 'half-open';
      if (trial) trialRunning = true;
      try {
        const result = await call();
        failures = 0;
        openedAt = null;
        return result;
      } catch (error) {
        if (counts(error)) {
          failures += 1;
          if (trial || failures >= options.failureThreshold) openedAt = now();
        }
        throw error;
      } finally {
        if (trial) trialRunning = false;
      }
    },
  };
}
