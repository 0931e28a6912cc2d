import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type http from 'node:http';
import express from 'express';

export interface FakeBotFrameworkKeys {
  /** The OpenID metadata address to give as MICROSOFT_BOT_OPENID_METADATA. */
  metadataUrl: string;
  /** A channel token as Bot Framework signs it (RS256, published key), with `claims` over the defaults. */
  token(claims: Record<string, unknown>): string;
  /** A token of the same shape signed with a key that was never published (a forgery). */
  forged(claims: Record<string, unknown>): string;
  close(): Promise<void>;
}

function signed(key: KeyObject, kid: string, issuer: string, claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid })).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ iss: issuer, nbf: now - 60, exp: now + 3600, ...claims })).toString(
    'base64url',
  );
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), key).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/**
 * A local stand-in for Bot Framework's token signing: OpenID metadata and a key set on 127.0.0.1 (the key is
 * endorsed for msteams, as Bot Framework's are), and tokens signed with that key. `issuer` is the cloud's token
 * issuer (the public cloud's unless given, e.g. https://api.botframework.us for a US Government cloud).
 */
export async function startFakeBotFrameworkKeys(options: { issuer?: string } = {}): Promise<FakeBotFrameworkKeys> {
  const issuer = options.issuer ?? 'https://api.botframework.com';
  const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const unpublished = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = published.publicKey.export({ format: 'jwk' });
  const app = express();
  let base = '';
  app.get('/v1/.well-known/openidconfiguration', (_request, response) => {
    response.json({
      issuer,
      jwks_uri: `${base}/v1/.well-known/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });
  app.get('/v1/.well-known/keys', (_request, response) => {
    response.json({
      keys: [{ kty: 'RSA', use: 'sig', kid: 'pont-test-key', n: jwk.n, e: jwk.e, endorsements: ['msteams'] }],
    });
  });
  const server: http.Server = await new Promise((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    metadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    token: (claims) => signed(published.privateKey, 'pont-test-key', issuer, claims),
    forged: (claims) => signed(unpublished.privateKey, 'pont-test-key', issuer, claims),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
