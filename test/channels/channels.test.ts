import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../src/app.ts';
import type { Channel } from '../../src/channels/channel.ts';
import { createHttpApp } from '../../src/server.ts';
import { createTestPont } from '../support/test-pont.ts';

// The server knows the chat channels only through the Channel interface: it mounts each one the settings turn
// on and gives the notification hub one notifier per channel; starting and stopping go through it too.

describe('the channels of a server', () => {
  let pont: Pont;
  let channels: Channel[];
  beforeAll(async () => {
    pont = await createTestPont({
      documents: false,
      directory: false,
      environment: {
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: 'http://127.0.0.1:9/api/',
      },
    });
    const app = await createHttpApp(pont);
    channels = app.locals.channels as Channel[];
    // NOTE: the hook loads the Teams and Slack SDKs too (the server loads them when it mounts the channels).
  }, 120_000);
  afterAll(async () => {
    for (const channel of channels ?? []) await channel.stop();
    await pont?.close();
  });

  it('mounts Teams, Slack and the web pages, and registers the notifier of each chat channel once', async () => {
    expect(channels.map((channel) => channel.name)).toEqual(['teams', 'slack', 'web']);
    expect(pont.notifications.names()).toEqual(['log', 'teams', 'slack', 'web']);
    expect(channels.map((channel) => channel.notifier !== null)).toEqual([true, true, false]);
  });

  it('starts and stops every channel through the same two calls, twice without harm', async () => {
    for (const channel of channels) await channel.start();
    for (const channel of channels) await channel.start();
    for (const channel of channels) await channel.stop();
    for (const channel of channels) await channel.stop();
    expect(channels.map((channel) => channel.name)).toEqual(['teams', 'slack', 'web']);
  });
});
