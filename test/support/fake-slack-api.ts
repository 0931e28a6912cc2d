import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call (or response_url post) the fake received, with its arguments parsed. */
export interface SlackCall {
  /** The Web API method (chat.postMessage, views.open…), or `response_url` for a respond() post. */
  method: string;
  /** The arguments; JSON-encoded fields (blocks, view, attachments) are parsed back into values. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  args: Record<string, any>;
  /** The Authorization header the call carried. */
  authorization: string | undefined;
  /** The workspace (or, for an organisation-wide install, the organisation) whose bot token made the call. */
  workspace?: string | null;
  at: number;
}

/** A user the fake's users.info and users.lookupByEmail know. */
export interface FakeSlackUser {
  id: string;
  email: string | null;
  name?: string;
  locale?: string;
  /** The workspace the user belongs to (with workspaces added); default the one workspace. */
  teamId?: string;
  /** A deactivated account: Slack still shows it in users.info, with `deleted: true`. */
  deleted?: boolean;
}

/** A workspace of the fake, optionally in an Enterprise Grid organisation. */
export interface FakeSlackWorkspace {
  id: string;
  name: string;
  enterprise?: { id: string; name: string };
}

/** A message as the fake holds it: posted, streamed, updated or deleted. */
export interface FakeSlackMessage {
  channel: string;
  ts: string;
  /** The thread it is a reply in, if any. */
  threadTs: string | undefined;
  /** The message's text: what was posted or updated, or the markdown streamed into it so far. */
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  blocks: any[] | undefined;
  /** True from chat.startStream until chat.stopStream. */
  streaming: boolean;
  /** True for a message that began as a stream (chat.startStream), even after it stopped. */
  streamed?: boolean;
  deleted: boolean;
  /** What the app attached with chat.postMessage's `metadata` (returned by reads only with include_all_metadata). */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** A scripted failure for the next call of a method. */
export type ScriptedFailure = { error: string } | { ratelimited: number };

/** How many calls of a method Slack lets through: a bucket of `burst` calls refilled at `perMinute`. */
export interface RateLimit {
  perMinute: number;
  burst: number;
  /** Counted per channel (chat.postMessage) rather than per workspace. */
  perChannel?: boolean;
}

export interface FakeSlackOptions {
  /** How long each Web API call and response_url post takes, in milliseconds (default 0; the test harness uses 10). */
  latencyMs?: number;
  /**
   * Per-method limits (`slackRateLimits` for Slack's published tiers, as the channel tests use). Default: none,
   * so a throughput bench measures the app rather than the limits.
   */
  rateLimits?: Record<string, RateLimit> | false;
}

/**
 * Slack's published rate-limit tiers for the methods Pont calls (Tier 2: 20+/min, Tier 3: 50+/min, Tier 4:
 * 100+/min; chat.postMessage about one a second per channel, with short bursts allowed).
 */
export const slackRateLimits: Record<string, RateLimit> = {
  'chat.postMessage': { perMinute: 60, burst: 6, perChannel: true },
  'chat.postEphemeral': { perMinute: 100, burst: 100 },
  'chat.update': { perMinute: 50, burst: 50 },
  'chat.delete': { perMinute: 50, burst: 50 },
  'chat.startStream': { perMinute: 50, burst: 50 },
  'chat.appendStream': { perMinute: 100, burst: 100 },
  'chat.stopStream': { perMinute: 50, burst: 50 },
  'views.open': { perMinute: 100, burst: 100 },
  'views.publish': { perMinute: 100, burst: 100 },
  'views.update': { perMinute: 100, burst: 100 },
  'users.info': { perMinute: 100, burst: 100 },
  'users.lookupByEmail': { perMinute: 50, burst: 50 },
  'conversations.open': { perMinute: 20, burst: 20 },
  // NOTE: Tier 3 for an app a workspace built for itself, as Pont is; since 2025 Slack allows only one call a minute
  // (15 messages) to commercially distributed apps outside the Marketplace.
  'conversations.replies': { perMinute: 50, burst: 50 },
};

/** How long a trigger_id may be exchanged for a modal, and how a response_url may be used. */
export const slackDeadlines = { triggerMs: 3000, responseUrlUses: 5, responseUrlMs: 30 * 60_000 } as const;

export interface FakeSlackApi {
  /** The slackApiUrl for the WebClient (ends with /api/). */
  apiUrl: string;
  origin: string;
  calls: SlackCall[];
  /** A fresh response_url on this server (5 posts within 30 minutes, as Slack allows). */
  responseUrl(): string;
  /** A fresh trigger_id, as Slack puts in a slash command or interaction: one views.open within 3 seconds. */
  triggerId(): string;
  /** When the trigger was handed out (ms since epoch), and when it was exchanged for a modal, if it was. */
  trigger(id: string): { issuedAt: number; usedAt: number | null } | undefined;
  /** Changes the time every later call takes. */
  setLatency(ms: number): void;
  addUser(user: FakeSlackUser): void;
  /**
   * Adds a workspace. Once one is added the fake checks tokens as Slack does: each call needs a bot token an
   * installation issued (`not_authed`, `invalid_auth` otherwise), and sees only its workspace (or organisation):
   * users of another come without their email and cannot be looked up or sent a DM (`channel_not_found`).
   */
  addWorkspace(workspace: FakeSlackWorkspace): void;
  /** A channel shared by these workspaces (Slack Connect); a workspace not in it cannot post there. */
  addChannel(channel: { id: string; teams: string[] }): void;
  /** Registers the Slack app whose installs `/oauth/v2/authorize` and `oauth.v2.access` complete. */
  setOAuthApp(app: { clientId: string; clientSecret: string; redirectUri: string }): void;
  /** The bot tokens installs have issued, by workspace (or organisation) id. */
  installedTokens(): Map<string, string>;
  /** The WebSocket URL apps.connections.open hands out (Socket Mode tests). */
  setSocketModeUrl(url: string): void;
  /** The next call of `method` fails as given (queued, one failure a call). */
  failNext(method: string, failure: ScriptedFailure): void;
  callsTo(method: string): SlackCall[];
  /** The replies in a thread as a user would see them now (deleted messages left out), oldest first. */
  thread(channel: string, threadTs: string): FakeSlackMessage[];
  /** Resolves once `predicate` holds for the recorded calls; rejects after `timeoutMs` with what was recorded. */
  waitFor(predicate: (calls: SlackCall[]) => boolean, timeoutMs?: number): Promise<SlackCall[]>;
  /** Resolves with the calls of `method` once there are at least `count`. */
  waitForCalls(method: string, count?: number, timeoutMs?: number): Promise<SlackCall[]>;
  reset(): void;
  close(): Promise<void>;
}

export const fakeBotUserId = 'UPONTBOT1';
export const fakeTeamId = 'T0FEDERATN';

const jsonFields = new Set(['blocks', 'view', 'attachments', 'metadata', 'chunks']);

/** The markdown a streaming call carries: `markdown_text`, or the markdown_text chunks of `chunks`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function streamedMarkdown(args: Record<string, any>): string {
  const chunks: unknown = args.chunks;
  const fromChunks = Array.isArray(chunks)
    ? chunks
        .filter(
          (chunk): chunk is { type: string; text: string } =>
            typeof chunk === 'object' &&
            chunk !== null &&
            chunk.type === 'markdown_text' &&
            typeof chunk.text === 'string',
        )
        .map((chunk) => chunk.text)
        .join('')
    : '';
  return `${typeof args.markdown_text === 'string' ? args.markdown_text : ''}${fromChunks}`;
}

/**
 * What Slack refuses in chat.postMessage's `metadata`: it must be an object with an `event_type` (letters, digits and
 * underscores) and an `event_payload` object.
 */
function messageMetadataProblem(metadata: unknown): string | null {
  if (typeof metadata !== 'object' || metadata === null) return 'metadata must be an object';
  const { event_type: type, event_payload: payload } = metadata as Record<string, unknown>;
  if (typeof type !== 'string' || !/^[A-Za-z0-9_]{1,255}$/.test(type))
    return 'metadata.event_type must be letters, digits and underscores';
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return 'metadata.event_payload must be an object';
  return null;
}

function parseArguments(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  let values: Record<string, unknown>;
  if (contentType?.includes('application/json')) {
    values = JSON.parse(raw) as Record<string, unknown>;
  } else {
    values = Object.fromEntries(new URLSearchParams(raw));
  }
  for (const field of jsonFields) {
    const value = values[field];
    if (typeof value === 'string') {
      try {
        values[field] = JSON.parse(value);
      } catch {
        // NOTE: a field that is not JSON is kept as sent so the test sees exactly what arrived.
        values[field] = value;
      }
    }
  }
  return values;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const textOf = (value: Json): string =>
  typeof value === 'string' ? value : typeof value?.text === 'string' ? value.text : '';

/**
 * What Slack's Block Kit validation refuses in `blocks` (null when they pass): too many blocks, and text or
 * values over their documented lengths. `surface` is a message (50 blocks) or a view (modal, Home: 100).
 */
export function blockKitProblem(blocks: unknown, surface: 'message' | 'view'): string | null {
  if (blocks === undefined) return null;
  if (!Array.isArray(blocks)) return 'blocks must be an array';
  const most = surface === 'message' ? 50 : 100;
  if (blocks.length > most) return `no more than ${most} items allowed [json-pointer:/blocks]`;
  const longer = (value: string, limit: number, where: string) =>
    value.length > limit ? `must be less than ${limit + 1} characters [json-pointer:${where}]` : null;
  const element = (item: Json, where: string): string | null => {
    if (!item || typeof item !== 'object') return null;
    if (typeof item.action_id === 'string' && item.action_id.length > 255)
      return longer(item.action_id, 255, `${where}/action_id`);
    switch (item.type) {
      case 'button':
        return (
          longer(textOf(item.text), 75, `${where}/text`) ??
          longer(String(item.value ?? ''), 2000, `${where}/value`) ??
          longer(String(item.url ?? ''), 3000, `${where}/url`)
        );
      case 'plain_text_input': {
        const maxLength = typeof item.max_length === 'number' ? item.max_length : 3000;
        if (maxLength > 3000) return `max_length must be at most 3000 [json-pointer:${where}/max_length]`;
        return (
          longer(String(item.initial_value ?? ''), maxLength, `${where}/initial_value`) ??
          longer(textOf(item.placeholder), 150, `${where}/placeholder`)
        );
      }
      case 'static_select':
        if ((item.options ?? []).length > 100) return `no more than 100 items allowed [json-pointer:${where}/options]`;
        return null;
      case 'radio_buttons':
      case 'checkboxes':
        if ((item.options ?? []).length > 10) return `no more than 10 items allowed [json-pointer:${where}/options]`;
        return null;
      default:
        return null;
    }
  };
  for (const [index, block] of (blocks as Json[]).entries()) {
    const where = `/blocks/${index}`;
    if (!block || typeof block !== 'object' || typeof block.type !== 'string')
      return `missing required field: type [json-pointer:${where}]`;
    const problem =
      (typeof block.block_id === 'string' ? longer(block.block_id, 255, `${where}/block_id`) : null) ??
      (() => {
        switch (block.type) {
          case 'section':
            if ((block.fields ?? []).length > 10) return `no more than 10 items allowed [json-pointer:${where}/fields]`;
            for (const [field, value] of (block.fields ?? []).entries()) {
              const tooLong = longer(textOf(value), 2000, `${where}/fields/${field}`);
              if (tooLong) return tooLong;
            }
            return (
              longer(textOf(block.text), 3000, `${where}/text`) ??
              (block.accessory ? element(block.accessory, `${where}/accessory`) : null)
            );
          case 'header':
            return longer(textOf(block.text), 150, `${where}/text`);
          case 'context':
            if ((block.elements ?? []).length > 10)
              return `no more than 10 items allowed [json-pointer:${where}/elements]`;
            for (const [position, item] of (block.elements ?? []).entries()) {
              const tooLong = longer(textOf(item), 3000, `${where}/elements/${position}`);
              if (tooLong) return tooLong;
            }
            return null;
          case 'actions':
            if ((block.elements ?? []).length > 25)
              return `no more than 25 items allowed [json-pointer:${where}/elements]`;
            for (const [position, item] of (block.elements ?? []).entries()) {
              const wrong = element(item, `${where}/elements/${position}`);
              if (wrong) return wrong;
            }
            return null;
          case 'input':
            return (
              longer(textOf(block.label), 2000, `${where}/label`) ??
              longer(textOf(block.hint), 2000, `${where}/hint`) ??
              element(block.element, `${where}/element`)
            );
          default:
            return null;
        }
      })();
    if (problem) return problem;
  }
  return null;
}

/** What Slack refuses in a view (modal or Home tab) besides its blocks. */
function viewProblem(view: Json): string | null {
  if (!view || typeof view !== 'object') return 'missing required field: view';
  for (const key of ['title', 'submit', 'close']) {
    if (textOf(view[key]).length > 24) return `must be less than 25 characters [json-pointer:/view/${key}/text]`;
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000)
    return 'must be less than 3001 characters [json-pointer:/view/private_metadata]';
  if (typeof view.callback_id === 'string' && view.callback_id.length > 255)
    return 'must be less than 256 characters [json-pointer:/view/callback_id]';
  const blocks = blockKitProblem(view.blocks ?? [], 'view');
  return blocks ? blocks.replace('[json-pointer:/blocks', '[json-pointer:/view/blocks') : null;
}

function send(
  response: http.ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(value));
}

/**
 * A local Slack Web API on 127.0.0.1 for tests and the bench. It records every call (chat.postMessage,
 * chat.postEphemeral, chat.update, chat.delete, chat.startStream / appendStream / stopStream, views.open,
 * views.publish, users.info, users.lookupByEmail, conversations.open, conversations.replies, auth.test and
 * response_url posts), keeps the messages it was sent (with their `metadata`, which conversations.replies returns only
 * with include_all_metadata, a page of `limit` at a time) so a test can read a thread as a user sees it, and can answer the next call of a
 * method with `ratelimited` (HTTP 429 + Retry-After) or any Slack error such as `channel_not_found`.
 *
 * It refuses what Slack refuses: a trigger_id it did not hand out (`invalid_trigger_id`), used twice
 * (`exchanged_trigger_id`) or more than 3 seconds old when views.open lands (`expired_trigger_id`); a sixth post
 * to a response_url or one after 30 minutes (404 `used_url` / `expired_url`); Block Kit over its limits
 * (`invalid_blocks` in messages, `invalid_arguments` in views); message text over 40,000 characters, or 4,000 in
 * chat.update (`msg_too_long`); message metadata without an `event_type` of letters, digits and underscores or
 * without an `event_payload` object (`invalid_metadata_format`); replacing a streamed message's blocks (`block_mismatch`); and, given `rateLimits`, bursts over a
 * method's rate tier (429 with Retry-After). Every call takes `latencyMs` before Slack acts on it.
 *
 * Where the names come from (checked against Slack's published documentation):
 * - `msg_too_long`, `message_not_found`, `edit_window_closed`: the error table of chat.update
 *   (https://docs.slack.dev/reference/methods/chat.update) and chat.postMessage.
 * - `invalid_blocks`: the error of chat.postMessage / chat.update / chat.*Stream for Block Kit Slack refuses, with
 *   the reason in `response_metadata.messages` (https://docs.slack.dev/reference/methods/blocks.validate shows the
 *   same error name for the same check).
 * - Rate limits: HTTP 429 with a `Retry-After` header giving the seconds to wait
 *   (https://docs.slack.dev/apis/web-api/rate-limits); the body's `ratelimited` is what clients commonly report and
 *   what @slack/web-api ignores (it reads the status and the header). `rate_limited` in the method tables is a
 *   different, 200 ok:false answer (a workspace posting too many messages) that the fake does not produce.
 * - `invalid_trigger_id`, `exchanged_trigger_id`, `expired_trigger_id`: the error table of views.open
 *   (https://docs.slack.dev/reference/methods/views.open); a trigger_id lasts 3 seconds.
 * - response_url: Slack documents the limit (five posts within 30 minutes,
 *   https://docs.slack.dev/interactivity/handling-user-interaction) but not the answer once it is reached;
 *   `used_url` / `expired_url` with 404 are the fake's own names for that refusal, and Pont treats any refusal
 *   there the same way (no test depends on the names).
 * - `block_mismatch` and `streaming_state_conflict` are not in any published error table: they stand for Slack
 *   refusing to replace a streamed message's blocks or to edit it mid-stream, which Pont avoids whatever the name
 *   (it posts the checked answer as a new message); a test must not depend on these two names.
 */
export async function startFakeSlackApi(options: FakeSlackOptions = {}): Promise<FakeSlackApi> {
  let latencyMs = options.latencyMs ?? 0;
  const limits = options.rateLimits || {};
  const buckets = new Map<string, { tokens: number; at: number }>();
  const triggers = new Map<string, { issuedAt: number; usedAt: number | null }>();
  const responseUrlUses = new Map<string, { firstAt: number; uses: number }>();
  let triggerSequence = 0;
  const calls: SlackCall[] = [];
  const users = new Map<string, FakeSlackUser>();
  const workspaces = new Map<string, FakeSlackWorkspace>();
  const sharedChannels = new Map<string, string[]>();
  /** Bot token → the workspace id (or organisation id, for an organisation-wide install) it speaks for. */
  const tokens = new Map<string, { teamId: string | null; enterpriseId: string | null }>();
  const codes = new Map<
    string,
    { teamId: string | null; enterpriseId: string | null; scope: string; issuedAt: number; used: boolean }
  >();
  let oauthApp: { clientId: string; clientSecret: string; redirectUri: string } | null = null;
  const failures = new Map<string, ScriptedFailure[]>();
  const messages = new Map<string, FakeSlackMessage>();
  const messageKey = (channel: unknown, ts: unknown) => `${String(channel)}:${String(ts)}`;
  const waiters = new Set<() => void>();
  let sequence = 0;
  let views = 0;
  let responseUrls = 0;
  let socketModeUrl: string | null = null;

  const nextTs = () => {
    sequence += 1;
    return `17000000${String(sequence).padStart(2, '0')}.${String(sequence).padStart(6, '0')}`;
  };

  function userObject(user: FakeSlackUser, withEmail = true) {
    return {
      id: user.id,
      team_id: user.teamId ?? fakeTeamId,
      name: user.name ?? user.id.toLowerCase(),
      real_name: user.name ?? user.id,
      is_bot: false,
      deleted: Boolean(user.deleted),
      locale: user.locale ?? 'en-GB',
      profile: {
        email: withEmail ? (user.email ?? undefined) : undefined,
        real_name: user.name ?? user.id,
        display_name: user.name ?? user.id,
      },
    };
  }

  /** Whether a token speaking for `caller` sees `teamId` as its own (the same workspace, or its organisation). */
  function sameOrganisation(
    caller: { teamId: string | null; enterpriseId: string | null },
    teamId: string | undefined,
  ): boolean {
    const team = teamId ?? fakeTeamId;
    if (caller.teamId === team) return true;
    const enterprise = workspaces.get(team)?.enterprise?.id;
    const callerEnterprise =
      caller.enterpriseId ?? (caller.teamId ? workspaces.get(caller.teamId)?.enterprise?.id : undefined);
    return Boolean(enterprise && enterprise === callerEnterprise);
  }

  /** Slack's answer to an OAuth code exchange (oauth.v2.access), or its error. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function exchange(args: Record<string, any>, authorization: string | undefined): Record<string, unknown> {
    const basic = /^Basic (.+)$/.exec(authorization ?? '')?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString().split(':') : [];
    const clientId = String(args.client_id ?? basicId ?? '');
    const clientSecret = String(args.client_secret ?? basicSecret ?? '');
    if (!oauthApp || clientId !== oauthApp.clientId) return { ok: false, error: 'invalid_client_id' };
    if (clientSecret !== oauthApp.clientSecret) return { ok: false, error: 'bad_client_secret' };
    const code = codes.get(String(args.code ?? ''));
    // Slack's codes are single-use and expire after ten minutes.
    if (!code || code.used || Date.now() - code.issuedAt > 10 * 60_000) return { ok: false, error: 'invalid_code' };
    code.used = true;
    const token = `xoxb-${code.teamId ?? code.enterpriseId}-${Math.random().toString(36).slice(2, 12)}`;
    tokens.set(token, { teamId: code.teamId, enterpriseId: code.enterpriseId });
    const workspace = code.teamId ? workspaces.get(code.teamId) : undefined;
    const enterprise =
      workspace?.enterprise ??
      (code.enterpriseId
        ? [...workspaces.values()].find((candidate) => candidate.enterprise?.id === code.enterpriseId)?.enterprise
        : undefined);
    return {
      ok: true,
      access_token: token,
      token_type: 'bot',
      scope: code.scope,
      bot_user_id: `UPONT${(code.teamId ?? code.enterpriseId ?? '').slice(-4)}`,
      app_id: 'APONT00001',
      team: workspace ? { id: workspace.id, name: workspace.name } : null,
      enterprise: enterprise ?? null,
      is_enterprise_install: code.teamId === null,
      authed_user: { id: 'UINSTALLER' },
    };
  }

  /** Seconds to wait when this call is over its method's limit (Slack's Retry-After), else null. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function rateLimited(method: string, args: Record<string, any>): number | null {
    const limit = limits[method];
    if (!limit) return null;
    const key = limit.perChannel ? `${method}:${String(args.channel)}` : method;
    const now = Date.now();
    const perMs = limit.perMinute / 60_000;
    const bucket = buckets.get(key) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }

  /** A Slack error for a call the real API refuses (limits, triggers), or null. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function refusal(method: string, args: Record<string, any>): Record<string, unknown> | null {
    const invalid = (error: string, message: string) => ({
      ok: false,
      error,
      response_metadata: { messages: [`[ERROR] ${message}`] },
    });
    if (method === 'views.open' || method === 'views.push') {
      const trigger = triggers.get(String(args.trigger_id ?? ''));
      if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
      if (trigger.usedAt !== null) return { ok: false, error: 'exchanged_trigger_id' };
      if (Date.now() - trigger.issuedAt > slackDeadlines.triggerMs) return { ok: false, error: 'expired_trigger_id' };
      const problem = viewProblem(args.view);
      if (problem) return invalid('invalid_arguments', problem);
      trigger.usedAt = Date.now();
      return null;
    }
    if (method === 'views.publish' || method === 'views.update') {
      const problem = viewProblem(args.view);
      return problem ? invalid('invalid_arguments', problem) : null;
    }
    if (
      method === 'chat.postMessage' ||
      method === 'chat.postEphemeral' ||
      method === 'chat.update' ||
      method === 'response_url'
    ) {
      const problem = blockKitProblem(args.blocks, 'message');
      if (problem) return invalid('invalid_blocks', problem);
      if (method === 'chat.postMessage' && args.metadata !== undefined) {
        const metadataProblem = messageMetadataProblem(args.metadata);
        if (metadataProblem) return invalid('invalid_metadata_format', metadataProblem);
      }
      // NOTE: Slack takes up to 40,000 characters of message text, and 4,000 in an edit (chat.update).
      const most = method === 'chat.update' ? 4000 : 40_000;
      if (typeof args.text === 'string' && args.text.length > most) return { ok: false, error: 'msg_too_long' };
      return null;
    }
    if (method === 'chat.stopStream' || method === 'chat.startStream' || method === 'chat.appendStream') {
      const problem = blockKitProblem(args.blocks, 'message');
      if (problem) return invalid('invalid_blocks', problem);
      if (typeof args.markdown_text === 'string' && args.markdown_text.length > 12_000)
        return { ok: false, error: 'msg_too_long' };
    }
    return null;
  }

  function answer(
    method: string,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    args: Record<string, any>,
    authorization?: string,
  ): { status: number; body: unknown; headers?: Record<string, string> } {
    if (method === 'oauth.v2.access') return { status: 200, body: exchange(args, authorization) };
    // With workspaces, every call speaks for the workspace of its bot token.
    let caller: { teamId: string | null; enterpriseId: string | null } | null = null;
    if (workspaces.size > 0 && method !== 'apps.connections.open') {
      const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
      if (!token) return { status: 200, body: { ok: false, error: 'not_authed' } };
      caller = tokens.get(token) ?? null;
      if (!caller) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
      const target = String(args.channel ?? '');
      if (
        (method === 'chat.postMessage' || method === 'chat.update') &&
        /^[UW]/.test(target) &&
        !sameOrganisation(caller, users.get(target)?.teamId)
      ) {
        return { status: 200, body: { ok: false, error: 'channel_not_found' } };
      }
      const shared = sharedChannels.get(target);
      if (
        (method === 'chat.postMessage' || method === 'chat.update') &&
        shared &&
        !shared.some((team) => sameOrganisation(caller!, team))
      ) {
        return { status: 200, body: { ok: false, error: 'channel_not_found' } };
      }
      if (method === 'users.info') {
        const user = users.get(String(args.user));
        // NOTE: a Slack Connect member from another organisation is visible, but never their email.
        return user
          ? { status: 200, body: { ok: true, user: userObject(user, sameOrganisation(caller, user.teamId)) } }
          : { status: 200, body: { ok: false, error: 'user_not_found' } };
      }
      if (method === 'users.lookupByEmail') {
        const email = String(args.email ?? '').toLowerCase();
        const user = [...users.values()].find(
          (candidate) => candidate.email?.toLowerCase() === email && sameOrganisation(caller!, candidate.teamId),
        );
        return user
          ? { status: 200, body: { ok: true, user: userObject(user) } }
          : { status: 200, body: { ok: false, error: 'users_not_found' } };
      }
      if (method === 'auth.test') {
        const workspace = caller.teamId ? workspaces.get(caller.teamId) : undefined;
        return {
          status: 200,
          body: {
            ok: true,
            team: workspace?.name ?? null,
            team_id: caller.teamId,
            enterprise_id: caller.enterpriseId ?? workspace?.enterprise?.id,
            user_id: `UPONT${(caller.teamId ?? caller.enterpriseId ?? '').slice(-4)}`,
            bot_id: 'BPONTBOT1',
            is_enterprise_install: caller.teamId === null,
          },
        };
      }
    }
    const failure = failures.get(method)?.shift();
    if (failure) {
      if ('ratelimited' in failure) {
        return {
          status: 429,
          body: { ok: false, error: 'ratelimited' },
          headers: { 'retry-after': String(failure.ratelimited) },
        };
      }
      return { status: 200, body: { ok: false, error: failure.error } };
    }
    const limited = rateLimited(method, args);
    if (limited !== null)
      return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(limited) } };
    const refused = refusal(method, args);
    if (refused) return { status: 200, body: refused };
    switch (method) {
      case 'auth.test':
        return {
          status: 200,
          body: {
            ok: true,
            url: 'https://federation.slack.com/',
            team: 'Federation',
            user: 'pont',
            team_id: fakeTeamId,
            user_id: fakeBotUserId,
            bot_id: 'BPONTBOT1',
            is_enterprise_install: false,
          },
        };
      case 'chat.postMessage': {
        const ts = nextTs();
        messages.set(messageKey(args.channel, ts), {
          channel: String(args.channel),
          ts,
          threadTs: args.thread_ts,
          text: String(args.text ?? ''),
          blocks: args.blocks,
          streaming: false,
          deleted: false,
          ...(args.metadata ? { metadata: args.metadata } : {}),
        });
        return {
          status: 200,
          body: {
            ok: true,
            channel: args.channel,
            ts,
            message: { type: 'message', text: args.text, ts, thread_ts: args.thread_ts },
          },
        };
      }
      case 'chat.postEphemeral':
        return { status: 200, body: { ok: true, message_ts: nextTs() } };
      case 'chat.update': {
        // Messages the fake never saw (a button's message from a fixture) are updated without complaint.
        const message = messages.get(messageKey(args.channel, args.ts));
        if (message?.deleted) return { status: 200, body: { ok: false, error: 'message_not_found' } };
        // Slack refuses to edit a message while it is still streaming.
        if (message?.streaming) return { status: 200, body: { ok: false, error: 'streaming_state_conflict' } };
        // NOTE: a message that was streamed keeps its streamed markdown block: replacing it with other blocks is
        // refused, so the app has to post the final reply as a new message.
        if (message?.streamed && Array.isArray(args.blocks))
          return { status: 200, body: { ok: false, error: 'block_mismatch' } };
        if (message)
          Object.assign(message, {
            text: String(args.text ?? ''),
            blocks: args.blocks,
            ...(args.metadata ? { metadata: args.metadata } : {}),
          });
        return { status: 200, body: { ok: true, channel: args.channel, ts: args.ts, text: args.text } };
      }
      case 'chat.delete': {
        const message = messages.get(messageKey(args.channel, args.ts));
        if (!message || message.deleted) return { status: 200, body: { ok: false, error: 'message_not_found' } };
        message.deleted = true;
        return { status: 200, body: { ok: true, channel: args.channel, ts: args.ts } };
      }
      case 'chat.startStream': {
        if (!args.channel) return { status: 200, body: { ok: false, error: 'invalid_arguments' } };
        // Slack's reference asks for the recipient when streaming in channels; apps find it asks in DMs too.
        if (!args.recipient_user_id) return { status: 200, body: { ok: false, error: 'missing_recipient_user_id' } };
        if (!args.recipient_team_id) return { status: 200, body: { ok: false, error: 'missing_recipient_team_id' } };
        const ts = nextTs();
        messages.set(messageKey(args.channel, ts), {
          channel: String(args.channel),
          ts,
          threadTs: args.thread_ts,
          text: streamedMarkdown(args),
          blocks: undefined,
          streaming: true,
          streamed: true,
          deleted: false,
        });
        return { status: 200, body: { ok: true, channel: args.channel, ts } };
      }
      case 'chat.appendStream':
      case 'chat.stopStream': {
        const message = messages.get(messageKey(args.channel, args.ts));
        if (!message || message.deleted) return { status: 200, body: { ok: false, error: 'message_not_found' } };
        if (!message.streaming) return { status: 200, body: { ok: false, error: 'message_not_in_streaming_state' } };
        message.text += streamedMarkdown(args);
        if (method === 'chat.appendStream')
          return { status: 200, body: { ok: true, channel: args.channel, ts: args.ts } };
        message.streaming = false;
        if (Array.isArray(args.blocks)) message.blocks = args.blocks;
        return {
          status: 200,
          body: {
            ok: true,
            channel: args.channel,
            ts: args.ts,
            message: {
              type: 'message',
              text: message.text,
              ts: message.ts,
              thread_ts: message.threadTs,
              ...(message.blocks ? { blocks: message.blocks } : {}),
            },
          },
        };
      }
      case 'views.open':
      case 'views.publish':
      case 'views.update':
      case 'views.push':
        views += 1;
        return {
          status: 200,
          body: {
            ok: true,
            view: { id: `V${String(views).padStart(8, '0')}`, ...(typeof args.view === 'object' ? args.view : {}) },
          },
        };
      case 'users.info': {
        const user = users.get(String(args.user));
        return user
          ? { status: 200, body: { ok: true, user: userObject(user) } }
          : { status: 200, body: { ok: false, error: 'user_not_found' } };
      }
      case 'users.lookupByEmail': {
        const email = String(args.email ?? '').toLowerCase();
        const user = [...users.values()].find((candidate) => candidate.email?.toLowerCase() === email);
        return user
          ? { status: 200, body: { ok: true, user: userObject(user) } }
          : { status: 200, body: { ok: false, error: 'users_not_found' } };
      }
      case 'apps.connections.open':
        return socketModeUrl
          ? { status: 200, body: { ok: true, url: socketModeUrl } }
          : { status: 200, body: { ok: false, error: 'invalid_auth' } };
      case 'conversations.replies': {
        if (!args.channel || !args.ts) return { status: 200, body: { ok: false, error: 'invalid_arguments' } };
        // NOTE: Pont has im:history only: a channel's or group's thread (channels:history, groups:history) is refused.
        if (!String(args.channel).startsWith('D'))
          return { status: 200, body: { ok: false, error: 'missing_scope', needed: 'channels:history' } };
        // NOTE: the fake keeps only what the app posted; the message a thread hangs from (a person's question) is
        // taken to exist, as it does in Slack when the app replies to it.
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const thread = [...messages.values()]
          .filter(
            (message) =>
              message.channel === String(args.channel) &&
              !message.deleted &&
              (message.ts === String(args.ts) || message.threadTs === String(args.ts)),
          )
          .sort((a, b) => Number(a.ts) - Number(b.ts));
        const limit = Math.min(Math.max(Number(args.limit ?? 1000) || 1000, 1), 1000);
        const from = args.cursor ? Number(Buffer.from(String(args.cursor), 'base64').toString('utf8')) : 0;
        const page = thread.slice(from, from + limit);
        const more = from + limit < thread.length;
        return {
          status: 200,
          body: {
            ok: true,
            messages: page.map((message) => ({
              type: 'message',
              ts: message.ts,
              ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
              text: message.text,
              ...(message.blocks ? { blocks: message.blocks } : {}),
              bot_id: 'BPONTBOT1',
              ...(withMetadata && message.metadata ? { metadata: message.metadata } : {}),
            })),
            has_more: more,
            response_metadata: { next_cursor: more ? Buffer.from(String(from + limit)).toString('base64') : '' },
          },
        };
      }
      case 'conversations.open':
        return { status: 200, body: { ok: true, channel: { id: `D${String(args.users ?? '').replace(/^U/, '')}` } } };
      default:
        return { status: 200, body: { ok: false, error: 'unknown_method' } };
    }
  }

  const server = http.createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const pathname = new URL(incoming.url ?? '/', 'http://fake').pathname;
      let args: Record<string, unknown>;
      try {
        args = parseArguments(Buffer.concat(chunks).toString('utf8'), incoming.headers['content-type']);
      } catch {
        send(response, 400, { ok: false, error: 'invalid_json' });
        return;
      }
      const authorization = incoming.headers.authorization;
      if (pathname === '/_counts') {
        // For a fake in another process (the bench): how many calls of each method it has recorded.
        const counts: Record<string, number> = {};
        for (const call of calls) counts[call.method] = (counts[call.method] ?? 0) + 1;
        send(response, 200, counts);
        return;
      }
      if (pathname === '/_answers') {
        // For the bench: when each reply arrived or was edited, keyed by its response_url path or the thread it
        // answers in (an edited message's thread is the one it was posted in).
        const answers = calls
          .filter((call) => ['response_url', 'chat.postMessage', 'chat.update'].includes(call.method))
          .map((call) => ({
            key: String(
              call.method === 'response_url'
                ? call.args.url
                : call.method === 'chat.update'
                  ? messages.get(messageKey(call.args.channel, call.args.ts))?.threadTs
                  : call.args.thread_ts,
            ),
            at: call.at,
          }));
        send(response, 200, answers);
        return;
      }
      if (pathname === '/_reset') {
        calls.length = 0;
        messages.clear();
        send(response, 200, { ok: true });
        return;
      }
      const arrivedAt = Date.now();
      // NOTE: the call takes its latency before Slack acts on it, so a trigger_id is checked when the call lands.
      const delay = latencyMs > 0 ? new Promise<void>((resolve) => setTimeout(resolve, latencyMs)) : Promise.resolve();
      if (pathname.startsWith('/response/')) {
        calls.push({ method: 'response_url', args: { ...args, url: pathname }, authorization, at: arrivedAt });
        void delay.then(() => {
          // Slack takes five posts to a response_url within 30 minutes of the interaction, then 404 used_url.
          const use = responseUrlUses.get(pathname) ?? { firstAt: arrivedAt, uses: 0 };
          responseUrlUses.set(pathname, use);
          if (Date.now() - use.firstAt > slackDeadlines.responseUrlMs)
            return send(response, 404, { ok: false, error: 'expired_url' });
          if (use.uses >= slackDeadlines.responseUrlUses) return send(response, 404, { ok: false, error: 'used_url' });
          const refused = refusal('response_url', args);
          if (refused) return send(response, 200, refused);
          use.uses += 1;
          notify();
          send(response, 200, { ok: true });
        });
        return;
      }
      if (pathname === '/oauth/v2/authorize') {
        // The person approves the install in their browser; Slack sends them back with a one-time code.
        const query = new URL(incoming.url ?? '/', 'http://fake').searchParams;
        const team = query.get('team');
        const enterprise = query.get('enterprise');
        if (!oauthApp || query.get('client_id') !== oauthApp.clientId)
          return send(response, 400, { ok: false, error: 'invalid_client_id' });
        if ((!team || !workspaces.has(team)) && !enterprise)
          return send(response, 400, { ok: false, error: 'invalid_team' });
        const code = `code-${Math.random().toString(36).slice(2, 12)}`;
        codes.set(code, {
          teamId: enterprise ? null : team,
          enterpriseId: enterprise ?? workspaces.get(team!)?.enterprise?.id ?? null,
          scope: query.get('scope') ?? '',
          issuedAt: Date.now(),
          used: false,
        });
        const back = new URL(query.get('redirect_uri') ?? oauthApp.redirectUri);
        back.searchParams.set('code', code);
        back.searchParams.set('state', query.get('state') ?? '');
        response.writeHead(302, { location: back.toString() });
        response.end();
        return;
      }
      const method = pathname.replace(/^\/api\//, '');
      const bearer = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
      const speaker = bearer ? tokens.get(bearer) : undefined;
      calls.push({
        method,
        args,
        authorization,
        at: arrivedAt,
        ...(speaker ? { workspace: speaker.teamId ?? speaker.enterpriseId } : {}),
      });
      void delay.then(() => {
        const { status, body, headers } = answer(method, args, authorization);
        // NOTE: waiters are told after the call took effect, so a test waiting on a thread sees the change.
        notify();
        send(response, status, body, headers);
      });
    });
  });
  // NOTE: keep connections alive as Slack's API does. Node's fetch (undici) drops a connection after each
  // response when the advertised keep-alive is under 2 s, so a short timeout here made every Web API call
  // and response_url post open a new TCP connection and charged that to the app under test. close() ends
  // idle sockets itself (closeAllConnections).
  server.keepAliveTimeout = 10_000;

  function notify(): void {
    for (const waiter of [...waiters]) waiter();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const fake: FakeSlackApi = {
    apiUrl: `${origin}/api/`,
    origin,
    calls,
    responseUrl() {
      responseUrls += 1;
      const url = `${origin}/response/T0FEDERATN/${responseUrls}/${Math.random().toString(36).slice(2)}`;
      responseUrlUses.set(new URL(url).pathname, { firstAt: Date.now(), uses: 0 });
      return url;
    },
    triggerId() {
      triggerSequence += 1;
      const id = `trigger.${triggerSequence}.${Date.now()}.${Math.random().toString(36).slice(2, 10)}`;
      triggers.set(id, { issuedAt: Date.now(), usedAt: null });
      return id;
    },
    trigger(id) {
      const known = triggers.get(id);
      return known ? { ...known } : undefined;
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    addUser(user) {
      users.set(user.id, user);
    },
    addWorkspace(workspace) {
      workspaces.set(workspace.id, workspace);
    },
    addChannel(channel) {
      sharedChannels.set(channel.id, channel.teams);
    },
    setOAuthApp(app) {
      oauthApp = app;
    },
    installedTokens() {
      return new Map([...tokens].map(([token, owner]) => [owner.teamId ?? owner.enterpriseId ?? '', token]));
    },
    setSocketModeUrl(url) {
      socketModeUrl = url;
    },
    failNext(method, failure) {
      failures.set(method, [...(failures.get(method) ?? []), failure]);
    },
    callsTo(method) {
      return calls.filter((call) => call.method === method);
    },
    thread(channel, threadTs) {
      return [...messages.values()]
        .filter((message) => message.channel === channel && message.threadTs === threadTs && !message.deleted)
        .sort((a, b) => Number(a.ts) - Number(b.ts));
    },
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(calls)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(calls);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `fake Slack API: condition not met in ${timeoutMs} ms; calls were:\n${calls.map((call) => `${call.method} ${JSON.stringify(call.args).slice(0, 300)}`).join('\n')}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async waitForCalls(method, count = 1, timeoutMs = 5000) {
      await fake.waitFor((all) => all.filter((call) => call.method === method).length >= count, timeoutMs);
      return fake.callsTo(method);
    },
    reset() {
      calls.length = 0;
      failures.clear();
      messages.clear();
      buckets.clear();
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
  return fake;
}
