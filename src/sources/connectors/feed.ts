import { XMLParser } from 'fast-xml-parser';
import { UpstreamError } from '../../errors.ts';
import { htmlText } from '../../ingest/index.ts';
import { documentLanguage, normaliseDate } from '../../ingest/index.ts';
import type { Connector, SyncContext } from '../types.ts';
import { fetchListing } from './fetch-xml.ts';

const feedBytes = 10 * 1024 * 1024;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

type Node =
  string | number | { '#text'?: string | number; '@href'?: string; '@rel'?: string; '@type'?: string } | undefined;

function text(node: Node): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  return String(node['#text'] ?? '');
}

interface FeedEntry {
  link: string;
  title: string;
  body: string;
  published: string | null;
  language: string | undefined;
}

/** The entries of an RSS 2.0 or Atom feed. */
function entries(xml: string, base: string): FeedEntry[] {
  const parsed = parser.parse(xml) as {
    rss?: { channel?: { language?: Node; item?: Record<string, Node | Node[]>[] } };
    feed?: { '@xml:lang'?: string; '@lang'?: string; entry?: Record<string, Node | Node[]>[] };
  };
  if (parsed.rss?.channel) {
    const language = text(parsed.rss.channel.language) || undefined;
    return (parsed.rss.channel.item ?? []).map((item) => {
      const link = text((item.link as Node[] | undefined)?.[0]) || text(item.guid as Node);
      return {
        link: new URL(link.trim(), base).toString(),
        title: htmlText(text(item.title as Node)),
        body: htmlText(text(item.encoded as Node) || text(item.description as Node)),
        published: normaliseDate(
          text(item.pubDate as Node) ? new Date(text(item.pubDate as Node)) : text(item.date as Node),
        ),
        language,
      };
    });
  }
  if (parsed.feed) {
    const language = parsed.feed['@xml:lang'] ?? parsed.feed['@lang'];
    return (parsed.feed.entry ?? []).map((entry) => {
      const links = (entry.link as Node[] | undefined) ?? [];
      const alternate =
        links.find((link) => typeof link === 'object' && (link['@rel'] ?? 'alternate') === 'alternate') ?? links[0];
      const href = typeof alternate === 'object' ? alternate['@href'] : undefined;
      return {
        link: new URL((href ?? text(entry.id as Node)).trim(), base).toString(),
        title: htmlText(text(entry.title as Node)),
        body: htmlText(text(entry.content as Node) || text(entry.summary as Node)),
        published: normaliseDate(text(entry.published as Node) || text(entry.updated as Node)),
        language,
      };
    });
  }
  throw new UpstreamError('the address is neither an RSS nor an Atom feed; nothing was changed');
}

/**
 * An RSS or Atom news feed: each entry is a document (its title, text and date), cited to the entry's link. A
 * feed shows only its latest entries, so an entry that drops off the feed is kept, not removed.
 */
export function createFeedConnector(fetcher: typeof fetch): Connector {
  return {
    async sync(context: SyncContext) {
      const url = context.source.url;
      // NOTE: the feed's own validators live in the source's cursor, for the next conditional request.
      const cursor = context.source.cursor as { etag?: string | null; lastModified?: string | null };
      const headers: Record<string, string> = {};
      if (cursor.etag) headers['if-none-match'] = cursor.etag;
      if (cursor.lastModified) headers['if-modified-since'] = cursor.lastModified;
      const listing = await fetchListing(fetcher, url, {
        limit: feedBytes,
        headers,
        words: {
          unreadable: (reason) => `the feed could not be read (${reason}); nothing was changed`,
          malformed: (line, message) =>
            `the feed is not well-formed XML (line ${line}: ${message}); nothing was changed`,
        },
      });
      if (listing.kind === 'not-modified') return { complete: false };
      const found = entries(listing.text, url);
      context.total(found.length);
      for (const entry of found) {
        if (!entry.body && !entry.title) continue;
        await context.put(
          entry.link,
          {
            source: entry.link,
            title: entry.title || entry.link,
            language: documentLanguage(entry.language, entry.link, `${entry.title} ${entry.body}`),
            published: entry.published,
            kind: 'document',
            sections: [
              {
                heading: entry.title,
                paragraphs: entry.body
                  .split(/\n\s*\n/)
                  .map((paragraph) => paragraph.trim())
                  .filter(Boolean),
              },
            ],
          },
          { version: entry.published },
        );
      }
      await context.saveCursor({
        etag: listing.headers.get('etag'),
        lastModified: listing.headers.get('last-modified'),
      });
      return { complete: false };
    },
  };
}
