import path from 'node:path';
import type { GraphConfig, GraphTenantConfig } from '../../config.ts';
import { maximumBytes } from '../../ingest/index.ts';
import { parseDocument, supportedExtensions } from '../../ingest/index.ts';
import { createPolicyFetch } from '../../ingest/index.ts';
import type { FetchPolicy } from '../../ingest/index.ts';
import { SkipSource } from '../../ingest/index.ts';
import {
  createGraphDriveReader,
  DeltaExpired,
  type DriveItem,
  type GraphDriveReader,
} from '../../integrations/graph/index.ts';
import { failureReason, readBody } from '../http.ts';
import type { Connector, SyncContext } from '../types.ts';

interface DriveCursor {
  /** The delta link after the last complete read of each library, by drive id. */
  deltaLinks?: Record<string, string>;
}

/**
 * A SharePoint site's document libraries (or a OneDrive) through Microsoft Graph: each library's `delta` gives
 * every file the first time and only the changes and deletions after, page by page; a file's content is fetched
 * from its download address through Pont's fetch policy. Answers cite the file's SharePoint address (`webUrl`).
 */
export function createSharePointConnector(options: {
  graph: Pick<GraphConfig, 'loginUrl' | 'graphUrl'>;
  tenant: GraphTenantConfig;
  fetchAllow: FetchPolicy;
  timeoutMs?: number;
  reader?: GraphDriveReader;
}): Connector {
  const reader =
    options.reader ??
    createGraphDriveReader({
      graph: options.graph,
      tenant: options.tenant,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
  const download = createPolicyFetch(options.fetchAllow);
  return {
    async sync(context: SyncContext) {
      const { source } = context;
      const cursor = (context.source.cursor ?? {}) as DriveCursor;
      const deltaLinks = { ...(cursor.deltaLinks ?? {}) };
      const site = await reader.site(source.url);
      const libraries = (source.settings.libraries ?? []).map((name) => name.toLowerCase());
      const drives = (await reader.drives(site.id)).filter(
        (drive) => libraries.length === 0 || libraries.includes(drive.name.toLowerCase()),
      );
      if (libraries.length > 0 && drives.length === 0)
        throw new SkipSource(`the site has no library named ${source.settings.libraries!.join(' or ')}`);

      // NOTE: only a run that read every library whole (no delta link yet, or one that expired) may remove unseen files.
      let everyDriveWhole = true;
      for (const drive of drives) {
        let link: string | null = deltaLinks[drive.id] ?? null;
        if (link) everyDriveWhole = false;
        for (;;) {
          let page;
          try {
            page = await reader.deltaPage(drive.id, link);
          } catch (error) {
            if (!(error instanceof DeltaExpired) || link === null) throw error;
            // NOTE: Graph forgot the delta token (410): the library is read whole again.
            link = null;
            delete deltaLinks[drive.id];
            continue;
          }
          for (const item of page.items) await readItem(context, drive.id, item);
          if (page.nextLink) link = page.nextLink;
          else {
            if (page.deltaLink) deltaLinks[drive.id] = page.deltaLink;
            break;
          }
        }
      }
      await context.saveCursor({ deltaLinks });
      return { complete: everyDriveWhole };
    },
  };

  async function readItem(context: SyncContext, driveId: string, item: DriveItem): Promise<void> {
    const key = `${driveId}:${item.id}`;
    if (item.deleted) {
      await context.removed(key);
      return;
    }
    if (!item.file || item.root || item.folder) return;
    const name = item.name ?? '';
    const type = supportedExtensions[path.extname(name).toLowerCase()];
    const webUrl = item.webUrl ?? `${context.source.url}#${item.id}`;
    if (!type) return;
    const known = await context.known(key);
    if (known && known.error === null && known.version === (item.cTag ?? null) && known.documentSource === webUrl) {
      await context.unchanged(key);
      return;
    }
    try {
      if ((item.size ?? 0) > maximumBytes)
        throw new SkipSource(
          `larger than ${(maximumBytes / 1024 / 1024).toFixed(1)} MB (${((item.size ?? 0) / 1024 / 1024).toFixed(1)} MB)`,
        );
      const address = await reader.downloadUrl(driveId, item.id);
      const response = await download(address, {
        signal: AbortSignal.timeout(context.source.settings.timeoutMs ?? options.timeoutMs ?? 30_000),
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new SkipSource(`download failed (HTTP ${response.status})`);
      }
      const document = await parseDocument(await readBody(response, maximumBytes), type, webUrl);
      await context.put(
        key,
        {
          ...document,
          source: webUrl,
          published: document.published ?? item.lastModifiedDateTime?.slice(0, 10) ?? null,
          metadata: { ...document.metadata, driveId, itemId: item.id },
        },
        { version: item.cTag ?? null },
      );
    } catch (error) {
      await context.failed(key, webUrl, failureReason(error));
    }
  }
}
