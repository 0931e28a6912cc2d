import { readLimited } from '../ingest/index.ts';
import { SkipSource } from '../ingest/index.ts';
import { isPontError } from '../errors.ts';

/** The name Pont gives itself to websites (robots.txt rules for it apply). */
export const userAgent = 'PontBot/1.0 (+council document sync)';

export interface PoliteFetchOptions {
  /** Requests a second at most, across all this source's requests (default 4). */
  rate?: number;
  /** Longest wait for a response's headers, in milliseconds (default 30 s). */
  timeoutMs?: number;
}

/**
 * A fetch for one source's sync: every request goes through `base` (the SSRF-safe policy fetch), spaced so the
 * source gets at most `rate` requests a second, given up after `timeoutMs`, and named with Pont's user agent.
 * `slowDown` lets robots.txt ask for a longer delay.
 */
export function createPoliteFetch(
  base: typeof fetch,
  options: PoliteFetchOptions = {},
): typeof fetch & { slowDown(seconds: number): void } {
  let interval = 1000 / Math.max(0.01, options.rate ?? 4);
  const timeoutMs = options.timeoutMs ?? 30_000;
  let nextAt = 0;
  const polite = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const now = Date.now();
    const at = Math.max(now, nextAt);
    nextAt = at + interval;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
    const headers = new Headers(init.headers);
    if (!headers.has('user-agent')) headers.set('user-agent', userAgent);
    const signal = init.signal
      ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);
    return base(input, { ...init, headers, signal });
  };
  return Object.assign(polite as typeof fetch, {
    slowDown(seconds: number) {
      // NOTE: a site may ask for a delay between requests; more than a minute would make a sync take days, so it is capped.
      interval = Math.max(interval, Math.min(seconds, 60) * 1000);
    },
  });
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A response's body, refused past `limit` bytes (by Content-Length when given, else as it streams). */
export async function readBody(response: Response, limit: number): Promise<Uint8Array> {
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > limit) {
    await response.body?.cancel();
    throw new SkipSource(`larger than ${megabytes(limit)} (${megabytes(length)})`);
  }
  return readLimited(response, limit);
}

/** Why a request failed, in a few words a person can act on. */
export function failureReason(error: unknown): string {
  if (error instanceof SkipSource) return error.reason;
  // NOTE: Pont's own errors already say what failed in words; their cause is for the logs.
  if (isPontError(error)) return error.message;
  const named = error as {
    name?: string;
    reason?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  if (named.name === 'RefusedUrl' && named.reason) return named.reason;
  if (
    named.name === 'TimeoutError' ||
    named.cause?.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    named.cause?.code === 'UND_ERR_BODY_TIMEOUT'
  )
    return 'timed out';
  if (named.cause?.code) return `unreachable (${named.cause.code})`;
  return `could not be read (${named.message ?? String(error)})`;
}
