import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';

// Bot registrations from the environment: one as always, or one per tenant, numbered; each mistake is one message
// naming the setting to fix.

const base = { LOG_LEVEL: 'silent', PONT_DATA_DIR: 'memory://' };
const torfaen = {
  MICROSOFT_APP_1_ID: '0f3a8c21-5b7d-4e9f-8a12-6c4d2e1b0a01',
  MICROSOFT_APP_1_PASSWORD: 's1',
  MICROSOFT_APP_1_TENANT_ID: 'tenant-torfaen',
  MICROSOFT_APP_1_COUNCIL: 'torfaen',
};
const blaenauGwent = {
  MICROSOFT_APP_2_ID: '9a7e4d12-3c6b-4a85-9f01-2e8b6d4c3f02',
  MICROSOFT_APP_2_PASSWORD: 's2',
  MICROSOFT_APP_2_TENANT_ID: 'tenant-bg',
  MICROSOFT_APP_2_COUNCIL: 'blaenau-gwent',
};

const registrations = (environment: Record<string, string>) => {
  const teams = loadConfig({ ...base, ...environment }).teams;
  return teams.auth === 'single-tenant' ? teams.registrations : teams.auth;
};

describe('Teams bot registrations', () => {
  it('reads a single registration exactly as before, for a tenant both councils share', () => {
    expect(
      registrations({
        MICROSOFT_APP_ID: 'CD59CF47-aca1-41e0-8441-387faee8331e',
        MICROSOFT_APP_PASSWORD: 'secret',
        MICROSOFT_APP_TENANT_ID: 'shared-tenant',
      }),
    ).toEqual([
      {
        name: 'MICROSOFT_APP',
        council: undefined,
        appId: 'cd59cf47-aca1-41e0-8441-387faee8331e',
        tenantId: 'shared-tenant',
        credential: { kind: 'secret', secret: 'secret' },
        loginUrl: 'https://login.microsoftonline.com',
        openIdMetadataUrl: undefined,
        tokenIssuer: 'https://api.botframework.com',
        oauthScope: 'https://api.botframework.com',
      },
    ]);
    expect(registrations({})).toBe('anonymous');
  });

  it('reads one registration per tenant, each with its own council, sign-in host and signing-key metadata', () => {
    const found = registrations({
      ...torfaen,
      ...blaenauGwent,
      MICROSOFT_BOT_OPENID_METADATA: 'https://keys.example/v1/.well-known/openidconfiguration',
      MICROSOFT_APP_2_BOT_LOGIN_URL: 'https://login.microsoftonline.us/',
      MICROSOFT_APP_2_BOT_OPENID_METADATA: 'https://keys.example.us/v1/.well-known/openidconfiguration',
      MICROSOFT_APP_2_BOT_TOKEN_ISSUER: 'https://api.botframework.us',
      MICROSOFT_APP_2_BOT_OAUTH_SCOPE: 'https://api.botframework.us/',
    });
    expect(found).toMatchObject([
      {
        name: 'MICROSOFT_APP_1',
        council: 'torfaen',
        tenantId: 'tenant-torfaen',
        loginUrl: 'https://login.microsoftonline.com',
        openIdMetadataUrl: 'https://keys.example/v1/.well-known/openidconfiguration',
        tokenIssuer: 'https://api.botframework.com',
        oauthScope: 'https://api.botframework.com',
      },
      {
        name: 'MICROSOFT_APP_2',
        council: 'blaenau-gwent',
        tenantId: 'tenant-bg',
        loginUrl: 'https://login.microsoftonline.us',
        openIdMetadataUrl: 'https://keys.example.us/v1/.well-known/openidconfiguration',
        tokenIssuer: 'https://api.botframework.us',
        oauthScope: 'https://api.botframework.us',
      },
    ]);
  });

  it('takes a certificate and its private key from one PEM file instead of a secret', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-bot-cert-'));
    try {
      const file = path.join(dir, 'bot.pem');
      fs.writeFileSync(
        file,
        fs.readFileSync('test/fixtures/graph/localhost-key.pem', 'utf8') +
          fs.readFileSync('test/fixtures/graph/localhost-cert.pem', 'utf8'),
      );
      const { MICROSOFT_APP_1_PASSWORD: _secret, ...withoutSecret } = torfaen;
      expect(registrations({ ...withoutSecret, MICROSOFT_APP_1_CERTIFICATE_FILE: file })).toMatchObject([
        { credential: { kind: 'certificate', file } },
      ]);
      const keyOnly = path.join(dir, 'key.pem');
      fs.copyFileSync('test/fixtures/graph/localhost-key.pem', keyOnly);
      expect(() => registrations({ ...withoutSecret, MICROSOFT_APP_1_CERTIFICATE_FILE: keyOnly })).toThrow(
        `MICROSOFT_APP_1_CERTIFICATE_FILE=${keyOnly} holds no certificate`,
      );
      expect(() =>
        registrations({ ...withoutSecret, MICROSOFT_APP_1_CERTIFICATE_FILE: path.join(dir, 'absent.pem') }),
      ).toThrow('cannot be read');
      expect(() => registrations({ ...torfaen, MICROSOFT_APP_1_CERTIFICATE_FILE: file })).toThrow(
        'MICROSOFT_APP_1_PASSWORD and MICROSOFT_APP_1_CERTIFICATE_FILE are both set: give one of the two',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [
      { ...torfaen, MICROSOFT_APP_1_COUNCIL: '' },
      'MICROSOFT_APP_1_COUNCIL is empty: say whose tenant tenant-torfaen is, one of blaenau-gwent, torfaen',
    ],
    [
      { ...torfaen, MICROSOFT_APP_1_COUNCIL: 'monmouthshire' },
      'MICROSOFT_APP_1_COUNCIL names no configured council: use one of blaenau-gwent, torfaen',
    ],
    [{ ...torfaen, MICROSOFT_APP_1_PASSWORD: '' }, 'MICROSOFT_APP_1_ID is set but MICROSOFT_APP_1_PASSWORD is empty'],
    [{ ...torfaen, MICROSOFT_APP_1_TENANT_ID: '' }, 'MICROSOFT_APP_1_TENANT_ID is empty'],
    [{ ...torfaen, MICROSOFT_APP_1_SECRET: 'x' }, 'MICROSOFT_APP_1_SECRET is not a setting Pont reads'],
    [
      { ...torfaen, ...blaenauGwent, MICROSOFT_APP_2_TENANT_ID: 'tenant-torfaen' },
      'MICROSOFT_APP_2_TENANT_ID and MICROSOFT_APP_1_TENANT_ID are both tenant-torfaen',
    ],
    [
      { ...torfaen, ...blaenauGwent, MICROSOFT_APP_2_COUNCIL: 'torfaen' },
      'MICROSOFT_APP_2_COUNCIL and MICROSOFT_APP_1_COUNCIL are both torfaen',
    ],
    [
      { ...torfaen, MICROSOFT_APP_1_BOT_LOGIN_URL: 'http://login.example' },
      'MICROSOFT_APP_1_BOT_LOGIN_URL must be an https:// address',
    ],
    [{ ...torfaen, MICROSOFT_BOT_LOGIN_URL: 'login' }, 'MICROSOFT_BOT_LOGIN_URL must be an https:// address'],
    [
      { MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'p' },
      'MICROSOFT_APP_ID is set but MICROSOFT_APP_TENANT_ID is empty',
    ],
  ])('refuses %j with one message naming the setting', (environment, message) => {
    expect(() => registrations(environment)).toThrow(message);
  });
});
