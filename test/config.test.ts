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
    expect(config.workers).toBe(32);
    expect(config.workLeaseMs).toBe(30_000);
  });

  it('reads how many chat deliveries to work on at once', () => {
    expect(loadConfig({ PONT_WORKERS: '64' }).workers).toBe(64);
    expect(loadConfig({ PONT_WORKERS: '' }).workers).toBe(32);
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
  ])('stops on %o with a message naming the setting', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(ConfigurationError);
    expect(() => loadConfig(environment)).toThrow(message);
  });

  it('reads the admins as lower-case emails', () => {
    expect(loadConfig({ PONT_ADMINS: 'A@torfaen.gov.uk, b@blaenau-gwent.gov.uk' }).admins).toEqual(['a@torfaen.gov.uk', 'b@blaenau-gwent.gov.uk']);
  });
});
