import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { slashCommandPattern } from '../../../src/channels/slack/handlers/commands.ts';
import { botEvents, slackEventsPath, slashCommands } from '../../../src/channels/slack/index.ts';
import { schemaProblems } from '../../support/platform-schemas.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const manifest: any = parse(fs.readFileSync(path.resolve('manifest/slack/manifest.yaml'), 'utf8'));
/** Every source file of the Slack channel, for finding the Web API methods it calls. */
function slackSources(dir = path.resolve('src/channels/slack')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? slackSources(full) : entry.name.endsWith('.ts') ? [fs.readFileSync(full, 'utf8')] : [];
  });
}

/**
 * The bot scopes each Web API method Pont may call needs, from Slack's method reference. `chatStream` is the
 * WebClient helper over chat.startStream / appendStream / stopStream. Posting to a user's id (a DM from the app)
 * needs only chat:write; conversations.open (im:write) and conversations.info on DMs (im:read) are not used.
 */
const scopesByMethod: Record<string, string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'chat.stopStream': ['chat:write'],
  // NOTE: read only in DMs (a retried answer looks for itself); in a channel the read fails and the answer is posted.
  'conversations.replies': ['im:history'],
  chatStream: ['chat:write'],
  'users.info': ['users:read', 'users:read.email'],
  'users.lookupByEmail': ['users:read.email'],
  'views.open': [],
  'views.publish': [],
};

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
    for (const other of ['/skill', '/skillsx', '/pont help', 'skills'])
      expect(slashCommandPattern.test(other)).toBe(false);
  });

  it('subscribes to exactly the bot events the app listens for', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...botEvents].sort());
    // An event is listened for either through Bolt (app.event) or, for work taken into the inbox, by its type.
    for (const event of botEvents) {
      const type = event.split('.')[0]!;
      expect(handlerSources).toMatch(new RegExp(`app\\.event\\('${type}'|\\.type === '${type}'`));
    }
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

  it('is a valid Slack app manifest by the published schema', () => {
    expect(schemaProblems('slack-manifest', manifest)).toEqual([]);
    expect(manifest.settings.token_rotation_enabled).toBe(false);
  });

  it('asks for exactly the scopes of the Web API methods, events and features the code uses', () => {
    const called = new Set<string>();
    for (const source of slackSources()) {
      for (const match of source.matchAll(/\bweb\.(chatStream|[a-z]+\.[a-zA-Z]+)\(/g)) called.add(match[1]!);
    }
    const unknown = [...called].filter((method) => !(method in scopesByMethod));
    expect(unknown, 'a Web API method with no entry in scopesByMethod: add the scopes it needs').toEqual([]);
    expect(called.has('chat.postMessage') && called.has('users.info')).toBe(true);
    const needed = new Set([...called].flatMap((method) => scopesByMethod[method]!));
    // Features rather than methods: the slash commands, @mentions (app_mention), DMs (message.im), and sharing
    // a lookup in a public channel Pont has not joined.
    for (const scope of ['commands', 'app_mentions:read', 'im:history', 'chat:write.public']) needed.add(scope);
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    expect([...scopes].sort()).toEqual([...needed].sort());
    expect(scopes).not.toContain('im:read');
    expect(scopes).not.toContain('im:write');
    expect(manifest._metadata.major_version).toBe(1);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.long_description.length).toBeGreaterThanOrEqual(175);
    expect(manifest.display_information.long_description.length).toBeLessThanOrEqual(4000);
  });
});
