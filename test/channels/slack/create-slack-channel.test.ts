import { describe, expect, it } from 'vitest';
import { createSlackChannel } from '../../../src/channels/slack/index.ts';
import { loadConfig } from '../../../src/config.ts';
import { ConfigurationError } from '../../../src/errors.ts';
import { silentLogger } from '../../../src/logger.ts';

describe('Slack settings', () => {
  it('stops start-up when a bot token comes without a signing secret or app token, saying what to set', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(ConfigurationError);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: 'secret' })).toThrow(/SLACK_BOT_TOKEN/);
  });

  it('refuses HTTP mode without a signing secret', () => {
    const core = { logger: silentLogger } as never;
    expect(() => createSlackChannel(core, { botToken: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
  });
});
