import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { ConfigurationError } from '../src/errors.ts';

describe('configuration', () => {
  it('runs on embedded defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3978);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.openai.provider).toBe('none');
    expect(config.slack).toBeUndefined();
    expect(config.teams.auth).toBe('anonymous');
    // Sized for a model's latency: most of an answer's time is spent waiting for it.
    expect(config.workers).toBe(64);
    expect(config.workLeaseMs).toBe(30_000);
  });

  it('reads how many chat deliveries to work on at once', () => {
    expect(loadConfig({ PONT_WORKERS: '100' }).workers).toBe(100);
    expect(loadConfig({ PONT_WORKERS: '' }).workers).toBe(64);
    expect(loadConfig({}).databaseConnections).toBe(10);
    expect(loadConfig({ PONT_DATABASE_CONNECTIONS: '24' }).databaseConnections).toBe(24);
    expect(loadConfig({}).sourcesTimeoutMs).toBe(30_000);
    expect(loadConfig({ PONT_SOURCES_TIMEOUT_SECONDS: '2.5' }).sourcesTimeoutMs).toBe(2_500);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres/],
    [{ OPENAI_API_KEY: 'sk-1' }, /OPENAI_API_KEY is set but OPENAI_MODEL is empty: set OPENAI_MODEL=/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_BOT_TOKEN is set but SLACK_SIGNING_SECRET is empty/],
    [{ MICROSOFT_APP_ID: 'id' }, /MICROSOFT_APP_PASSWORD is empty/],
    [{ PONT_ADMINS: 'not-an-email' }, /PONT_ADMINS/],
    [{ PONT_HOST: '0.0.0.0' }, /PONT_ADMIN_TOKEN/],
    [{ PONT_WORKERS: 'many' }, /PONT_WORKERS must be a number/],
    [{ PONT_WORKERS: '0' }, /PONT_WORKERS must be 1-1000/],
    [{ PONT_WORKERS: '2.5' }, /PONT_WORKERS must be a whole number/],
    [{ PONT_WORK_LEASE_SECONDS: '1' }, /PONT_WORK_LEASE_SECONDS must be 2-600 seconds/],
    [{ PONT_DATABASE_CONNECTIONS: '1' }, /PONT_DATABASE_CONNECTIONS must be 2-200/],
    [{ PONT_DATABASE_CONNECTIONS: 'lots' }, /PONT_DATABASE_CONNECTIONS must be a number/],
    [{ PONT_SOURCES_TIMEOUT_SECONDS: '0' }, /PONT_SOURCES_TIMEOUT_SECONDS must be 1-600 seconds/],
    [{ PONT_SOURCES_TIMEOUT_SECONDS: 'slow' }, /PONT_SOURCES_TIMEOUT_SECONDS must be a number of seconds/],
  ])('stops on %o with a message naming the setting', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(ConfigurationError);
    expect(() => loadConfig(environment)).toThrow(message);
  });

  it('reads the admins as lower-case emails', () => {
    expect(loadConfig({ PONT_ADMINS: 'A@torfaen.gov.uk, b@blaenau-gwent.gov.uk' }).admins).toEqual([
      'a@torfaen.gov.uk',
      'b@blaenau-gwent.gov.uk',
    ]);
  });

  it('reads Graph credentials per council and the Entra ID and Graph addresses', () => {
    const graph = loadConfig({
      PONT_GRAPH_BLAENAU_GWENT_TENANT_ID: 'bg.onmicrosoft.com',
      PONT_GRAPH_BLAENAU_GWENT_CLIENT_ID: 'app-bg',
      PONT_GRAPH_BLAENAU_GWENT_CLIENT_SECRET: 'secret-bg',
      MICROSOFT_GRAPH_URL: 'https://graph.microsoft.us/',
    }).graph;
    expect(graph).toEqual({
      loginUrl: 'https://login.microsoftonline.com',
      graphUrl: 'https://graph.microsoft.us',
      tenants: [
        { council: 'blaenau-gwent', tenantId: 'bg.onmicrosoft.com', clientId: 'app-bg', clientSecret: 'secret-bg' },
      ],
    });
    expect(loadConfig({}).graph.tenants).toEqual([]);
  });

  it.each([
    [
      { PONT_GRAPH_NEWPORT_TENANT_ID: 't' },
      /^PONT_GRAPH_NEWPORT_TENANT_ID names no configured council: use PONT_GRAPH_BLAENAU_GWENT_… or PONT_GRAPH_TORFAEN_…$/,
    ],
    [
      { PONT_GRAPH_TORFAEN_TENANT_ID: 't', PONT_GRAPH_TORFAEN_CLIENT_ID: 'c' },
      /PONT_GRAPH_TORFAEN_CLIENT_SECRET is empty/,
    ],
    [
      {
        PONT_GRAPH_TORFAEN_TENANT_ID: 'a tenant',
        PONT_GRAPH_TORFAEN_CLIENT_ID: 'c',
        PONT_GRAPH_TORFAEN_CLIENT_SECRET: 's',
      },
      /^PONT_GRAPH_TORFAEN_TENANT_ID is not a tenant id/,
    ],
    [{ MICROSOFT_LOGIN_URL: 'http://login.example' }, /MICROSOFT_LOGIN_URL must be an https:\/\/ address/],
    [{ MICROSOFT_GRAPH_URL: 'graph' }, /MICROSOFT_GRAPH_URL must be a full URL/],
  ])('stops on bad Graph settings %o with one message', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(message);
  });
});
