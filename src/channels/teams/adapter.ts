import fs from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { ConfidentialClientApplication, type NodeAuthOptions } from '@azure/msal-node';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import { MsalServiceClientCredentialsFactory, type AuthenticateRequestResult } from 'botframework-connector';
import type { Config } from '../../config.ts';
import type { TeamsRegistration } from './registrations-config.ts';

/** How long an accepted token is taken again without a new signature check, at most (never past its expiry). */
const acceptedTokenMs = 10 * 60_000;
/** Accepted tokens remembered at most; the oldest is forgotten first. */
const acceptedTokensKept = 2_000;

/** TeamsAdapter with its token check and turn exposed, so the route decides status codes and logs through pino. */
export class PontTeamsAdapter extends TeamsAdapter {
  private readonly accepted = new Map<string, { result: Promise<AuthenticateRequestResult>; until: number }>();

  /**
   * The Bot Framework token check alone, without a turn: resolves with the token's claims, or throws (statusCode 401
   * for a bad token). Signing keys come from botbuilder's cache of the OpenID metadata, fetched again only when a
   * token names a key it does not know or after days.
   *
   * Bot Framework sends the same token with every activity for as long as it is valid (about an hour), so a token
   * accepted for a service URL and channel is taken again for those, without a new check, until it expires or for ten
   * minutes at most; deliveries that arrive together with the same token share one check. A refused token is never
   * remembered, and a token accepted for one service URL is checked afresh for any other (where it is refused).
   */
  authenticate(authorization: string, activity: Activity): Promise<AuthenticateRequestResult> {
    if (!authorization) return this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
    const key = `${activity.channelId}\n${activity.serviceUrl}\n${authorization}`;
    const now = Date.now();
    const known = this.accepted.get(key);
    if (known && known.until > now) return known.result;
    if (known) this.accepted.delete(key);
    const result = this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
    const entry = { result, until: now + acceptedTokenMs };
    if (this.accepted.size >= acceptedTokensKept) this.accepted.delete(this.accepted.keys().next().value!);
    this.accepted.set(key, entry);
    result.then(
      (accepted) => {
        const expires = Number(accepted.claimsIdentity?.getClaimValue('exp'));
        entry.until = Math.min(entry.until, Number.isFinite(expires) ? expires * 1000 : now);
      },
      () => {
        if (this.accepted.get(key) === entry) this.accepted.delete(key);
      },
    );
    return result;
  }

  /** Runs `logic` in a turn for an activity whose token `authenticate` accepted (or checks `authorization` first). */
  handleActivity(
    authorization: string | AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return typeof authorization === 'string'
      ? this.processActivity(authorization, activity, logic)
      : this.processActivity(authorization, activity, logic);
  }
}

/** The client credential MSAL presents for a registration: its secret, or its certificate and private key. */
function clientCredential(
  registration: TeamsRegistration,
): Pick<NodeAuthOptions, 'clientSecret' | 'clientCertificate'> {
  if (registration.credential.kind === 'secret') return { clientSecret: registration.credential.secret };
  const pem = fs.readFileSync(registration.credential.file, 'utf8');
  const certificate = new X509Certificate(pem);
  const privateKey = /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+?-----END (RSA )?PRIVATE KEY-----/.exec(pem)![0];
  return {
    clientCertificate: {
      thumbprintSha256: certificate.fingerprint256.replaceAll(':', ''),
      privateKey,
      x5c: certificate.toString(),
    },
  };
}

/**
 * The Bot Framework adapter of one registration (botbuilder's CloudAdapter with ConfigurationBotFrameworkAuthentication):
 * it accepts only tokens Bot Framework signed for this registration's app id, and signs what it sends with a token
 * from the registration's own tenant. Without a registration it accepts anonymous requests (local development only).
 */
export function createTeamsAdapter(registration: TeamsRegistration | null): PontTeamsAdapter {
  if (!registration) return new PontTeamsAdapter({});
  const authority = `${registration.loginUrl}/${registration.tenantId}`;
  // NOTE: MSAL asks Microsoft which sign-in hosts are genuine unless told; the configured host is trusted as given,
  // so a sovereign cloud or a local test server is used without a call to the public cloud.
  const client = new ConfidentialClientApplication({
    auth: {
      clientId: registration.appId,
      authority,
      knownAuthorities: [new URL(registration.loginUrl).host],
      ...clientCredential(registration),
    },
  });
  return new PontTeamsAdapter(
    {
      MicrosoftAppId: registration.appId,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: registration.tenantId,
      // NOTE: once one endpoint is given, botbuilder takes none of its public-cloud defaults, so all are spelt out
      // (its own values, but for this registration's signing-key metadata, token issuer, sign-in authority and
      // connector audience, which differ in sovereign clouds).
      ToBotFromChannelOpenIdMetadataUrl:
        registration.openIdMetadataUrl ?? 'https://login.botframework.com/v1/.well-known/openidconfiguration',
      ToBotFromChannelTokenIssuer: registration.tokenIssuer,
      ToChannelFromBotLoginUrl: authority,
      ToChannelFromBotOAuthScope: registration.oauthScope,
      OAuthUrl: 'https://api.botframework.com',
      ToBotFromEmulatorOpenIdMetadataUrl:
        'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
      CallerId: 'urn:botframework:azure',
      ValidateAuthority: true,
    },
    new MsalServiceClientCredentialsFactory(registration.appId, client),
  );
}

/** The one start-up warning when Teams runs without authentication, or null when it is on. */
export function teamsAuthWarning(config: Config): string | null {
  return config.teams.auth === 'anonymous'
    ? 'Teams: MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID are not set, so /api/messages accepts unsigned requests from this computer only (local development)'
    : null;
}
