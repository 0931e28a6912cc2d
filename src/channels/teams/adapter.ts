import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import type { Config } from '../../config.ts';

/** TeamsAdapter with its token check and turn exposed, so the route decides status codes and logs through pino. */
export class PontTeamsAdapter extends TeamsAdapter {
  /** Validates `authorization` (unless auth is off) and runs `logic`; throws an error with statusCode 401 on a bad token. */
  handleActivity(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

/**
 * The Bot Framework adapter (botbuilder's CloudAdapter with ConfigurationBotFrameworkAuthentication).
 * Single-tenant credentials make it validate every incoming token and sign outgoing calls; without them it
 * accepts anonymous requests, which is only for local development.
 */
export function createTeamsAdapter(config: Config): PontTeamsAdapter {
  if (config.teams.auth !== 'single-tenant') return new PontTeamsAdapter({});
  return new PontTeamsAdapter({
    MicrosoftAppId: config.teams.appId,
    MicrosoftAppPassword: config.teams.appPassword,
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: config.teams.tenantId,
    // NOTE: sovereign clouds and tests point the channel's signing-key metadata elsewhere. Once one endpoint is
    // given, botbuilder takes none of its public-cloud defaults, so the rest are spelt out (its own values).
    ...(config.teams.openIdMetadataUrl
      ? {
          ToBotFromChannelOpenIdMetadataUrl: config.teams.openIdMetadataUrl,
          ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
          ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
          ToChannelFromBotOAuthScope: 'https://api.botframework.com',
          OAuthUrl: 'https://api.botframework.com',
          ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
          CallerId: 'urn:botframework:azure',
          ValidateAuthority: true,
        }
      : {}),
  });
}

/** The one start-up warning when Teams runs without authentication, or null when it is on. */
export function teamsAuthWarning(config: Config): string | null {
  return config.teams.auth === 'anonymous'
    ? 'Teams: MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID are not set, so /api/messages accepts unsigned requests from this computer only (local development)'
    : null;
}
