import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Pont } from '../../../src/app.ts';
import { messagesFor } from '../../../src/core/assistant/index.ts';
import { createHttpApp, listen } from '../../../src/server.ts';
import {
  slackRateLimits,
  startFakeSlackApi,
  type FakeSlackApi,
  type FakeSlackMessage,
  type FakeSlackUser,
} from '../../support/fake-slack-api.ts';
import { createTestPont, type TestPontOptions } from '../../support/test-pont.ts';

export const signingSecret = '8f742231b10e8888abcd99yyyzzz85a5';
export const botToken = 'xoxb-test-pont-0000';

/** Slack users the tests use, each matching a person in examples/staff-directory.csv by email. */
export const users = {
  /** Torfaen, Waste Collections Manager, English locale. */
  sian: { id: 'U0SIANMORG', email: 'sian.morgan@torfaen.gov.uk', name: 'Siân Morgan', locale: 'en-GB' },
  /** Blaenau Gwent, Street Scene Manager (rota planning): a likely recipient of waste requests. */
  karen: { id: 'U0KARENPHI', email: 'karen.phillips@blaenau-gwent.gov.uk', name: 'Karen Phillips', locale: 'en-GB' },
  /** Blaenau Gwent, Waste Collections Team Leader. */
  ieuan: { id: 'U0IEUANROW', email: 'ieuan.rowlands@blaenau-gwent.gov.uk', name: 'Ieuan Rowlands', locale: 'cy-GB' },
  /** Blaenau Gwent, Head of Waste Services. */
  matthew: { id: 'U0MATTJONE', email: 'matthew.jones@blaenau-gwent.gov.uk', name: 'Matthew Jones', locale: 'en-GB' },
  /** Torfaen, Welsh Language Manager, Welsh locale. */
  ffion: { id: 'U0FFIONHOW', email: 'ffion.howells@torfaen.gov.uk', name: 'Ffion Howells', locale: 'cy-GB' },
  /** Not in the staff directory. */
  stranger: { id: 'U0STRANGER', email: 'visitor@example.org', name: 'Visitor', locale: 'en-GB' },
} satisfies Record<string, FakeSlackUser>;

/** A fixture from test/fixtures/slack, as a fresh copy. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fixture(name: string): any {
  return JSON.parse(fs.readFileSync(path.resolve('test/fixtures/slack', `${name}.json`), 'utf8'));
}

/** Slack's v0 request signature: HMAC-SHA256 of `v0:timestamp:body` with the signing secret. */
export function sign(body: string, timestamp: number, secret = signingSecret): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  retryNum?: number;
  /** Override the signature (bad-signature tests). */
  signature?: string | null;
  /** Override the timestamp in seconds (stale-timestamp tests). */
  timestamp?: number;
}

export interface SlackHarness {
  pont: Pont;
  slack: FakeSlackApi;
  url: string;
  /** POSTs a raw body to /slack/events, signed like Slack does. */
  post(body: string, contentType: string, options?: SendOptions): Promise<{ status: number; text: string }>;
  sendEvent(payload: unknown, options?: SendOptions): Promise<{ status: number; text: string }>;
  sendCommand(fields: Record<string, string>, options?: SendOptions): Promise<{ status: number; text: string }>;
  sendInteraction(payload: unknown, options?: SendOptions): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

/** The time each fake Slack call takes in channel tests. */
export const defaultSlackLatencyMs = 10;

let sequence = 0;
/** A unique id for event ids, trigger ids and timestamps. */
export function unique(prefix: string): string {
  sequence += 1;
  return `${prefix}${Date.now().toString(36)}${sequence}`;
}

/**
 * A full Pont (PGlite, sample directory, starter documents) served over HTTP with Slack configured against a
 * fake Slack Web API on 127.0.0.1, plus helpers that send signed Slack requests.
 */
export async function startSlackHarness(
  options: {
    documents?: boolean;
    environment?: Record<string, string>;
    inbox?: TestPontOptions['inbox'];
    database?: TestPontOptions['database'];
    latencyMs?: number;
  } = {},
): Promise<SlackHarness> {
  // NOTE: every Slack call takes a little time (10 ms unless a test asks for Slack's real 200-800 ms), so work
  // done in the wrong order shows in ordinary tests too.
  const slack = await startFakeSlackApi({
    latencyMs: options.latencyMs ?? defaultSlackLatencyMs,
    rateLimits: slackRateLimits,
  });
  for (const user of Object.values(users)) slack.addUser(user);
  const pont = await createTestPont({
    documents: options.documents,
    inbox: options.inbox,
    database: options.database,
    environment: {
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: slack.apiUrl,
      PONT_FALLBACK_CONTACT: 'matthew.jones@blaenau-gwent.gov.uk',
      ...options.environment,
    },
  });
  const app = await createHttpApp(pont);
  const server: http.Server = await listen(app, 0, '127.0.0.1');
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  async function post(body: string, contentType: string, options: SendOptions = {}) {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
    };
    const signature = options.signature === undefined ? sign(body, timestamp) : options.signature;
    if (signature !== null) headers['x-slack-signature'] = signature;
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    const response = await fetch(`${url}/slack/events`, { method: 'POST', headers, body });
    return { status: response.status, text: await response.text() };
  }

  return {
    pont,
    slack,
    url,
    post,
    sendEvent: (payload, options) => post(JSON.stringify(payload), 'application/json', options),
    sendCommand: (fields, options) =>
      post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options),
    sendInteraction: (payload, options) =>
      post(
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        'application/x-www-form-urlencoded',
        options,
      ),
    async close() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await pont.close();
      await slack.close();
    },
  };
}

/** A slash command from the fixture, for `user`, with a fresh trigger id and a response_url on the fake. */
export function command(
  harness: SlackHarness,
  user: FakeSlackUser,
  name: string,
  text: string,
): Record<string, string> {
  const fields = fixture('slash-command') as Record<string, string>;
  return {
    ...fields,
    user_id: user.id,
    user_name: user.email?.split('@')[0] ?? user.id,
    command: name,
    text,
    trigger_id: harness.slack.triggerId(),
    response_url: harness.slack.responseUrl(),
  };
}

/** An event callback from a fixture with a fresh event id, the event fields replaced by `event`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function eventPayload(name: string, event: Record<string, unknown>): any {
  const payload = fixture(name);
  payload.event_id = unique('Ev');
  payload.event = { ...payload.event, ...event };
  return payload;
}

/** A block_actions payload from the fixture: `user` pressed the button `actionId` carrying `value`. */
export function buttonPress(
  harness: SlackHarness,
  user: FakeSlackUser,
  actionId: string,
  value: string,
  where: { channel: string; messageTs: string; threadTs?: string } = {
    channel: `D${user.id.slice(1)}`,
    messageTs: '1732387300.000300',
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): any {
  const payload = fixture('block-actions');
  payload.user = { ...payload.user, id: user.id, username: user.email?.split('@')[0], name: user.email?.split('@')[0] };
  payload.trigger_id = harness.slack.triggerId();
  payload.response_url = harness.slack.responseUrl();
  payload.channel = { id: where.channel, name: where.channel.startsWith('D') ? 'directmessage' : 'waste-team' };
  payload.container = {
    ...payload.container,
    channel_id: where.channel,
    message_ts: where.messageTs,
    thread_ts: where.threadTs,
  };
  payload.message = { ...payload.message, ts: where.messageTs, thread_ts: where.threadTs };
  payload.actions = [{ ...payload.actions[0], action_id: actionId, value, action_ts: String(Date.now() / 1000) }];
  return payload;
}

/** A view_submission payload from the fixture for a view Pont opened, with the given input values. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function viewSubmission(user: FakeSlackUser, view: any, values: Record<string, Record<string, unknown>>): any {
  const payload = fixture('view-submission');
  payload.user = { ...payload.user, id: user.id, username: user.email?.split('@')[0], name: user.email?.split('@')[0] };
  payload.trigger_id = unique('trigger.');
  payload.view = {
    ...payload.view,
    id: unique('V'),
    hash: unique('hash.'),
    callback_id: view.callback_id,
    private_metadata: view.private_metadata,
    title: view.title,
    blocks: view.blocks,
    state: { values },
  };
  return payload;
}

/** All the text a Slack message shows: its `text` and every text inside its blocks. */
export function shownText(args: { text?: string; blocks?: unknown[] }): string {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'text' && typeof inner === 'string') texts.push(inner);
        else walk(inner);
      }
    }
  };
  walk(args.blocks ?? []);
  return [args.text ?? '', ...texts].join('\n');
}

/** What Pont shows in a channel's thread while it works on an answer, which the answer then replaces. */
const placeholders = new Set([messagesFor('en').thinking, messagesFor('cy').thinking]);

/**
 * The answer Pont shows in a thread, once it shows one: not text still streaming, and not the placeholder a
 * channel's answer replaces.
 */
export async function shownAnswer(slack: FakeSlackApi, channel: string, threadTs: string): Promise<FakeSlackMessage> {
  const answer = () =>
    slack.thread(channel, threadTs).find((message) => !message.streamed && !placeholders.has(message.text));
  await slack.waitFor(() => answer() !== undefined, 10_000);
  return answer()!;
}

/** The action ids of every button in some blocks. */
export function buttonIds(blocks: unknown[] | undefined): string[] {
  const ids: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record.type === 'button' && typeof record.action_id === 'string') ids.push(record.action_id);
      Object.values(record).forEach(walk);
    }
  };
  walk(blocks ?? []);
  return ids;
}
