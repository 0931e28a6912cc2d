import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../../src/app.ts';
import { startSlackSocketMode, type SlackChannel } from '../../../src/channels/slack/index.ts';
import { slackRateLimits, startFakeSlackApi, type FakeSlackApi } from '../../support/fake-slack-api.ts';
import { createTestPont } from '../../support/test-pont.ts';
import { startFakeSocketMode, type FakeSocketMode } from './fake-socket-mode.ts';
import { botToken, defaultSlackLatencyMs, fixture, shownAnswer, shownText, users } from './harness.ts';

let slack: FakeSlackApi;
let socket: FakeSocketMode;
let pont: Pont;
let channel: SlackChannel | null;

beforeAll(async () => {
  slack = await startFakeSlackApi({ latencyMs: defaultSlackLatencyMs, rateLimits: slackRateLimits });
  for (const user of Object.values(users)) slack.addUser(user);
  socket = await startFakeSocketMode();
  slack.setSocketModeUrl(socket.url);
  pont = await createTestPont({
    documents: false,
    environment: { SLACK_BOT_TOKEN: botToken, SLACK_APP_TOKEN: 'xapp-1-A0PONTAPP1-test', SLACK_API_URL: slack.apiUrl },
  });
  channel = await startSlackSocketMode(pont);
  await socket.connected();
}, 60_000);

afterAll(async () => {
  await channel?.stop().catch(() => undefined);
  await socket?.close();
  await pont?.close();
  await slack?.close();
});

describe('Socket Mode', () => {
  it('connects with the app token and answers an @mention that arrives over the socket', async () => {
    expect(channel?.mode).toBe('socket');
    const open = slack.callsTo('apps.connections.open');
    expect(open.length).toBeGreaterThan(0);
    expect(open[0]!.authorization).toBe('Bearer xapp-1-A0PONTAPP1-test');

    const payload = fixture('app-mention');
    payload.event = {
      ...payload.event,
      text: '<@UPONTBOT1> skills GIS',
      user: users.sian.id,
      ts: '1732400000.000100',
      event_ts: '1732400000.000100',
    };
    socket.send({
      envelope_id: 'env-mention-1',
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
      payload,
    });
    await socket.waitForAck('env-mention-1');
    const posted = await shownAnswer(slack, 'C0WASTETEAM', '1732400000.000100');
    expect(shownText(posted)).toContain('Aled Jenkins');
  });

  it('acknowledges a slash command over the socket and answers privately', async () => {
    const command = {
      ...fixture('slash-command'),
      user_id: users.sian.id,
      command: '/pont',
      text: 'help',
      response_url: slack.responseUrl(),
      trigger_id: 'socket.trigger.1',
    };
    socket.send({
      envelope_id: 'env-command-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: command,
    });
    await socket.waitForAck('env-command-1');
    const [reply] = await slack.waitForCalls('response_url');
    expect(reply!.args.response_type).toBe('ephemeral');
    expect(shownText(reply!.args)).toMatch(/skills SKILL/);
  });
});
