import path from 'node:path';
import type { ParsedDocument } from '../../core/knowledge/index.ts';
import { parseDocument, supportedExtensions, typeFromMediaType, type DocumentType } from '../../ingest/index.ts';
import { SkipSource } from '../../ingest/index.ts';
import { maximumBytes } from '../../ingest/index.ts';
import { maxHtmlCharacters } from '../../ingest/index.ts';
import { readBody } from '../http.ts';
import type { SourceItem } from '../types.ts';

/** What a conditional GET found. */
export type FetchOutcome =
  | { kind: 'unchanged' }
  | { kind: 'gone'; status: number }
  | {
      kind: 'document';
      document: ParsedDocument;
      html: string | null;
      etag: string | null;
      lastModified: string | null;
      finalUrl: string;
    };

/**
 * GETs `url`, conditionally when the ledger has its validators (If-None-Match, If-Modified-Since): a 304 is
 * `unchanged`, a 404 or 410 is `gone`, any other failure throws (SkipSource or a network error) so the caller
 * keeps what was indexed. HTML, PDF and Word are read within Pont's size limits.
 */
export async function fetchDocument(
  fetcher: typeof fetch,
  url: string,
  known: SourceItem | undefined,
  options: { maximumBytes?: number } = {},
): Promise<FetchOutcome> {
  const headers: Record<string, string> = {};
  // NOTE: a document that failed last time is fetched whole: its validators may belong to a response never indexed.
  if (known && known.error === null) {
    if (known.etag) headers['if-none-match'] = known.etag;
    if (known.lastModified) headers['if-modified-since'] = known.lastModified;
  }
  const response = await fetcher(url, { headers });
  if (response.status === 304) {
    await response.body?.cancel();
    return { kind: 'unchanged' };
  }
  if (response.status === 404 || response.status === 410) {
    await response.body?.cancel();
    return { kind: 'gone', status: response.status };
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new SkipSource(`unreachable (HTTP ${response.status})`);
  }
  const pathType = supportedExtensions[path.extname(new URL(url).pathname).toLowerCase()];
  const type: DocumentType | undefined = typeFromMediaType(response.headers.get('content-type')) ?? pathType;
  if (!type) {
    await response.body?.cancel();
    throw new SkipSource(`unsupported type ${response.headers.get('content-type') ?? '(none)'}`);
  }
  const limit =
    type === 'html'
      ? Math.min(options.maximumBytes ?? maximumBytes, maxHtmlCharacters * 2)
      : (options.maximumBytes ?? maximumBytes);
  const bytes = await readBody(response, limit);
  const html = type === 'html' ? new TextDecoder().decode(bytes) : null;
  const document = await parseDocument(bytes, type, url);
  return {
    kind: 'document',
    document,
    html,
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
    finalUrl: response.url || url,
  };
}
