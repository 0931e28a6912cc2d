import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';

// Slack configured for one workspace (a bot token, as always) or for installs in each workspace (OAuth).

const base = { LOG_LEVEL: 'silent', PONT_DATA_DIR: 'memory://' };
const oauth = {
  SLACK_CLIENT_ID: '1111.2222',
  SLACK_CLIENT_SECRET: 'secret',
  SLACK_SIGNING_SECRET: 'signing',
  SLACK_STATE_SECRET: 'x'.repeat(32),
};

describe('Slack settings', () => {
  it('keeps a single bot token working exactly as before', () => {
    expect(loadConfig({ ...base, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'signing' }).slack).toEqual({
      botToken: 'xoxb-1',
      signingSecret: 'signing',
      appToken: undefined,
      apiUrl: undefined,
      oauth: undefined,
    });
  });

  it('reads the OAuth app for installs in each workspace, with no bot token', () => {
    expect(loadConfig({ ...base, ...oauth }).slack).toEqual({
      botToken: undefined,
      signingSecret: 'signing',
      appToken: undefined,
      apiUrl: undefined,
      oauth: { clientId: '1111.2222', clientSecret: 'secret', stateSecret: 'x'.repeat(32) },
    });
  });

  it.each([
    [{ ...oauth, SLACK_CLIENT_SECRET: '' }, 'SLACK_CLIENT_ID is set but SLACK_CLIENT_SECRET is empty'],
    [{ ...oauth, SLACK_CLIENT_ID: '' }, 'SLACK_CLIENT_SECRET is set but SLACK_CLIENT_ID is empty'],
    [{ ...oauth, SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set'],
    [{ ...oauth, SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_CLIENT_ID needs HTTP mode'],
    [{ ...oauth, SLACK_SIGNING_SECRET: '' }, 'SLACK_CLIENT_ID is set but SLACK_SIGNING_SECRET is empty'],
    [{ ...oauth, SLACK_STATE_SECRET: 'short' }, 'SLACK_STATE_SECRET is empty or shorter than 32 characters'],
  ])('refuses %j with one message naming the setting', (environment, message) => {
    expect(() => loadConfig({ ...base, ...environment })).toThrow(message);
  });
});
