import type { ConversationReference } from 'botbuilder';
import type { Config } from '../../config.ts';
import { createTeamsAdapter, type PontTeamsAdapter } from './adapter.ts';
import type { TeamsRegistration } from './registrations-config.ts';

/** A bot registration at run time: its app id, tenant, council and the adapter that speaks for it. */
export interface BotRegistration {
  /** Empty without Bot Framework auth (local development). */
  appId: string;
  /** Null without Bot Framework auth: the one anonymous adapter serves whatever tenant an activity names. */
  tenantId: string | null;
  council: string | undefined;
  /** The setting the tenant id came from, for messages (MICROSOFT_APP_TENANT_ID, MICROSOFT_APP_2_TENANT_ID). */
  setting: string | null;
  adapter: PontTeamsAdapter;
}

/** The tenant a conversation reference belongs to (Pont keeps it in every reference it stores). */
export function referenceTenant(reference: Partial<ConversationReference> | null | undefined): string | null {
  const tenant = (reference?.conversation as { tenantId?: unknown } | undefined)?.tenantId;
  return typeof tenant === 'string' && tenant ? tenant : null;
}

/**
 * Pont's bot registrations, one per tenant: an incoming activity is checked by the registration of its tenant,
 * and everything Pont sends to someone goes out through the registration of that person's tenant.
 */
export function createBotRegistrations(config: Config) {
  const configured: TeamsRegistration[] = config.teams.auth === 'single-tenant' ? config.teams.registrations : [];
  const all: BotRegistration[] =
    configured.length === 0
      ? [{ appId: '', tenantId: null, council: undefined, setting: null, adapter: createTeamsAdapter(null) }]
      : configured.map((registration) => ({
          appId: registration.appId,
          tenantId: registration.tenantId,
          council: registration.council,
          setting: `${registration.name}_TENANT_ID`,
          adapter: createTeamsAdapter(registration),
        }));
  const anonymous = configured.length === 0;

  return {
    all,
    /** Whether tokens are checked (credentials are configured). */
    signed: !anonymous,
    /** The registration serving `tenantId`, or null when none does (the activity is refused). */
    forTenant(tenantId: string | null | undefined): BotRegistration | null {
      if (anonymous) return all[0]!;
      if (!tenantId) return null;
      return all.find((registration) => registration.tenantId!.toLowerCase() === tenantId.toLowerCase()) ?? null;
    },
    /** The registration that may speak in a stored conversation (by the tenant kept with it). */
    forReference(
      reference: Partial<ConversationReference> | null | undefined,
      tenantId?: string | null,
    ): BotRegistration | null {
      return this.forTenant(referenceTenant(reference) ?? tenantId ?? null);
    },
    /** The council whose tenant `tenantId` is, when a registration says so. */
    councilOfTenant(tenantId: string | null | undefined): string | undefined {
      return anonymous ? undefined : (this.forTenant(tenantId)?.council ?? undefined);
    },
    /** The tenants served, as settings, for log lines: "MICROSOFT_APP_TENANT_ID=… (torfaen)". */
    describe(): string {
      return all
        .map(
          (registration) =>
            `${registration.setting}=${registration.tenantId}${registration.council ? ` (${registration.council})` : ''}`,
        )
        .join(', ');
    },
  };
}

export type BotRegistrations = ReturnType<typeof createBotRegistrations>;
