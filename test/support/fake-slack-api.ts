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
  at: number;
}

/** A user the fake's users.info and users.lookupByEmail know. */
export interface FakeSlackUser {
  id: string;
  email: string | null;
  name?: string;
  locale?: string;
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
  deleted: boolean;
}

/** A scripted failure for the next call of a method. */
export type ScriptedFailure = { error: string } | { ratelimited: number };

export interface FakeSlackApi {
  /** The slackApiUrl for the WebClient (ends with /api/). */
  apiUrl: string;
  origin: string;
  calls: SlackCall[];
  /** A fresh response_url on this server. */
  responseUrl(): string;
  addUser(user: FakeSlackUser): void;
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
        .filter((chunk): chunk is { type: string; text: string } => typeof chunk === 'object' && chunk !== null && chunk.type === 'markdown_text' && typeof chunk.text === 'string')
        .map((chunk) => chunk.text)
        .join('')
    : '';
  return `${typeof args.markdown_text === 'string' ? args.markdown_text : ''}${fromChunks}`;
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

function send(response: http.ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(value));
}

/**
 * A local Slack Web API on 127.0.0.1 for tests and the bench. It records every call (chat.postMessage,
 * chat.postEphemeral, chat.update, chat.delete, chat.startStream / appendStream / stopStream, views.open,
 * views.publish, users.info, users.lookupByEmail, conversations.open, auth.test and response_url posts), keeps
 * the messages it was sent so a test can read a thread as a user sees it, and can answer the next call of a
 * method with `ratelimited` (HTTP 429 + Retry-After) or any Slack error such as `channel_not_found`.
 */
export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: SlackCall[] = [];
  const users = new Map<string, FakeSlackUser>();
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

  function userObject(user: FakeSlackUser) {
    return {
      id: user.id,
      team_id: fakeTeamId,
      name: user.name ?? user.id.toLowerCase(),
      real_name: user.name ?? user.id,
      is_bot: false,
      locale: user.locale ?? 'en-GB',
      profile: { email: user.email ?? undefined, real_name: user.name ?? user.id, display_name: user.name ?? user.id },
    };
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function answer(method: string, args: Record<string, any>): { status: number; body: unknown; headers?: Record<string, string> } {
    const failure = failures.get(method)?.shift();
    if (failure) {
      if ('ratelimited' in failure) {
        return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(failure.ratelimited) } };
      }
      return { status: 200, body: { ok: false, error: failure.error } };
    }
    switch (method) {
      case 'auth.test':
        return { status: 200, body: { ok: true, url: 'https://federation.slack.com/', team: 'Federation', user: 'pont', team_id: fakeTeamId, user_id: fakeBotUserId, bot_id: 'BPONTBOT1', is_enterprise_install: false } };
      case 'chat.postMessage': {
        const ts = nextTs();
        messages.set(messageKey(args.channel, ts), { channel: String(args.channel), ts, threadTs: args.thread_ts, text: String(args.text ?? ''), blocks: args.blocks, streaming: false, deleted: false });
        return { status: 200, body: { ok: true, channel: args.channel, ts, message: { type: 'message', text: args.text, ts, thread_ts: args.thread_ts } } };
      }
      case 'chat.postEphemeral':
        return { status: 200, body: { ok: true, message_ts: nextTs() } };
      case 'chat.update': {
        // Messages the fake never saw (a button's message from a fixture) are updated without complaint.
        const message = messages.get(messageKey(args.channel, args.ts));
        if (message?.deleted) return { status: 200, body: { ok: false, error: 'message_not_found' } };
        // Slack refuses to edit a message while it is still streaming.
        if (message?.streaming) return { status: 200, body: { ok: false, error: 'streaming_state_conflict' } };
        if (message) Object.assign(message, { text: String(args.text ?? ''), blocks: args.blocks });
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
        messages.set(messageKey(args.channel, ts), { channel: String(args.channel), ts, threadTs: args.thread_ts, text: streamedMarkdown(args), blocks: undefined, streaming: true, deleted: false });
        return { status: 200, body: { ok: true, channel: args.channel, ts } };
      }
      case 'chat.appendStream':
      case 'chat.stopStream': {
        const message = messages.get(messageKey(args.channel, args.ts));
        if (!message || message.deleted) return { status: 200, body: { ok: false, error: 'message_not_found' } };
        if (!message.streaming) return { status: 200, body: { ok: false, error: 'message_not_in_streaming_state' } };
        message.text += streamedMarkdown(args);
        if (method === 'chat.appendStream') return { status: 200, body: { ok: true, channel: args.channel, ts: args.ts } };
        message.streaming = false;
        if (Array.isArray(args.blocks)) message.blocks = args.blocks;
        return {
          status: 200,
          body: { ok: true, channel: args.channel, ts: args.ts, message: { type: 'message', text: message.text, ts: message.ts, thread_ts: message.threadTs, ...(message.blocks ? { blocks: message.blocks } : {}) } },
        };
      }
      case 'views.open':
      case 'views.publish':
      case 'views.update':
      case 'views.push':
        views += 1;
        return { status: 200, body: { ok: true, view: { id: `V${String(views).padStart(8, '0')}`, ...(typeof args.view === 'object' ? args.view : {}) } } };
      case 'users.info': {
        const user = users.get(String(args.user));
        return user ? { status: 200, body: { ok: true, user: userObject(user) } } : { status: 200, body: { ok: false, error: 'user_not_found' } };
      }
      case 'users.lookupByEmail': {
        const email = String(args.email ?? '').toLowerCase();
        const user = [...users.values()].find((candidate) => candidate.email?.toLowerCase() === email);
        return user ? { status: 200, body: { ok: true, user: userObject(user) } } : { status: 200, body: { ok: false, error: 'users_not_found' } };
      }
      case 'apps.connections.open':
        return socketModeUrl ? { status: 200, body: { ok: true, url: socketModeUrl } } : { status: 200, body: { ok: false, error: 'invalid_auth' } };
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
        // For the bench: when each reply arrived, keyed by its response_url path or the thread it answers in.
        const answers = calls
          .filter((call) => call.method === 'response_url' || call.method === 'chat.postMessage')
          .map((call) => ({ key: String(call.method === 'response_url' ? call.args.url : call.args.thread_ts), at: call.at }));
        send(response, 200, answers);
        return;
      }
      if (pathname === '/_reset') {
        calls.length = 0;
        messages.clear();
        send(response, 200, { ok: true });
        return;
      }
      if (pathname.startsWith('/response/')) {
        calls.push({ method: 'response_url', args: { ...args, url: pathname }, authorization, at: Date.now() });
        notify();
        send(response, 200, { ok: true });
        return;
      }
      const method = pathname.replace(/^\/api\//, '');
      calls.push({ method, args, authorization, at: Date.now() });
      const { status, body, headers } = answer(method, args);
      // NOTE: waiters are told after the call took effect, so a test waiting on a thread sees the change.
      notify();
      send(response, status, body, headers);
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
      return `${origin}/response/T0FEDERATN/${responseUrls}/${Math.random().toString(36).slice(2)}`;
    },
    addUser(user) {
      users.set(user.id, user);
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
      return [...messages.values()].filter((message) => message.channel === channel && message.threadTs === threadTs && !message.deleted).sort((a, b) => Number(a.ts) - Number(b.ts));
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
          reject(new Error(`fake Slack API: condition not met in ${timeoutMs} ms; calls were:\n${calls.map((call) => `${call.method} ${JSON.stringify(call.args).slice(0, 300)}`).join('\n')}`));
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
