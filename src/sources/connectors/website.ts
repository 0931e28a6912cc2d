import { XMLParser } from 'fast-xml-parser';
import robotsParser from 'robots-parser';
import { walkHtml } from '../../ingest/index.ts';
import { SkipSource } from '../../ingest/index.ts';
import { UpstreamError } from '../../errors.ts';
import { failureReason, readBody, userAgent } from '../http.ts';
import type { Connector, SyncContext } from '../types.ts';
import { fetchDocument } from './fetch-document.ts';
import { readListing } from './fetch-xml.ts';

const documentExtension = /\.(pdf|docx)$/i;
const skippedExtension = /\.(jpe?g|png|gif|svg|webp|ico|css|js|zip|mp4|mp3|xlsx?|pptx?|csv|json|xml|rss|ics)$/i;
/** Most sitemaps read from sitemap indexes, and how deep indexes may nest. */
const maxSitemaps = 200;
const maxSitemapDepth = 3;
const sitemapBytes = 50 * 1024 * 1024;

const xml = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  isArray: (name) => name === 'url' || name === 'sitemap',
});

/** A page's links and its language twins (hreflang alternates). */
function pageLinks(html: string, base: string): { links: string[]; twins: Map<string, string> } {
  const links: string[] = [];
  const twins = new Map<string, string>();
  const resolve = (href: string | undefined) => {
    if (!href) return undefined;
    try {
      const url = new URL(href, base);
      url.hash = '';
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
    } catch {
      return undefined;
    }
  };
  walkHtml(html, {
    open(name, attributes) {
      if (name === 'a') {
        const url = resolve(attributes.href);
        if (url && !/\bnofollow\b/i.test(attributes.rel ?? '')) links.push(url);
      } else if (name === 'link' && /\balternate\b/i.test(attributes.rel ?? '') && attributes.hreflang) {
        const language = attributes.hreflang.toLowerCase().slice(0, 2);
        const url = resolve(attributes.href);
        if (url && (language === 'en' || language === 'cy')) twins.set(language, url);
      }
    },
    close() {},
    text() {},
  });
  return { links, twins };
}

/** The other-language twin a path names by convention: /en/… ↔ /cy/…. */
export function conventionalTwin(url: string): { language: 'en' | 'cy'; url: string } | undefined {
  const parsed = new URL(url);
  const match = /^\/(en|cy)(\/.*)?$/.exec(parsed.pathname);
  if (!match) return undefined;
  const other = match[1] === 'en' ? 'cy' : 'en';
  parsed.pathname = `/${other}${match[2] ?? ''}`;
  return { language: other, url: parsed.toString() };
}

function normalisedUrl(text: string): string {
  const url = new URL(text);
  url.hash = '';
  return url.toString();
}

/**
 * A council website: its sitemap (and sitemap indexes) when the source's address is an XML sitemap, otherwise a
 * crawl from the start page through links within the allowed path prefixes. robots.txt is honoured (its rules
 * for Pont and its crawl delay); pages are fetched conditionally; PDFs and Word files linked from pages are read
 * too; a page's English and Welsh twins are kept as each other's `twin`.
 */
export function createWebsiteConnector(
  fetcher: typeof fetch & { slowDown?(seconds: number): void },
  options: { maximumBytes?: number } = {},
): Connector {
  return {
    async sync(context: SyncContext) {
      const { source } = context;
      const start = new URL(source.url);
      const origin = start.origin;
      const prefixes = source.settings.prefixes?.length
        ? source.settings.prefixes
        : [start.pathname.endsWith('.xml') ? '/' : start.pathname.replace(/[^/]*$/, '')];
      const maxPages = source.settings.maxPages ?? 10_000;

      // robots.txt: a missing file allows everything; one that cannot be read stops the sync (nothing is removed).
      let robotsText = '';
      try {
        const response = await fetcher(`${origin}/robots.txt`);
        if (response.ok) robotsText = new TextDecoder().decode(await readBody(response, 512 * 1024));
        else {
          await response.body?.cancel();
          if (response.status >= 500) throw new SkipSource(`robots.txt answered HTTP ${response.status}`);
        }
      } catch (error) {
        throw new UpstreamError(
          `robots.txt of ${origin} could not be read (${failureReason(error)}); nothing was fetched`,
        );
      }
      const robots = robotsParser(`${origin}/robots.txt`, robotsText);
      const delay = robots.getCrawlDelay(userAgent);
      if (delay) fetcher.slowDown?.(delay);
      const allowed = (url: string) => {
        const parsed = new URL(url);
        return (
          parsed.origin === origin &&
          prefixes.some((prefix) => parsed.pathname.startsWith(prefix)) &&
          robots.isAllowed(url, userAgent) !== false
        );
      };

      const queue: string[] = [];
      const queued = new Set<string>();
      const enqueue = (url: string) => {
        const normal = normalisedUrl(url);
        if (
          queued.has(normal) ||
          queued.size >= maxPages ||
          !allowed(normal) ||
          skippedExtension.test(new URL(normal).pathname)
        )
          return;
        queued.add(normal);
        queue.push(normal);
      };

      const sitemapMode = start.pathname.endsWith('.xml');
      /** Each page's `lastmod` in the sitemap, when it gives one. */
      const lastModified = new Map<string, string>();
      if (sitemapMode) {
        // NOTE: a sitemap that cannot be read or parsed stops the sync before anything is fetched, so nothing is removed.
        const seen = new Set<string>();
        const readSitemap = async (url: string, depth: number): Promise<void> => {
          if (seen.has(url) || seen.size >= maxSitemaps) return;
          seen.add(url);
          const text = await readListing(fetcher, url, {
            limit: sitemapBytes,
            words: {
              unreadable: (reason) => `the sitemap ${url} could not be read (${reason}); nothing was removed`,
              malformed: (line, message) =>
                `the sitemap ${url} is not well-formed XML (line ${line}: ${message}); nothing was removed`,
            },
          });
          const parsed = xml.parse(text) as {
            urlset?: { url?: { loc?: string; lastmod?: string }[] };
            sitemapindex?: { sitemap?: { loc?: string }[] };
          };
          if (parsed.sitemapindex) {
            if (depth >= maxSitemapDepth)
              throw new UpstreamError(`sitemap indexes nest deeper than ${maxSitemapDepth} at ${url}`);
            for (const entry of parsed.sitemapindex.sitemap ?? [])
              if (entry.loc) await readSitemap(new URL(String(entry.loc).trim(), url).toString(), depth + 1);
          } else if (parsed.urlset) {
            for (const entry of parsed.urlset.url ?? []) {
              if (!entry.loc) continue;
              const page = normalisedUrl(new URL(String(entry.loc).trim(), url).toString());
              if (entry.lastmod) lastModified.set(page, String(entry.lastmod).trim());
              enqueue(page);
            }
          } else throw new UpstreamError(`${url} is neither a sitemap nor a sitemap index; nothing was removed`);
        };
        await readSitemap(start.toString(), 0);
      } else enqueue(start.toString());

      // Pages are fetched a few at a time (the polite fetch spaces the requests); a worker with nothing to do waits
      // while others still read pages that may link to more.
      let next = 0;
      let active = 0;
      const waiting: (() => void)[] = [];
      const woken = () => new Promise<void>((resolve) => waiting.push(resolve));
      const wakeAll = () => {
        for (const resolve of waiting.splice(0)) resolve();
      };
      const worker = async () => {
        for (;;) {
          if (next >= queue.length) {
            if (active === 0) {
              wakeAll();
              return;
            }
            await woken();
            continue;
          }
          const url = queue[next++]!;
          active += 1;
          context.total(queue.length);
          try {
            await readPage(url);
          } catch (error) {
            // NOTE: a page that cannot be read now still leads on through the links it had, so a file only it links to
            // is seen this run and not taken for gone.
            const known = await context.known(url).catch(() => undefined);
            if (known?.links) followLinks(known.links);
            await context.failed(url, url, failureReason(error));
          } finally {
            active -= 1;
            wakeAll();
          }
        }
      };
      const followLinks = (links: string[]) => {
        for (const link of links) {
          // NOTE: in sitemap mode the sitemap lists the pages; documents linked from them are added to it.
          if (!sitemapMode || documentExtension.test(new URL(link).pathname)) enqueue(link);
        }
      };
      const readPage = async (url: string) => {
        const known = await context.known(url);
        // NOTE: an unchanged page (a 304, or one a resumed run already read) still leads on through the links it had.
        if (known && (await context.doneThisRun(url))) {
          followLinks(known.links ?? []);
          await context.unchanged(url);
          return;
        }
        // NOTE: a page whose sitemap `lastmod` is the one it had when last read is not requested at all.
        const listedAs = lastModified.get(url);
        if (listedAs && known && known.error === null && known.documentSource !== null && known.version === listedAs) {
          followLinks(known.links ?? []);
          await context.unchanged(url);
          return;
        }
        const outcome = await fetchDocument(fetcher, url, known, options);
        if (outcome.kind === 'unchanged') {
          followLinks(known?.links ?? []);
          await context.unchanged(url, listedAs);
          return;
        }
        if (outcome.kind === 'gone') {
          await context.removed(url);
          return;
        }
        let links: string[] | null = null;
        let twin: string | undefined;
        if (outcome.html !== null) {
          const found = pageLinks(outcome.html, outcome.finalUrl);
          links = [...new Set(found.links.filter((link) => allowed(link)))];
          const other = outcome.document.language === 'en' ? 'cy' : 'en';
          twin = found.twins.get(other) ?? conventionalTwin(url)?.url;
          if (twin === url) twin = undefined;
          if (twin && !links.includes(twin) && allowed(twin)) links.push(twin);
          followLinks(links);
        }
        await context.put(
          url,
          { ...outcome.document, source: url, metadata: { ...outcome.document.metadata, ...(twin ? { twin } : {}) } },
          { etag: outcome.etag, lastModified: outcome.lastModified, links, version: listedAs ?? null },
        );
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      // NOTE: a crawl that stopped at maxPages did not see the whole site, so nothing it missed is removed.
      return { complete: queued.size < maxPages };
    },
  };
}
