import { XMLValidator } from 'fast-xml-parser';
import { UpstreamError } from '../../errors.ts';
import { SkipSource } from '../../ingest/index.ts';
import { failureReason, readBody } from '../http.ts';

/** How a listing's failures read on the source: a reason for one that could not be read, a place for malformed XML. */
export interface ListingWords {
  unreadable(reason: string): string;
  malformed(line: number, message: string): string;
}

/** A listing read: its well-formed text and response headers, or `not-modified` for a 304 to a conditional request. */
export type ListingOutcome = { kind: 'read'; text: string; headers: Headers } | { kind: 'not-modified' };

/**
 * GETs an XML listing (a sitemap, a feed, a ModernGov web-service answer) within `limit` bytes and checks that it is
 * well-formed. Anything that stops it being read (a refused address, an HTTP error, a timeout, too large, malformed)
 * throws an `UpstreamError` worded by `words`, so the sync stops with the error on the source and removes nothing.
 */
export async function fetchListing(
  fetcher: typeof fetch,
  url: string,
  options: { limit: number; words: ListingWords; headers?: Record<string, string> },
): Promise<ListingOutcome> {
  let text: string;
  let headers: Headers;
  try {
    const response = await fetcher(url, options.headers ? { headers: options.headers } : {});
    if (response.status === 304 && options.headers) {
      await response.body?.cancel();
      return { kind: 'not-modified' };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new SkipSource(`HTTP ${response.status}`);
    }
    headers = response.headers;
    text = new TextDecoder().decode(await readBody(response, options.limit));
  } catch (error) {
    throw new UpstreamError(options.words.unreadable(failureReason(error)));
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new UpstreamError(options.words.malformed(valid.err.line, valid.err.msg));
  return { kind: 'read', text, headers };
}

/** `fetchListing` for a listing read whole every time: its well-formed text. */
export async function readListing(
  fetcher: typeof fetch,
  url: string,
  options: { limit: number; words: ListingWords },
): Promise<string> {
  const listing = await fetchListing(fetcher, url, options);
  // NOTE: without validators there is no 304 to get; a server that sends one anyway has sent no listing.
  if (listing.kind !== 'read')
    throw new UpstreamError(options.words.unreadable('HTTP 304 to an unconditional request'));
  return listing.text;
}
