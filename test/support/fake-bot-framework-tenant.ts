import { constants, createPublicKey, randomBytes, verify, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeBotFrameworkKeys, type FakeBotFrameworkKeys } from './fake-bot-framework-keys.ts';
import { startFakeConnector, type FakeConnector } from './fake-connector.ts';

const certificates = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/graph');

export interface FakeBotFrameworkTenant {
  tenantId: string;
  appId: string;
  secret: string;
  /** Bot Framework's signing keys as this tenant's registration sees them (its own OpenID metadata and JWKS). */
  keys: FakeBotFrameworkKeys;
  /** The Teams connector of this tenant: accepts only tokens the tenant's Entra ID issued to its bot. */
  connector: FakeConnector;
  /** https://127.0.0.1:PORT, this tenant's Entra ID sign-in host (MICROSOFT_APP_<N>_BOT_LOGIN_URL). */
  loginUrl: string;
  /** Token requests refused, with Entra ID's error code (wrong secret, wrong scope, unknown app). */
  loginRefusals: string[];
  /** How many bot tokens were issued. */
  tokensIssued(): number;
  /** The settings of this tenant's bot registration, numbered `index`. */
  environment(index: number, council: string): Record<string, string>;
  /** An Authorization header as Bot Framework sends with this tenant's activities (audience: its app id). */
  authorization(claims?: Record<string, unknown>): { authorization: string };
  close(): Promise<void>;
}

/**
 * One Microsoft 365 tenant with Pont's bot registered in it, on 127.0.0.1: the Bot Framework signing keys its
 * registration trusts, an Entra ID that issues the bot client-credential tokens (over https with the test
 * certificate, as MSAL insists), and a Teams connector that accepts nothing but those tokens.
 */
/**
 * Whether `assertion` is a client assertion (a JWT, RS256 or PS256) signed with the private key of `certificate`,
 * naming `appId` as issuer and subject and `audience` (the token endpoint), and not expired.
 */
function validAssertion(assertion: string, certificate: X509Certificate, appId: string, audience: string): boolean {
  const [header, payload, signature] = assertion.split('.');
  if (!header || !payload || !signature) return false;
  const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string };
  const key = createPublicKey(certificate.publicKey.export({ format: 'pem', type: 'spki' }));
  const signed = Buffer.from(`${header}.${payload}`);
  const ok =
    alg === 'PS256'
      ? verify(
          'sha256',
          signed,
          { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
          Buffer.from(signature, 'base64url'),
        )
      : alg === 'RS256' && verify('sha256', signed, key, Buffer.from(signature, 'base64url'));
  if (!ok) return false;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
    iss?: string;
    sub?: string;
    aud?: string;
    exp?: number;
  };
  return (
    claims.iss === appId && claims.sub === appId && claims.aud === audience && (claims.exp ?? 0) * 1000 > Date.now()
  );
}

export async function startFakeBotFrameworkTenant(options: {
  tenantId: string;
  appId: string;
  latencyMs?: number;
  /** The bot signs in with this certificate (a PEM file with the certificate and its key) instead of a secret. */
  certificateFile?: string;
  /**
   * A sovereign cloud's Bot Framework: the issuer its channel tokens carry and the audience the bot must ask Entra ID
   * for (both https://api.botframework.us in US Government clouds). Given, they are in `environment`.
   */
  cloud?: { tokenIssuer: string; oauthScope: string };
}): Promise<FakeBotFrameworkTenant> {
  const scope = `${options.cloud?.oauthScope ?? 'https://api.botframework.com'}/.default`;
  const certificate = options.certificateFile ? new X509Certificate(fs.readFileSync(options.certificateFile)) : null;
  const secret = randomBytes(16).toString('hex');
  const issued = new Set<string>();
  const loginRefusals: string[] = [];
  let base = '';
  const keys = await startFakeBotFrameworkKeys(options.cloud ? { issuer: options.cloud.tokenIssuer } : {});
  const connector = await startFakeConnector({
    latencyMs: options.latencyMs ?? 10,
    authorize: (authorization) => issued.has(/^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? ''),
  });
  const reply = (response: import('node:http').ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const refuse = (response: import('node:http').ServerResponse, status: number, code: string, description: string) => {
    loginRefusals.push(code);
    reply(response, status, { error: code, error_description: description });
  };
  const server = https.createServer(
    {
      key: fs.readFileSync(path.join(certificates, 'localhost-key.pem')),
      cert: fs.readFileSync(path.join(certificates, 'localhost-cert.pem')),
    },
    (request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', base);
        const tenant = /^\/([^/]+)\//.exec(url.pathname)?.[1];
        if (tenant !== options.tenantId)
          return refuse(response, 400, 'invalid_tenant', `AADSTS90002: Tenant '${tenant}' not found.`);
        if (url.pathname === `/${tenant}/v2.0/.well-known/openid-configuration`) {
          return reply(response, 200, {
            token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
            authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
            end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
            jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
            issuer: `${base}/${tenant}/v2.0`,
            response_types_supported: ['code', 'id_token', 'token'],
          });
        }
        if (url.pathname !== `/${tenant}/oauth2/v2.0/token` || request.method !== 'POST')
          return reply(response, 404, { error: 'not_found' });
        const form = new URLSearchParams(body);
        if (form.get('grant_type') !== 'client_credentials')
          return refuse(response, 400, 'unsupported_grant_type', 'AADSTS70003: only client credentials here');
        if (form.get('client_id') !== options.appId)
          return refuse(
            response,
            400,
            'unauthorized_client',
            `AADSTS700016: Application with identifier '${form.get('client_id')}' was not found in the directory.`,
          );
        if (certificate) {
          const assertion = form.get('client_assertion') ?? '';
          if (
            form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' ||
            !validAssertion(assertion, certificate, options.appId, `${base}/${tenant}/oauth2/v2.0/token`)
          ) {
            return refuse(
              response,
              401,
              'invalid_client',
              'AADSTS700027: Client assertion failed signature validation.',
            );
          }
        } else if (form.get('client_secret') !== secret)
          return refuse(response, 401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
        if (form.get('scope') !== scope)
          return refuse(
            response,
            400,
            'invalid_scope',
            `AADSTS1002012: The provided value for scope ${form.get('scope')} is not valid.`,
          );
        const token = `bot-${options.tenantId}-${randomBytes(8).toString('hex')}`;
        issued.add(token);
        reply(response, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    tenantId: options.tenantId,
    appId: options.appId,
    secret,
    keys,
    connector,
    loginUrl: base,
    loginRefusals,
    tokensIssued: () => issued.size,
    environment: (index, council) => ({
      [`MICROSOFT_APP_${index}_ID`]: options.appId,
      ...(options.certificateFile
        ? { [`MICROSOFT_APP_${index}_CERTIFICATE_FILE`]: options.certificateFile }
        : { [`MICROSOFT_APP_${index}_PASSWORD`]: secret }),
      [`MICROSOFT_APP_${index}_TENANT_ID`]: options.tenantId,
      [`MICROSOFT_APP_${index}_COUNCIL`]: council,
      [`MICROSOFT_APP_${index}_BOT_LOGIN_URL`]: base,
      [`MICROSOFT_APP_${index}_BOT_OPENID_METADATA`]: keys.metadataUrl,
      ...(options.cloud
        ? {
            [`MICROSOFT_APP_${index}_BOT_TOKEN_ISSUER`]: options.cloud.tokenIssuer,
            [`MICROSOFT_APP_${index}_BOT_OAUTH_SCOPE`]: options.cloud.oauthScope,
          }
        : {}),
    }),
    authorization: (claims = {}) => ({
      authorization: `Bearer ${keys.token({ aud: options.appId, serviceurl: connector.url, ...claims })}`,
    }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connector.close();
      await keys.close();
    },
  };
}
