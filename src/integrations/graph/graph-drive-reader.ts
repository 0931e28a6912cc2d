import { AuthenticationError, AuthenticationRequiredError, ClientSecretCredential } from '@azure/identity';
import { Client, GraphError, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { z } from 'zod';
import type { GraphConfig, GraphTenantConfig } from '../../config.ts';
import { graphVariablePrefix } from '../../config.ts';
import { ForbiddenError, UpstreamError } from '../../errors.ts';

/** The driveItem fields read from a delta page: what indexing and citing need. */
export const driveItemFields = [
  'id',
  'name',
  'webUrl',
  'cTag',
  'eTag',
  'size',
  'lastModifiedDateTime',
  'file',
  'folder',
  'deleted',
  'root',
] as const;

const driveItemSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().nullish(),
    webUrl: z.string().nullish(),
    cTag: z.string().nullish(),
    size: z.number().nullish(),
    lastModifiedDateTime: z.string().nullish(),
    file: z.object({ mimeType: z.string().nullish() }).passthrough().nullish(),
    folder: z.unknown().optional(),
    deleted: z.unknown().optional(),
    root: z.unknown().optional(),
  })
  .passthrough();

export type DriveItem = z.infer<typeof driveItemSchema>;

const pageSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});
const siteSchema = z
  .object({ id: z.string(), webUrl: z.string().optional(), displayName: z.string().optional() })
  .passthrough();
const drivesSchema = z.object({
  value: z.array(z.object({ id: z.string(), name: z.string(), webUrl: z.string().optional() }).passthrough()),
});
const downloadSchema = z.object({ '@microsoft.graph.downloadUrl': z.string() }).passthrough();

export interface DrivePage {
  items: DriveItem[];
  nextLink: string | null;
  deltaLink: string | null;
}

/** A delta link Graph no longer accepts (410 Gone, resyncRequired): the drive must be read whole again. */
export class DeltaExpired extends Error {}

export interface GraphDriveReaderOptions {
  graph: Pick<GraphConfig, 'loginUrl' | 'graphUrl'>;
  tenant: GraphTenantConfig;
  maxRetries?: number;
  /** Longest wait for one Graph call, retries included (default: no limit of Pont's own). */
  timeoutMs?: number;
}

/**
 * SharePoint and OneDrive libraries of one council's tenant through Microsoft Graph with app-only credentials:
 * the site named by its address, its document libraries, each library's `delta` page by page, and a file's
 * short-lived download address (fetched by the caller through Pont's fetch policy).
 */
export function createGraphDriveReader({ graph, tenant, maxRetries = 5, timeoutMs }: GraphDriveReaderOptions) {
  const prefix = graphVariablePrefix(tenant.council);
  const credential = new ClientSecretCredential(tenant.tenantId, tenant.clientId, tenant.clientSecret, {
    authorityHost: graph.loginUrl,
    disableInstanceDiscovery: true,
  });
  const client = Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: [`${graph.graphUrl}/.default`] }),
    baseUrl: graph.graphUrl,
    defaultVersion: 'v1.0',
    customHosts: new Set([new URL(graph.graphUrl).hostname]),
  });
  const retryOptions = new RetryHandlerOptions(3, maxRetries);

  function fail(error: unknown, what: string): never {
    if (error instanceof AuthenticationError || error instanceof AuthenticationRequiredError) {
      throw new ForbiddenError(
        `Entra ID refused the credentials of ${tenant.council} (tenant ${tenant.tenantId}): check ${prefix}_TENANT_ID, ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET`,
        { cause: error },
      );
    }
    // NOTE: the Graph client turns an aborted request into a GraphError whose code is the abort's name.
    if (
      (error instanceof GraphError && error.code === 'TimeoutError') ||
      (error as { name?: string })?.name === 'TimeoutError'
    ) {
      throw new UpstreamError(`Microsoft Graph did not answer in time to ${what} for ${tenant.council}`, {
        cause: error,
      });
    }
    const status = error instanceof GraphError ? error.statusCode : undefined;
    const message =
      error instanceof GraphError
        ? `${error.code ?? status}: ${error.message}`
        : ((error as Error)?.message ?? String(error)).split(/\r?\n/)[0];
    if (status === 403 || status === 401) {
      throw new ForbiddenError(
        `Microsoft Graph refused to ${what} for ${tenant.council} (${message}): grant the app Sites.Selected (with the site granted) or Sites.Read.All with admin consent`,
        { cause: error },
      );
    }
    if (status === 404)
      throw new UpstreamError(`Microsoft Graph found nothing to ${what} (${message}): check the site address`, {
        cause: error,
      });
    throw new UpstreamError(`Microsoft Graph failed to ${what} for ${tenant.council}: ${message}`, { cause: error });
  }

  async function get(path: string, what: string, select?: readonly string[]): Promise<unknown> {
    try {
      const request = client.api(path).middlewareOptions([retryOptions]);
      if (timeoutMs !== undefined) request.option('signal', AbortSignal.timeout(timeoutMs));
      return await (select ? request.select([...select]) : request).get();
    } catch (error) {
      if (error instanceof GraphError && error.statusCode === 410) throw new DeltaExpired(error.message);
      fail(error, what);
    }
  }

  return {
    /** The site an address such as https://torfaen.sharepoint.com/sites/Federation names. */
    async site(siteUrl: string): Promise<{ id: string; webUrl: string }> {
      const url = new URL(siteUrl);
      const path = url.pathname.replace(/\/+$/, '');
      const body = await get(
        path ? `/sites/${url.hostname}:${path}` : `/sites/${url.hostname}`,
        `find the site ${siteUrl}`,
      );
      const site = siteSchema.safeParse(body);
      if (!site.success)
        throw new UpstreamError(`Microsoft Graph described the site ${siteUrl} in a shape Pont does not read`);
      return { id: site.data.id, webUrl: site.data.webUrl ?? siteUrl };
    },

    async drives(siteId: string): Promise<{ id: string; name: string }[]> {
      const body = await get(`/sites/${siteId}/drives`, 'list the document libraries');
      const drives = drivesSchema.safeParse(body);
      if (!drives.success)
        throw new UpstreamError('Microsoft Graph listed the document libraries in a shape Pont does not read');
      return drives.data.value.map((drive) => ({ id: drive.id, name: drive.name }));
    },

    /** One page of a library's changes: the first page of a full read when `link` is null. */
    async deltaPage(driveId: string, link: string | null): Promise<DrivePage> {
      const body = link
        ? await get(link, 'read the library changes')
        : await get(`/drives/${driveId}/root/delta`, 'read the library', driveItemFields);
      const page = pageSchema.safeParse(body);
      if (!page.success) throw new UpstreamError('Microsoft Graph sent a library page in a shape Pont does not read');
      const items: DriveItem[] = [];
      for (const raw of page.data.value) {
        const item = driveItemSchema.safeParse(raw);
        if (item.success) items.push(item.data);
      }
      return {
        items,
        nextLink: page.data['@odata.nextLink'] ?? null,
        deltaLink: page.data['@odata.deltaLink'] ?? null,
      };
    },

    /** A file's pre-authenticated download address (valid for a short while, needs no token). */
    async downloadUrl(driveId: string, itemId: string): Promise<string> {
      const body = await get(`/drives/${driveId}/items/${itemId}`, 'find a file to download', [
        'id',
        '@microsoft.graph.downloadUrl',
      ]);
      const parsed = downloadSchema.safeParse(body);
      if (!parsed.success) throw new UpstreamError('Microsoft Graph gave no download address for the file');
      return parsed.data['@microsoft.graph.downloadUrl'];
    },
  };
}

export type GraphDriveReader = ReturnType<typeof createGraphDriveReader>;
