import { AuthenticationError, AuthenticationRequiredError, ClientSecretCredential } from '@azure/identity';
import { Client, GraphError, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { z } from 'zod';
import type { GraphConfig, GraphTenantConfig } from '../../config.ts';
import { graphVariablePrefix } from '../../config.ts';
import type { DirectoryAccount, DirectoryPage, DirectoryReader, RemovedAccount } from '../../directory-sync/index.ts';
import { ForbiddenError, UpstreamError } from '../../errors.ts';

/** The user fields read: what the staff directory needs and nothing more. */
export const userFields = [
  'id',
  'displayName',
  'mail',
  'userPrincipalName',
  'jobTitle',
  'department',
  'officeLocation',
  'accountEnabled',
  'userType',
  'manager',
] as const;

// NOTE: schemas hold only what is read, so a field Graph adds or drops elsewhere breaks nothing.
const userSchema = z
  .object({
    id: z.string().min(1),
    displayName: z.string().nullish(),
    mail: z.string().nullish(),
    userPrincipalName: z.string().nullish(),
    jobTitle: z.string().nullish(),
    department: z.string().nullish(),
    officeLocation: z.string().nullish(),
    accountEnabled: z.boolean().nullish(),
    userType: z.string().nullish(),
    'manager@delta': z.array(z.object({ id: z.string(), '@removed': z.unknown().optional() })).optional(),
    '@removed': z.object({ reason: z.string().optional() }).optional(),
  })
  .passthrough();

const pageSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});

const batchSchema = z.object({
  responses: z.array(z.object({ id: z.string(), status: z.number(), body: z.unknown().optional() })),
});

const skillsSchema = z.object({ skills: z.array(z.string()).nullish() });

/** A present field's value; undefined when the page did not carry it (a delta page carries changed fields). */
function field<T>(user: Record<string, unknown>, name: string, value: T): T | undefined {
  return name in user ? value : undefined;
}

/** One page's `value` entry as an account or a removal. */
export function readUser(raw: unknown): { account?: DirectoryAccount; removed?: RemovedAccount } | null {
  const parsed = userSchema.safeParse(raw);
  if (!parsed.success) return null;
  const user = parsed.data;
  if (user['@removed'])
    return { removed: { id: user.id, reason: user['@removed'].reason === 'deleted' ? 'deleted' : 'changed' } };
  const present = user as Record<string, unknown>;
  const address = user.mail || user.userPrincipalName || undefined;
  const managers = user['manager@delta'];
  const account: DirectoryAccount = { id: user.id };
  if (address) account.email = address;
  const name = field(present, 'displayName', user.displayName ?? '');
  if (name !== undefined) account.name = name;
  const jobTitle = field(present, 'jobTitle', user.jobTitle ?? null);
  if (jobTitle !== undefined) account.jobTitle = jobTitle;
  const department = field(present, 'department', user.department ?? null);
  if (department !== undefined) account.department = department;
  const office = field(present, 'officeLocation', user.officeLocation ?? null);
  if (office !== undefined) account.office = office;
  if (typeof user.accountEnabled === 'boolean') account.enabled = user.accountEnabled;
  if (managers) {
    const current = managers.filter((manager) => manager['@removed'] === undefined);
    account.managerId = current[0]?.id ?? null;
  }
  if (user.userType === 'Guest' || (user.userPrincipalName ?? '').includes('#EXT#')) account.guest = true;
  return { account };
}

function describe(error: unknown): { status: number | undefined; message: string } {
  if (error instanceof GraphError)
    return { status: error.statusCode, message: `${error.code ?? error.statusCode}: ${error.message}` };
  if (error instanceof AuthenticationError) {
    const description = error.errorResponse?.errorDescription?.split(/\r?\n/)[0] ?? error.message.split(/\r?\n/)[0];
    return { status: error.statusCode, message: `${error.errorResponse?.error ?? 'refused'}: ${description}` };
  }
  if (error instanceof AuthenticationRequiredError) {
    // NOTE: MSAL's refusals arrive as "invalid_client: Error(s): … - Description: AADSTS…: … - Correlation ID: …".
    const code = /^([a-z_]+):/.exec(error.message)?.[1] ?? 'refused';
    const description =
      /Description: (.*?)(?: - Correlation ID|$)/.exec(error.message)?.[1] ?? error.message.split(/\r?\n/)[0];
    return { status: 401, message: `${code}: ${description}` };
  }
  const cause = error as { statusCode?: number; message?: string };
  return { status: cause?.statusCode, message: (cause?.message ?? String(error)).split(/\r?\n/)[0]! };
}

export interface GraphDirectoryReaderOptions {
  graph: Pick<GraphConfig, 'loginUrl' | 'graphUrl'>;
  tenant: GraphTenantConfig;
  /** Retries of a throttled (429) or unavailable (503, 504) request, each after Graph's Retry-After. */
  maxRetries?: number;
  /** Whether to read Microsoft 365 profile skills (one batched request per 20 accounts). */
  readSkills?: boolean;
}

/**
 * A council's Entra ID directory through Microsoft Graph, with app-only credentials (client secret): `/users/delta`
 * page by page. The credential gets and renews tokens; the Graph client's retry handler waits out throttling.
 */
export function createGraphDirectoryReader({
  graph,
  tenant,
  maxRetries = 5,
  readSkills = true,
}: GraphDirectoryReaderOptions): DirectoryReader {
  const prefix = graphVariablePrefix(tenant.council);
  const credential = new ClientSecretCredential(tenant.tenantId, tenant.clientId, tenant.clientSecret, {
    authorityHost: graph.loginUrl,
    // NOTE: instance discovery asks the public cloud about the authority; sovereign clouds and test servers are
    // given directly, so it is skipped.
    disableInstanceDiscovery: true,
  });
  const scope = `${graph.graphUrl}/.default`;
  const client = Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: [scope] }),
    baseUrl: graph.graphUrl,
    defaultVersion: 'v1.0',
    // NOTE: the client adds the token only for Microsoft's own Graph hosts unless told of another.
    customHosts: new Set([new URL(graph.graphUrl).hostname]),
  });

  const refused = (message: string, cause: unknown) =>
    new ForbiddenError(
      `Entra ID refused the credentials of ${tenant.council} (tenant ${tenant.tenantId}) — ${message}: check ${prefix}_TENANT_ID, ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET`,
      { cause },
    );

  function fail(error: unknown, what: string): never {
    const { status, message } = describe(error);
    if (
      (error instanceof AuthenticationError || error instanceof AuthenticationRequiredError) &&
      (status === 400 || status === 401)
    )
      throw refused(message, error);
    if (status === 401) {
      throw new ForbiddenError(
        `Microsoft Graph refused the token of ${tenant.council} to ${what} (${message}): check that this machine's clock is right and that the app is registered in that tenant`,
        { cause: error },
      );
    }
    if (status === 403) {
      throw new ForbiddenError(
        `Microsoft Graph refused to ${what} for ${tenant.council} (${message}): grant the app the User.Read.All application permission with admin consent in that tenant`,
        { cause: error },
      );
    }
    throw new UpstreamError(`Microsoft Graph failed to ${what} for ${tenant.council}: ${message}`, { cause: error });
  }

  // NOTE: Retry-After is honoured when Graph sends it; without it the handler waits 3 s, then longer.
  const retryOptions = new RetryHandlerOptions(3, maxRetries);
  async function get(link: string | null): Promise<unknown> {
    // NOTE: larger pages mean fewer round trips; Graph may still send fewer, and next links keep the size.
    const request = link
      ? client.api(link)
      : client
          .api('/users/delta')
          .select([...userFields])
          .header('Prefer', 'odata.maxpagesize=999');
    return request.middlewareOptions([retryOptions]).get();
  }

  return {
    async verify() {
      try {
        await credential.getToken(scope);
      } catch (error) {
        const { status, message } = describe(error);
        if (
          (error instanceof AuthenticationError || error instanceof AuthenticationRequiredError) &&
          status !== undefined &&
          status >= 400 &&
          status < 500
        )
          throw refused(message, error);
        throw new UpstreamError(
          `Entra ID sign-in for ${tenant.council} failed (${message}): check MICROSOFT_LOGIN_URL and the network`,
          { cause: error },
        );
      }
    },

    async readPage(link): Promise<DirectoryPage> {
      let body: unknown;
      try {
        body = await get(link);
      } catch (error) {
        fail(error, 'list users');
      }
      const page = pageSchema.safeParse(body);
      if (!page.success)
        throw new UpstreamError(
          `Microsoft Graph sent ${tenant.council}'s users in a shape Pont does not read (${page.error.issues[0]?.message})`,
        );
      const accounts: DirectoryAccount[] = [];
      const removed: RemovedAccount[] = [];
      for (const raw of page.data.value) {
        const user = readUser(raw);
        if (user?.account) accounts.push(user.account);
        if (user?.removed) removed.push(user.removed);
      }
      return {
        accounts,
        removed,
        nextLink: page.data['@odata.nextLink'] ?? null,
        deltaLink: page.data['@odata.deltaLink'] ?? null,
      };
    },

    ...(readSkills
      ? {
          async readSkills(ids: string[]) {
            const found = new Map<string, string[]>();
            let exposed = true;
            // NOTE: Graph returns `skills` only for one user at a time; JSON batching asks for 20 in one request, and a
            // few batches go at once (Graph allows four concurrent requests a user and app before throttling harder).
            const slices: string[][] = [];
            for (let start = 0; start < ids.length; start += 20) slices.push(ids.slice(start, start + 20));
            async function readSlice(slice: string[]): Promise<void> {
              let body: unknown;
              try {
                body = await client
                  .api('/$batch')
                  .middlewareOptions([retryOptions])
                  .post({
                    requests: slice.map((id, index) => ({
                      id: String(index),
                      method: 'GET',
                      url: `/users/${encodeURIComponent(id)}?$select=id,skills`,
                    })),
                  });
              } catch (error) {
                const { status } = describe(error);
                if (status === 400 || status === 403 || status === 404 || status === 501) {
                  exposed = false;
                  return;
                }
                fail(error, 'read profile skills');
              }
              const batch = batchSchema.safeParse(body);
              if (!batch.success) {
                exposed = false;
                return;
              }
              for (const response of batch.data.responses) {
                if (response.status === 403 || response.status === 400 || response.status === 501) exposed = false;
                const id = slice[Number(response.id)];
                const skills = skillsSchema.safeParse(response.body);
                if (id && response.status === 200 && skills.success) found.set(id, skills.data.skills ?? []);
              }
            }
            let next = 0;
            const worker = async () => {
              while (exposed && next < slices.length) await readSlice(slices[next++]!);
            };
            await Promise.all([worker(), worker(), worker(), worker()]);
            return exposed ? found : null;
          },
        }
      : {}),
  };
}
