import type { Activity, TurnContext } from 'botbuilder';
import type { Request } from 'express';
import { isLoopbackAddress, isLoopbackHost } from '../web/index.ts';
import type { BotRegistration, BotRegistrations } from './registrations.ts';
import type { TeamsStore } from './teams-store.ts';

/** Headers a reverse proxy adds; an anonymous activity carrying any of them did not come from this computer. */
const proxyHeaders = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'x-client-ip',
  'via',
];

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

/** The claims botbuilder found in a valid token (its ClaimsIdentity). */
export interface TokenClaims {
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
export function createServiceUrlTrust(
  registrations: Pick<BotRegistrations, 'signed' | 'describe'>,
  store: Pick<TeamsStore, 'proveServiceUrl' | 'isProvenServiceUrl'>,
) {
  // NOTE: a proof is written once an hour per address, not on every activity: the write is in the acknowledgement's path.
  const provenHere = new Map<string, number>();
  const provingNow = new Map<string, Promise<void>>();
  const proofRefreshMs = 60 * 60_000;
  return {
    /**
     * Decides, after `registration` checked the token (whose claims are `identity`) and before any handler runs,
     * whether this activity may be acted on: it must come from the registration's tenant and name the service URL
     * its token was issued for.
     */
    async admit(
      activity: Activity,
      identity: TokenClaims | undefined,
      registration: Pick<BotRegistration, 'tenantId'>,
    ): Promise<Admission> {
      if (!registrations.signed) {
        return isLoopbackServiceUrl(activity.serviceUrl)
          ? { admitted: true }
          : {
              admitted: false,
              reason: 'an unsigned activity named a serviceUrl off this computer',
              log: { serviceUrl: activity.serviceUrl },
            };
      }
      const tenant = activityTenant(activity);
      const channelTenant = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
      if (typeof channelTenant === 'string' && tenant && channelTenant.toLowerCase() !== tenant.toLowerCase()) {
        return {
          admitted: false,
          reason: `the activity names two tenants (${tenant} and ${channelTenant})`,
          log: { tenant, channelTenant },
        };
      }
      if (!tenant || tenant.toLowerCase() !== registration.tenantId?.toLowerCase()) {
        return {
          admitted: false,
          reason: `the activity came from tenant ${tenant ?? '(none)'}, which is not a tenant Pont is registered in (${registrations.describe()})`,
          log: { tenant, expectedTenant: registration.tenantId },
        };
      }
      const claimed = identity?.getClaimValue('serviceurl') ?? null;
      if (!claimed || claimed !== activity.serviceUrl) {
        return {
          admitted: false,
          reason: "the token does not prove the activity's serviceUrl",
          log: { serviceUrl: activity.serviceUrl },
        };
      }
      const lastProven = provenHere.get(activity.serviceUrl);
      if (lastProven === undefined || Date.now() - lastProven > proofRefreshMs) {
        // NOTE: the activities of a burst that arrive while the proof is being written wait for that one write.
        let proving = provingNow.get(activity.serviceUrl);
        if (!proving) {
          const serviceUrl = activity.serviceUrl;
          proving = store.proveServiceUrl(serviceUrl).then(() => void provenHere.set(serviceUrl, Date.now()));
          provingNow.set(serviceUrl, proving);
          void proving.then(
            () => provingNow.delete(serviceUrl),
            () => provingNow.delete(serviceUrl),
          );
        }
        await proving;
      }
      return { admitted: true };
    },

    /** Whether Pont may send to (or look members up at) `serviceUrl`. */
    async trusted(serviceUrl: string | undefined): Promise<boolean> {
      if (!serviceUrl) return false;
      if (!registrations.signed) return isLoopbackServiceUrl(serviceUrl);
      return store.isProvenServiceUrl(serviceUrl);
    },
  };
}

export type ServiceUrlTrust = ReturnType<typeof createServiceUrlTrust>;
