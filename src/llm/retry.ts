import { UpstreamError } from '../errors.ts';

/** How calls to the model are retried. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = try once). */
  maxRetries: number;
  /** First backoff; doubles each retry, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails at once and the caller falls back. */
  maxRetryAfterMs: number;
  /** Waits; tests pass one that records the delay instead of sleeping. */
  sleep?: (milliseconds: number) => Promise<void>;
  random?: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 20_000,
};

interface HttpFailure {
  status?: number;
  headers?: Record<string, string | null | undefined> | Headers;
}

function header(failure: HttpFailure, name: string): string | undefined {
  const headers = failure.headers;
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | null | undefined>;
  return record[name] ?? record[name.toLowerCase()] ?? undefined;
}

/**
 * The wait a failed response asks for: `retry-after-ms`, or `Retry-After` as seconds or an HTTP date.
 * Undefined when the response names none.
 */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const failure = error as HttpFailure;
  const milliseconds = header(failure, 'retry-after-ms');
  if (milliseconds !== undefined && Number.isFinite(Number(milliseconds))) return Math.max(0, Number(milliseconds));
  const value = header(failure, 'retry-after');
  if (value === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The HTTP status of a failed call, if it got that far. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as HttpFailure | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Whether trying again can help: rate limits (429), timeouts (408), server errors (5xx) and failures to
 * connect at all. A 400 (our request is wrong) or 401 (bad key) will fail the same way again.
 */
export function isRetryable(error: unknown): boolean {
  if ((error as Error | undefined)?.name === 'AbortError') return false;
  const status = statusOf(error);
  if (status === undefined) return true;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

const realSleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/**
 * Runs `attempt` and retries it on retryable failures, waiting what the server's Retry-After asks for or an
 * exponential backoff with jitter. `canRetry` lets a streaming call refuse once text has reached the user.
 * The last failure is rethrown as an UpstreamError carrying the server's retry-after.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  canRetry: () => boolean = () => true,
): Promise<T> {
  const sleep = policy.sleep ?? realSleep;
  const random = policy.random ?? Math.random;
  for (let attemptNumber = 0; ; attemptNumber += 1) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      const wait = retryAfterMs(error);
      const retryable = isRetryable(error) && canRetry() && attemptNumber < policy.maxRetries;
      if (!retryable || (wait !== undefined && wait > policy.maxRetryAfterMs)) throw asUpstreamError(error, wait);
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attemptNumber) * (0.75 + random() * 0.5);
      await sleep(wait ?? backoff);
    }
  }
}

/** Wraps an SDK failure in Pont's UpstreamError (kept as is when it already is one). */
export function asUpstreamError(error: unknown, wait?: number): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const status = statusOf(error);
  const reason = status ? `HTTP ${status}` : ((error as Error | undefined)?.message ?? String(error));
  return new UpstreamError(
    `The language model did not answer (${reason}); check OPENAI_BASE_URL/AZURE_OPENAI_ENDPOINT, the key and the model name.`,
    {
      cause: error,
      retryAfterMs: wait,
    },
  );
}
