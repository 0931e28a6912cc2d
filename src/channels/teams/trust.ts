import type { TurnContext } from 'botbuilder';
import type { Request } from 'express';
import type { Config } from '../../config.ts';
import { isLoopbackAddress, isLoopbackHost } from '../web/access.ts';
import type { TeamsStore } from './teams-store.ts';

/** Headers a reverse proxy adds; an anonymous activity carrying any of them did not come from this computer. */
const proxyHeaders = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'x-client-ip', 'via'];

/** Why an anonymous request to /api/messages is refused, or null when it may in (local development only). */
export function anonymousRefusal(request: Request): string | null {
  if (!isLoopbackAddress(request.socket?.remoteAddress)) return 'it came from another computer';
  const forwarded = proxyHeaders.find((name) => request.get(name) !== undefined);
  if (forwarded) return `it came through a proxy (${forwarded} header)`;
  return null;
}

/** Whether a Bot Framework service URL points at this computer (the Emulator or a local test connector). */
export function isLoopbackServiceUrl(serviceUrl: string | undefined): boolean {
  if (!serviceUrl || !URL.canParse(serviceUrl)) return false;
  const url = new URL(serviceUrl);
  return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.host);
}

/** The claims botbuilder found in a valid token (its ClaimsIdentity, kept in the turn state). */
interface TokenClaims {
  getClaimValue(claimType: string): string | null;
}

/** What the admission check decided about an activity that passed the token check. */
export type Admission = { admitted: true } | { admitted: false; reason: string; log: Record<string, unknown> };

/** The tenant an activity says it comes from. */
export function activityTenant(activity: TurnContext['activity']): string | null {
  const channelTenant = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return activity.conversation?.tenantId ?? (typeof channelTenant === 'string' ? channelTenant : null);
}

/**
 * Which Bot Framework service URLs Pont talks to. With credentials, a service URL is proven by a signed channel
 * token whose `serviceurl` claim names it, and the proof is kept in the database for every replica; without
 * them (loopback only), only a service URL on this computer is used. Nothing is looked up at, stored for, sent
 * or replied to any other address.
 */
export function createServiceUrlTrust(config: Config, store: Pick<TeamsStore, 'proveServiceUrl' | 'isProvenServiceUrl'>, identityKey: symbol) {
  return {
    /** Decides, after the token check and before any handler runs, whether this activity may be acted on. */
    async admit(context: TurnContext): Promise<Admission> {
      const activity = context.activity;
      if (config.teams.auth !== 'single-tenant') {
        return isLoopbackServiceUrl(activity.serviceUrl)
          ? { admitted: true }
          : { admitted: false, reason: 'an unsigned activity named a serviceUrl off this computer', log: { serviceUrl: activity.serviceUrl } };
      }
      const tenant = activityTenant(activity);
      if (tenant !== config.teams.tenantId) {
        return {
          admitted: false,
          reason: `the activity came from tenant ${tenant ?? '(none)'}, not MICROSOFT_APP_TENANT_ID ${config.teams.tenantId}`,
          log: { tenant, expectedTenant: config.teams.tenantId },
        };
      }
      const identity = context.turnState.get<TokenClaims | undefined>(identityKey);
      const claimed = identity?.getClaimValue('serviceurl') ?? null;
      if (!claimed || claimed !== activity.serviceUrl) {
        return { admitted: false, reason: 'the token does not prove the activity\'s serviceUrl', log: { serviceUrl: activity.serviceUrl } };
      }
      await store.proveServiceUrl(activity.serviceUrl);
      return { admitted: true };
    },

    /** Whether Pont may send to (or look members up at) `serviceUrl`. */
    async trusted(serviceUrl: string | undefined): Promise<boolean> {
      if (!serviceUrl) return false;
      if (config.teams.auth !== 'single-tenant') return isLoopbackServiceUrl(serviceUrl);
      return store.isProvenServiceUrl(serviceUrl);
    },
  };
}

export type ServiceUrlTrust = ReturnType<typeof createServiceUrlTrust>;
