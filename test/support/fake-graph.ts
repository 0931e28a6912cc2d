import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/graph');

/**
 * The self-signed certificate of the fake servers (CN and subject alternative name 127.0.0.1). Entra ID and Graph
 * clients insist on https, so a process that talks to the fake trusts it through NODE_EXTRA_CA_CERTS.
 */
export const fakeGraphCertificateFile = path.join(fixtures, 'localhost-cert.pem');

export interface FakeUser {
  id: string;
  displayName: string;
  mail: string | null;
  userPrincipalName: string;
  jobTitle?: string | null;
  department?: string | null;
  officeLocation?: string | null;
  accountEnabled?: boolean;
  userType?: 'Member' | 'Guest';
  managerId?: string | null;
  skills?: string[];
}

/** A file in a fake SharePoint document library. */
export interface FakeDriveFile {
  id: string;
  name: string;
  content: Buffer;
  /** Folders hold files; a folder is listed by delta as well. */
  folder?: string;
}

interface DriveState {
  id: string;
  name: string;
  files: Map<string, FakeDriveFile & { version: number }>;
  removed: Map<string, number>;
}

interface SiteState {
  id: string;
  hostname: string;
  path: string;
  drives: DriveState[];
}

interface TenantState {
  id: string;
  clientId: string;
  clientSecret: string;
  users: Map<string, FakeUser & { version: number }>;
  removed: Map<string, { version: number; reason: 'changed' | 'deleted' }>;
  version: number;
  skillsExposed: boolean;
  throttle: { times: number; retryAfterSeconds: number };
  /** Delta requests whose page starts at these offsets fail with 500 (the number is how many times each fails). */
  failingPages: Map<number, number>;
  sites: SiteState[];
  /** Drive delta tokens issued before this version answer 410 Gone (resyncRequired). */
  driveTokensValidFrom: number;
}

export interface FakeGraphOptions {
  /** Accounts a page holds at most (Graph's page size; the client may ask for fewer with odata.maxpagesize). */
  pageSize?: number;
  /** `expires_in` of the tokens issued, in seconds. */
  tokenExpiresInSeconds?: number;
  /** How long Graph accepts a token; longer than expires_in by default (never rejects a token the client still trusts). */
  acceptTokensForMs?: number;
  /** A wait before each Graph answer, in ms. */
  pageDelayMs?: number;
}

export interface GraphRequestRecord {
  method: string;
  path: string;
  tenant: string | null;
  status: number;
}

export interface FakeGraph {
  /** https://127.0.0.1:PORT: MICROSOFT_LOGIN_URL and MICROSOFT_GRAPH_URL both. */
  url: string;
  addTenant(tenant: { id: string; clientId: string; clientSecret: string; skillsExposed?: boolean }): void;
  /** Adds or changes accounts (each change is seen by the next delta query). */
  putUsers(tenant: string, users: FakeUser[]): void;
  updateUser(tenant: string, id: string, changes: Partial<FakeUser>): void;
  /** Removes an account: `changed` is a soft delete, `deleted` a hard one. */
  removeUser(tenant: string, id: string, reason: 'changed' | 'deleted'): void;
  /** The next `times` Graph requests of `tenant` answer 429 with Retry-After. */
  throttle(tenant: string, times: number, retryAfterSeconds: number): void;
  /** The delta page of `tenant` starting at account `offset` of a read answers 500, `times` times. */
  failPage(tenant: string, offset: number, times?: number): void;
  /** A SharePoint site (e.g. torfaen.sharepoint.com, /sites/Federation) with document libraries by name. */
  addSite(tenant: string, site: { id: string; hostname: string; path: string; libraries: string[] }): void;
  /** Adds or changes a file in a library (delta reports it next time). */
  putDriveFile(tenant: string, siteId: string, library: string, file: FakeDriveFile): void;
  removeDriveFile(tenant: string, siteId: string, library: string, id: string): void;
  /** Makes every drive delta link issued so far answer 410 Gone, as Graph does when a token is too old. */
  expireDriveTokens(tenant: string): void;
  requests: GraphRequestRecord[];
  tokensIssued: Map<string, number>;
  close(): Promise<void>;
}

interface IssuedToken {
  tenant: string;
  acceptUntil: number;
}

function json(
  response: import('node:http').ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A local Microsoft Entra ID (OpenID metadata and the client-credentials token endpoint) and Microsoft Graph
 * (`/v1.0/users/delta` with next and delta links, `@removed`, `manager@delta`, and `/v1.0/$batch` for profile
 * skills; SharePoint sites, their document libraries, drive `delta` with paging, deletions and 410 for expired
 * tokens, and download addresses), over https on 127.0.0.1, with throttling, failing pages and expiring tokens
 * on demand.
 */
export async function startFakeGraph(options: FakeGraphOptions = {}): Promise<FakeGraph> {
  const pageSize = options.pageSize ?? 100;
  const expiresIn = options.tokenExpiresInSeconds ?? 3600;
  const acceptFor = options.acceptTokensForMs ?? expiresIn * 1000 + 60_000;
  const tenants = new Map<string, TenantState>();
  const tokens = new Map<string, IssuedToken>();
  const requests: GraphRequestRecord[] = [];
  const tokensIssued = new Map<string, number>();
  let tokenCount = 0;
  let base = '';

  const tenantOf = (id: string) => {
    const tenant = tenants.get(id);
    if (!tenant) throw new Error(`no fake tenant ${id}`);
    return tenant;
  };

  function userJson(user: FakeUser) {
    return {
      id: user.id,
      displayName: user.displayName,
      mail: user.mail,
      userPrincipalName: user.userPrincipalName,
      jobTitle: user.jobTitle ?? null,
      department: user.department ?? null,
      officeLocation: user.officeLocation ?? null,
      accountEnabled: user.accountEnabled ?? true,
      userType: user.userType ?? 'Member',
      ...(user.managerId ? { 'manager@delta': [{ '@odata.type': '#microsoft.graph.user', id: user.managerId }] } : {}),
    };
  }

  function deltaPage(tenant: TenantState, since: number, until: number, offset: number, size: number) {
    const entries: unknown[] = [];
    for (const user of tenant.users.values())
      if (user.version > since && user.version <= until) entries.push(userJson(user));
    if (since > 0) {
      for (const [id, removal] of tenant.removed)
        if (removal.version > since && removal.version <= until)
          entries.push({ id, '@removed': { reason: removal.reason } });
    }
    const value = entries.slice(offset, offset + size);
    const next = offset + size < entries.length;
    const token = Buffer.from(
      JSON.stringify({ tenant: tenant.id, since, until, offset: offset + size, size }),
    ).toString('base64url');
    return {
      '@odata.context': `${base}/v1.0/$metadata#users(${'id,displayName'})`,
      value,
      ...(next
        ? { '@odata.nextLink': `${base}/v1.0/users/delta?$skiptoken=${token}` }
        : {
            '@odata.deltaLink': `${base}/v1.0/users/delta?$deltatoken=${Buffer.from(`${tenant.id}:${until}`).toString('base64url')}`,
          }),
    };
  }

  async function graph(
    request: import('node:http').IncomingMessage,
    response: import('node:http').ServerResponse,
    url: URL,
    body: string,
  ) {
    const record: GraphRequestRecord = {
      method: request.method ?? 'GET',
      path: url.pathname + url.search,
      tenant: null,
      status: 200,
    };
    requests.push(record);
    const answer = (status: number, value: unknown, headers?: Record<string, string>) => {
      record.status = status;
      json(response, status, value, headers);
    };
    if (options.pageDelayMs) await sleep(options.pageDelayMs);
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const token = bearer ? tokens.get(bearer) : undefined;
    if (!token)
      return answer(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
    record.tenant = token.tenant;
    if (Date.now() > token.acceptUntil)
      return answer(401, {
        error: { code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.' },
      });
    const tenant = tenantOf(token.tenant);
    if (tenant.throttle.times > 0) {
      tenant.throttle.times -= 1;
      return answer(
        429,
        { error: { code: 'TooManyRequests', message: 'Too many requests' } },
        { 'retry-after': String(tenant.throttle.retryAfterSeconds) },
      );
    }
    if (request.method === 'POST' && url.pathname === '/v1.0/$batch') {
      const batch = JSON.parse(body) as { requests: { id: string; url: string }[] };
      if (batch.requests.length > 20)
        return answer(400, { error: { code: 'BadRequest', message: 'too many requests in a batch' } });
      return answer(200, {
        responses: batch.requests.map((item) => {
          const id = decodeURIComponent(/^\/users\/([^?]+)/.exec(item.url)?.[1] ?? '');
          const user = tenant.users.get(id);
          if (!tenant.skillsExposed)
            return {
              id: item.id,
              status: 403,
              body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges' } },
            };
          if (!user)
            return {
              id: item.id,
              status: 404,
              body: { error: { code: 'Request_ResourceNotFound', message: 'not found' } },
            };
          return { id: item.id, status: 200, body: { id: user.id, skills: user.skills ?? [] } };
        }),
      });
    }
    if (
      request.method === 'GET' &&
      (url.pathname.startsWith('/v1.0/sites/') || url.pathname.startsWith('/v1.0/drives/'))
    )
      return drives(tenant, url, answer);
    if (request.method !== 'GET' || url.pathname !== '/v1.0/users/delta')
      return answer(404, { error: { code: 'NotFound', message: url.pathname } });
    const wanted = Number(/odata\.maxpagesize=(\d+)/.exec(String(request.headers.prefer ?? ''))?.[1] ?? pageSize);
    const skip = url.searchParams.get('$skiptoken');
    const delta = url.searchParams.get('$deltatoken');
    let since = 0;
    let until = tenant.version;
    let offset = 0;
    let size = Math.min(pageSize, wanted);
    if (skip) {
      const state = JSON.parse(Buffer.from(skip, 'base64url').toString()) as {
        tenant: string;
        since: number;
        until: number;
        offset: number;
        size: number;
      };
      if (state.tenant !== tenant.id)
        return answer(400, { error: { code: 'BadRequest', message: 'skip token of another tenant' } });
      ({ since, until, offset, size } = state);
    } else if (delta) {
      const [owner, version] = Buffer.from(delta, 'base64url').toString().split(':');
      if (owner !== tenant.id)
        return answer(400, { error: { code: 'BadRequest', message: 'delta token of another tenant' } });
      since = Number(version);
    } else if (!url.searchParams.get('$select'))
      return answer(400, { error: { code: 'BadRequest', message: 'Pont always selects its fields' } });
    const failures = tenant.failingPages.get(offset) ?? 0;
    if (failures > 0) {
      tenant.failingPages.set(offset, failures - 1);
      return answer(500, { error: { code: 'generalException', message: 'An unexpected error occurred.' } });
    }
    return answer(200, deltaPage(tenant, since, until, offset, size));
  }

  const fileWebUrl = (site: SiteState, drive: DriveState, file: FakeDriveFile) =>
    `https://${site.hostname}${site.path}/${encodeURIComponent(drive.name)}/${file.folder ? `${encodeURIComponent(file.folder)}/` : ''}${encodeURIComponent(file.name)}`;
  const driveOf = (tenant: TenantState, id: string) => {
    for (const site of tenant.sites) for (const drive of site.drives) if (drive.id === id) return { site, drive };
    return undefined;
  };

  /** Sites, their libraries, a library's delta (paged; deletions as `deleted`) and a file's download address. */
  function drives(
    tenant: TenantState,
    url: URL,
    answer: (status: number, value: unknown, headers?: Record<string, string>) => void,
  ) {
    const path = decodeURIComponent(url.pathname);
    const byPath = /^\/v1\.0\/sites\/([^/:]+):(\/.*)$/.exec(path);
    if (byPath) {
      const site = tenant.sites.find(
        (candidate) => candidate.hostname === byPath[1] && candidate.path === byPath[2]!.replace(/\/+$/, ''),
      );
      if (!site) return answer(404, { error: { code: 'itemNotFound', message: 'Requested site could not be found' } });
      return answer(200, {
        id: site.id,
        webUrl: `https://${site.hostname}${site.path}`,
        displayName: site.path.split('/').at(-1),
      });
    }
    const siteDrives = /^\/v1\.0\/sites\/([^/]+)\/drives$/.exec(path);
    if (siteDrives) {
      const site = tenant.sites.find((candidate) => candidate.id === siteDrives[1]);
      if (!site) return answer(404, { error: { code: 'itemNotFound', message: 'Requested site could not be found' } });
      return answer(200, {
        value: site.drives.map((drive) => ({
          id: drive.id,
          name: drive.name,
          driveType: 'documentLibrary',
          webUrl: `https://${site.hostname}${site.path}/${encodeURIComponent(drive.name)}`,
        })),
      });
    }
    const delta = /^\/v1\.0\/drives\/([^/]+)\/root\/delta$/.exec(path);
    if (delta) {
      const found = driveOf(tenant, delta[1]!);
      if (!found) return answer(404, { error: { code: 'itemNotFound', message: 'drive not found' } });
      const { site, drive } = found;
      let since = 0;
      let offset = 0;
      let until = tenant.version;
      const skip = url.searchParams.get('$skiptoken');
      const token = url.searchParams.get('token');
      if (skip)
        ({ since, offset, until } = JSON.parse(Buffer.from(skip, 'base64url').toString()) as {
          since: number;
          offset: number;
          until: number;
        });
      else if (token) {
        since = Number(token);
        if (since < tenant.driveTokensValidFrom)
          return answer(410, {
            error: {
              code: 'resyncRequired',
              message: "Resync required. Replace any local items with the server's version.",
            },
          });
      } else if (!url.searchParams.get('$select'))
        return answer(400, { error: { code: 'BadRequest', message: 'Pont always selects its fields' } });
      const entries: unknown[] = [];
      if (since === 0)
        entries.push({ id: `${drive.id}-root`, name: 'root', root: {}, folder: { childCount: drive.files.size } });
      const folders = new Set<string>();
      for (const file of drive.files.values()) {
        if (file.version <= since || file.version > until) continue;
        if (file.folder && !folders.has(file.folder)) {
          folders.add(file.folder);
          entries.push({ id: `${drive.id}-folder-${file.folder}`, name: file.folder, folder: { childCount: 1 } });
        }
        entries.push({
          id: file.id,
          name: file.name,
          webUrl: fileWebUrl(site, drive, file),
          cTag: `"c:{${file.id}},${file.version}"`,
          eTag: `"{${file.id}},${file.version}"`,
          size: file.content.length,
          lastModifiedDateTime: new Date(Date.UTC(2025, 0, 1) + file.version * 86_400_000).toISOString(),
          file: { mimeType: 'application/octet-stream' },
        });
      }
      if (since > 0)
        for (const [id, version] of drive.removed)
          if (version > since && version <= until) entries.push({ id, deleted: { state: 'deleted' } });
      const value = entries.slice(offset, offset + pageSize);
      const more = offset + pageSize < entries.length;
      return answer(200, {
        '@odata.context': `${base}/v1.0/$metadata#Collection(driveItem)`,
        value,
        ...(more
          ? {
              '@odata.nextLink': `${base}/v1.0/drives/${drive.id}/root/delta?$skiptoken=${Buffer.from(JSON.stringify({ since, offset: offset + pageSize, until })).toString('base64url')}`,
            }
          : { '@odata.deltaLink': `${base}/v1.0/drives/${drive.id}/root/delta?token=${until}` }),
      });
    }
    const item = /^\/v1\.0\/drives\/([^/]+)\/items\/([^/]+)$/.exec(path);
    if (item) {
      const found = driveOf(tenant, item[1]!);
      const file = found?.drive.files.get(item[2]!);
      if (!found || !file)
        return answer(404, { error: { code: 'itemNotFound', message: 'The resource could not be found.' } });
      return answer(200, {
        id: file.id,
        '@microsoft.graph.downloadUrl': `${base}/download/${found.drive.id}/${file.id}?version=${file.version}`,
      });
    }
    return answer(404, { error: { code: 'NotFound', message: url.pathname } });
  }

  /** A pre-authenticated download: no token, as SharePoint's download addresses are. */
  function downloadFile(response: import('node:http').ServerResponse, url: URL) {
    const [, , driveId, fileId] = url.pathname.split('/');
    for (const tenant of tenants.values()) {
      const file = driveOf(tenant, driveId ?? '')?.drive.files.get(fileId ?? '');
      if (file) {
        response.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': String(file.content.length),
        });
        response.end(file.content);
        return;
      }
    }
    json(response, 404, { error: { code: 'itemNotFound', message: 'gone' } });
  }

  function token(response: import('node:http').ServerResponse, tenantId: string, body: string) {
    const form = new URLSearchParams(body);
    const tenant = tenants.get(tenantId);
    if (!tenant)
      return json(response, 400, {
        error: 'invalid_request',
        error_description: `AADSTS90002: Tenant '${tenantId}' not found.`,
      });
    if (form.get('grant_type') !== 'client_credentials')
      return json(response, 400, {
        error: 'unsupported_grant_type',
        error_description: 'AADSTS70003: only client credentials here',
      });
    if (form.get('client_id') !== tenant.clientId)
      return json(response, 400, {
        error: 'unauthorized_client',
        error_description: `AADSTS700016: Application with identifier '${form.get('client_id')}' was not found in the directory.`,
      });
    if (form.get('client_secret') !== tenant.clientSecret)
      return json(response, 401, {
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
      });
    if (form.get('scope') !== `${base}/.default`)
      return json(response, 400, {
        error: 'invalid_scope',
        error_description: `AADSTS1002012: The provided value for scope ${form.get('scope')} is not valid.`,
      });
    tokenCount += 1;
    const value = `fake-${tenantId}-${tokenCount}`;
    tokens.set(value, { tenant: tenantId, acceptUntil: Date.now() + acceptFor });
    tokensIssued.set(tenantId, (tokensIssued.get(tenantId) ?? 0) + 1);
    json(response, 200, {
      token_type: 'Bearer',
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: value,
    });
  }

  const server = https.createServer(
    { key: fs.readFileSync(path.join(fixtures, 'localhost-key.pem')), cert: fs.readFileSync(fakeGraphCertificateFile) },
    (request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', base);
        const openId = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
        if (openId) {
          const tenant = openId[1]!;
          return json(response, 200, {
            token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
            authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
            end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
            jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
            issuer: `${base}/${tenant}/v2.0`,
            response_types_supported: ['code', 'id_token', 'token'],
          });
        }
        const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
        if (tokenPath && request.method === 'POST') return token(response, tokenPath[1]!, body);
        if (url.pathname.startsWith('/download/')) return downloadFile(response, url);
        if (url.pathname.startsWith('/v1.0/')) {
          graph(request, response, url, body).catch((error: unknown) =>
            json(response, 500, { error: { code: 'fake', message: String(error) } }),
          );
          return;
        }
        json(response, 404, { error: 'not_found' });
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    requests,
    tokensIssued,
    addTenant({ id, clientId, clientSecret, skillsExposed = true }) {
      tenants.set(id, {
        id,
        clientId,
        clientSecret,
        users: new Map(),
        removed: new Map(),
        version: 0,
        skillsExposed,
        throttle: { times: 0, retryAfterSeconds: 0 },
        failingPages: new Map(),
        sites: [],
        driveTokensValidFrom: 0,
      });
    },
    putUsers(tenantId, users) {
      const tenant = tenantOf(tenantId);
      tenant.version += 1;
      for (const user of users) {
        tenant.users.set(user.id, { ...user, version: tenant.version });
        tenant.removed.delete(user.id);
      }
    },
    updateUser(tenantId, id, changes) {
      const tenant = tenantOf(tenantId);
      const user = tenant.users.get(id);
      if (!user) throw new Error(`no fake user ${id}`);
      tenant.version += 1;
      tenant.users.set(id, { ...user, ...changes, version: tenant.version });
    },
    removeUser(tenantId, id, reason) {
      const tenant = tenantOf(tenantId);
      tenant.version += 1;
      tenant.users.delete(id);
      tenant.removed.set(id, { version: tenant.version, reason });
    },
    throttle(tenantId, times, retryAfterSeconds) {
      tenantOf(tenantId).throttle = { times, retryAfterSeconds };
    },
    failPage(tenantId, offset, times = 1) {
      tenantOf(tenantId).failingPages.set(offset, times);
    },
    addSite(tenantId, site) {
      tenantOf(tenantId).sites.push({
        id: site.id,
        hostname: site.hostname,
        path: site.path,
        drives: site.libraries.map((name, index) => ({
          id: `${site.id}-drive-${index}`,
          name,
          files: new Map(),
          removed: new Map(),
        })),
      });
    },
    putDriveFile(tenantId, siteId, library, file) {
      const tenant = tenantOf(tenantId);
      const drive = tenant.sites
        .find((site) => site.id === siteId)
        ?.drives.find((candidate) => candidate.name === library);
      if (!drive) throw new Error(`no fake library ${library} in ${siteId}`);
      tenant.version += 1;
      drive.files.set(file.id, { ...file, version: tenant.version });
      drive.removed.delete(file.id);
    },
    removeDriveFile(tenantId, siteId, library, id) {
      const tenant = tenantOf(tenantId);
      const drive = tenant.sites
        .find((site) => site.id === siteId)
        ?.drives.find((candidate) => candidate.name === library);
      if (!drive) throw new Error(`no fake library ${library} in ${siteId}`);
      tenant.version += 1;
      drive.files.delete(id);
      drive.removed.set(id, tenant.version);
    },
    expireDriveTokens(tenantId) {
      const tenant = tenantOf(tenantId);
      tenant.driveTokensValidFrom = tenant.version + 1;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
