import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { slashCommandPattern } from '../../../src/channels/slack/handlers/commands.ts';
import { botEvents, slackEventsPath, slashCommands } from '../../../src/channels/slack/index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const manifest: any = parse(fs.readFileSync(path.resolve('manifest/slack/manifest.yaml'), 'utf8'));
const handlerSources = fs
  .readdirSync(path.resolve('src/channels/slack/handlers'))
  .map((file) => fs.readFileSync(path.resolve('src/channels/slack/handlers', file), 'utf8'))
  .join('\n');

describe('the Slack manifest', () => {
  it('declares exactly the slash commands the app registers, each sent to /slack/events', () => {
    const commands = manifest.features.slash_commands.map((entry: { command: string }) => entry.command);
    expect([...commands].sort()).toEqual([...slashCommands].sort());
    for (const entry of manifest.features.slash_commands) {
      expect(new URL(entry.url).pathname).toBe(slackEventsPath);
      expect(entry.description.length).toBeLessThanOrEqual(100);
      expect(entry.description).toMatch(/ \/ /);
    }
    for (const command of commands) expect(slashCommandPattern.test(command)).toBe(true);
    for (const other of ['/skill', '/skillsx', '/pont help', 'skills']) expect(slashCommandPattern.test(other)).toBe(false);
  });

  it('subscribes to exactly the bot events the app listens for', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...botEvents].sort());
    for (const event of botEvents) expect(handlerSources).toContain(`app.event('${event.split('.')[0]}'`);
    expect(new URL(manifest.settings.event_subscriptions.request_url).pathname).toBe(slackEventsPath);
  });

  it('turns on interactivity, the Home tab and DMs, which the buttons, modals and App Home need', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe(slackEventsPath);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(handlerSources).toContain('app.action');
    expect(handlerSources).toContain('app.view');
  });

  it('asks for the scopes the code uses and no admin scopes', () => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    // users.info with email, chat.postMessage/update, DMs, mentions, commands.
    for (const scope of ['users:read', 'users:read.email', 'chat:write', 'im:history', 'im:write', 'app_mentions:read', 'commands']) {
      expect(scopes).toContain(scope);
    }
    expect(scopes.some((scope) => scope.startsWith('admin'))).toBe(false);
    expect(manifest._metadata.major_version).toBe(1);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.long_description.length).toBeGreaterThanOrEqual(175);
    expect(manifest.display_information.long_description.length).toBeLessThanOrEqual(4000);
  });
});
