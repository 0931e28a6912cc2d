import type http from 'node:http';
import express from 'express';

/** One call the bot made to the connector. */
export interface ConnectorCall {
  kind: 'send' | 'reply' | 'update' | 'delete' | 'create-conversation' | 'get-member';
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
  /** When the connector acted on the call (ms since epoch), after its latency. */
  at: number;
}

export interface FakeMember {
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  userPrincipalName?: string;
  /** Whether the person has Pont installed (default true); Teams refuses a proactive chat with one who has not (403). */
  installed?: boolean;
}

export interface FakeConnectorOptions {
  /** How long each connector call takes, in milliseconds (default 0; the test harness uses 10). */
  latencyMs?: number;
  /**
   * Whether a call's Authorization header is a token this connector accepts (a token of the bot registered in
   * its tenant); any other call is refused with 401, as Bot Framework refuses a bot that is not in the conversation.
   * Unset: every call is accepted (local development has no tokens).
   */
  authorize?: (authorization: string | undefined) => boolean;
}

/**
 * Limits Teams enforces: an invoke (card action, message extension) must be answered within 5 seconds, a turn
 * within 15, and an activity the bot sends may be about 100 KB (larger ones are refused with 413).
 */
export const teamsLimits = { invokeMs: 5000, turnMs: 15_000, activityBytes: 100 * 1024 } as const;

export interface FakeConnector {
  /** The serviceUrl to put in activities (ends with a slash, as Teams' does). */
  url: string;
  calls: ConnectorCall[];
  /** Calls refused because their token was not one this connector accepts (with `authorize`). */
  refused: { method: string; path: string; authorization: string | undefined }[];
  /** Activities the bot sent (send and reply), in order. */
  sent(): ConnectorCall[];
  /** The Adaptive Cards in what the bot sent or updated. */
  cards(kinds?: ConnectorCall['kind'][]): Record<string, unknown>[];
  /**
   * The messages a person sees in a conversation now, oldest first: each activity the bot sent there (typing left
   * out) as its latest update left it, deleted ones gone. With `since` (a length of `calls`), only those sent after.
   */
  shown(conversationId: string, since?: number): Record<string, unknown>[];
  addMember(member: FakeMember): void;
  /**
   * The next `times` activity posts answer `status` (with Retry-After: `retryAfterSeconds`); with `onlyIn`, only
   * posts into those conversations count (and fail).
   */
  failNext(times: number, status: number, retryAfterSeconds?: number, onlyIn?: string[]): void;
  /** Changes the time every later call takes. */
  setLatency(ms: number): void;
  /** Resolves once `predicate` holds for the recorded calls; rejects after `timeoutMs` with what was recorded. */
  waitFor(predicate: (calls: ConnectorCall[]) => boolean, timeoutMs?: number): Promise<ConnectorCall[]>;
  reset(): void;
  close(): Promise<void>;
}

/**
 * A local Bot Framework connector (the service Teams gives as `serviceUrl`) on 127.0.0.1. It records every
 * reply, update and proactive message the bot sends, answers member look-ups from a roster, and can fail on
 * demand with 429/500 to test retries. Like Teams, it takes `latencyMs` per call, refuses an activity over
 * about 100 KB (413) and a proactive chat with someone who does not have the app (403). The 5 s invoke and
 * 15 s turn limits are on the other side, Teams waiting for the bot: `deliverActivity` enforces those.
 */
export async function startFakeConnector(options: FakeConnectorOptions = {}): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const refused: FakeConnector['refused'] = [];
  const members = new Map<string, FakeMember>();
  let failures: { times: number; status: number; retryAfterSeconds: number | undefined; onlyIn?: string[] } = {
    times: 0,
    status: 500,
    retryAfterSeconds: undefined,
  };
  let nextId = 1;
  let latencyMs = options.latencyMs ?? 0;
  const waiters = new Set<() => void>();
  const app = express();
  // Every call takes its latency before the connector acts on it.
  app.use((_request, _response, next) => {
    if (latencyMs > 0) setTimeout(next, latencyMs);
    else next();
  });
  app.use((request, response, next) => {
    if (!options.authorize || options.authorize(request.get('authorization'))) {
      next();
      return;
    }
    refused.push({ method: request.method, path: request.path, authorization: request.get('authorization') });
    response.status(401).json({ message: 'Authorization has been denied for this request.' });
  });
  app.use(express.json({ limit: '5mb' }));
  // NOTE: Teams refuses an activity over about 100 KB with 413 before looking at it.
  app.use((request, response, next) => {
    const length =
      request.body && typeof request.body === 'object' ? Buffer.byteLength(JSON.stringify(request.body)) : 0;
    if (length > teamsLimits.activityBytes) {
      response.status(413).json({
        error: {
          code: 'MessageSizeTooBig',
          message: `The activity is ${length} bytes; the limit is ${teamsLimits.activityBytes}`,
        },
      });
      return;
    }
    next();
  });
  app.use((_request, response, next) => {
    response.on('finish', () => {
      for (const waiter of [...waiters]) waiter();
    });
    next();
  });

  const failIfAsked = (response: express.Response, conversationId?: string): boolean => {
    if (failures.times <= 0) return false;
    if (failures.onlyIn && !(conversationId !== undefined && failures.onlyIn.includes(conversationId))) return false;
    failures.times -= 1;
    if (failures.retryAfterSeconds !== undefined) response.set('Retry-After', String(failures.retryAfterSeconds));
    response.status(failures.status).json({
      error: { code: failures.status === 429 ? 'Throttled' : 'ServiceError', message: 'fake connector failure' },
    });
    return true;
  };
  const record = (request: express.Request, call: Omit<ConnectorCall, 'authorization' | 'body' | 'at'>) =>
    calls.push({ ...call, body: request.body ?? {}, authorization: request.get('authorization'), at: Date.now() });

  app.post('/v3/conversations', (request, response) => {
    if (failIfAsked(response)) return;
    // Teams opens a 1:1 chat only with someone who has the app: anyone else is refused with 403.
    const wanted = ((request.body?.members ?? []) as { id?: string }[]).map((member) => members.get(String(member.id)));
    if (wanted.length === 0 || wanted.some((member) => !member || member.installed === false)) {
      record(request, { kind: 'create-conversation', conversationId: '' });
      response.status(403).json({
        error: {
          code: 'Forbidden',
          message: 'The bot is not installed for this user and cannot start a conversation with them',
        },
      });
      return;
    }
    const id = `a:proactive-${nextId++}`;
    record(request, { kind: 'create-conversation', conversationId: id });
    response.status(201).json({ id });
  });
  app.post('/v3/conversations/:conversationId/activities', (request, response) => {
    if (failIfAsked(response, request.params.conversationId)) return;
    const id = `activity-${nextId++}`;
    record(request, { kind: 'send', conversationId: request.params.conversationId, activityId: id });
    response.status(201).json({ id });
  });
  app.post('/v3/conversations/:conversationId/activities/:activityId', (request, response) => {
    if (failIfAsked(response, request.params.conversationId)) return;
    const id = `activity-${nextId++}`;
    record(request, { kind: 'reply', conversationId: request.params.conversationId, activityId: id });
    response.status(201).json({ id });
  });
  app.put('/v3/conversations/:conversationId/activities/:activityId', (request, response) => {
    if (failIfAsked(response, request.params.conversationId)) return;
    record(request, {
      kind: 'update',
      conversationId: request.params.conversationId,
      activityId: request.params.activityId,
    });
    response.status(200).json({ id: request.params.activityId });
  });
  app.delete('/v3/conversations/:conversationId/activities/:activityId', (request, response) => {
    record(request, {
      kind: 'delete',
      conversationId: request.params.conversationId,
      activityId: request.params.activityId,
    });
    response.status(200).end();
  });
  app.get('/v3/conversations/:conversationId/members/:memberId', (request, response) => {
    record(request, {
      kind: 'get-member',
      conversationId: request.params.conversationId,
      activityId: request.params.memberId,
    });
    const member = members.get(request.params.memberId);
    if (!member) {
      response
        .status(404)
        .json({ error: { code: 'MemberNotFoundInConversation', message: 'The member is not in this conversation' } });
      return;
    }
    response.json({
      ...member,
      objectId: member.aadObjectId,
      givenName: member.name.split(' ')[0],
      tenantId: 'tenant-1',
    });
  });

  const server: http.Server = await new Promise((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const cardsOf = (call: ConnectorCall) =>
    ((call.body.attachments as { contentType: string; content: Record<string, unknown> }[] | undefined) ?? [])
      .filter((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((attachment) => attachment.content);

  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    refused,
    sent: () => calls.filter((call) => call.kind === 'send' || call.kind === 'reply'),
    cards: (kinds = ['send', 'reply']) => calls.filter((call) => kinds.includes(call.kind)).flatMap(cardsOf),
    shown(conversationId, since = 0) {
      const messages = new Map<string, Record<string, unknown>>();
      for (const call of calls.slice(since)) {
        if (call.conversationId !== conversationId || !call.activityId) continue;
        if ((call.kind === 'send' || call.kind === 'reply') && call.body.type !== 'typing')
          messages.set(call.activityId, call.body);
        else if (call.kind === 'update' && messages.has(call.activityId)) messages.set(call.activityId, call.body);
        else if (call.kind === 'delete') messages.delete(call.activityId);
      }
      return [...messages.values()];
    },
    addMember: (member) => members.set(member.id, member),
    failNext(times, status, retryAfterSeconds, onlyIn) {
      failures = { times, status, retryAfterSeconds, ...(onlyIn ? { onlyIn } : {}) };
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(calls)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(calls);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `fake connector: condition not met in ${timeoutMs} ms; calls were:\n${calls.map((call) => `${call.kind} ${call.conversationId}`).join('\n')}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    reset() {
      calls.length = 0;
      failures = { times: 0, status: 500, retryAfterSeconds: undefined };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What Teams got back for an activity it delivered to the bot, and how long the bot took. */
export interface Delivered {
  status: number;
  body: unknown;
  elapsedMs: number;
}

/**
 * Delivers an activity to the bot's /api/messages as Teams does: an invoke not answered within 5 seconds, or
 * any turn not answered within 15, fails (Teams shows the user an error and drops the answer), so it rejects.
 */
export async function deliverActivity(
  url: string,
  activity: unknown,
  headers: Record<string, string> = {},
): Promise<Delivered> {
  const isInvoke =
    typeof activity === 'object' && activity !== null && (activity as { type?: unknown }).type === 'invoke';
  const limitMs = isInvoke ? teamsLimits.invokeMs : teamsLimits.turnMs;
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof activity === 'string' ? activity : JSON.stringify(activity),
      signal: AbortSignal.timeout(limitMs),
    });
  } catch (error) {
    if ((error as Error).name === 'TimeoutError')
      throw new Error(`Teams gave up: the ${isInvoke ? 'invoke' : 'turn'} was not answered within ${limitMs} ms`);
    throw error;
  }
  const text = await response.text();
  const elapsedMs = performance.now() - started;
  if (elapsedMs > limitMs)
    throw new Error(
      `Teams gave up: the ${isInvoke ? 'invoke' : 'turn'} was answered after ${Math.round(elapsedMs)} ms (limit ${limitMs} ms)`,
    );
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: response.status, body, elapsedMs };
}
