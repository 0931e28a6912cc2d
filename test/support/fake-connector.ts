import type http from 'node:http';
import express from 'express';

/** One call the bot made to the connector. */
export interface ConnectorCall {
  kind: 'send' | 'reply' | 'update' | 'delete' | 'create-conversation' | 'get-member';
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

export interface FakeMember {
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  userPrincipalName?: string;
}

export interface FakeConnector {
  /** The serviceUrl to put in activities (ends with a slash, as Teams' does). */
  url: string;
  calls: ConnectorCall[];
  /** Activities the bot sent (send and reply), in order. */
  sent(): ConnectorCall[];
  /** The Adaptive Cards in what the bot sent or updated. */
  cards(kinds?: ConnectorCall['kind'][]): Record<string, unknown>[];
  addMember(member: FakeMember): void;
  /** The next `times` activity posts answer `status` (with Retry-After: `retryAfterSeconds`). */
  failNext(times: number, status: number, retryAfterSeconds?: number): void;
  reset(): void;
  close(): Promise<void>;
}

/**
 * A local Bot Framework connector (the service Teams gives as `serviceUrl`) on 127.0.0.1. It records every
 * reply, update and proactive message the bot sends, answers member look-ups from a roster, and can fail on
 * demand with 429/500 to test retries.
 */
export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const members = new Map<string, FakeMember>();
  let failures: { times: number; status: number; retryAfterSeconds: number | undefined } = { times: 0, status: 500, retryAfterSeconds: undefined };
  let nextId = 1;
  const app = express();
  app.use(express.json({ limit: '5mb' }));

  const failIfAsked = (response: express.Response): boolean => {
    if (failures.times <= 0) return false;
    failures.times -= 1;
    if (failures.retryAfterSeconds !== undefined) response.set('Retry-After', String(failures.retryAfterSeconds));
    response.status(failures.status).json({ error: { code: failures.status === 429 ? 'Throttled' : 'ServiceError', message: 'fake connector failure' } });
    return true;
  };
  const record = (request: express.Request, call: Omit<ConnectorCall, 'authorization' | 'body'>) =>
    calls.push({ ...call, body: request.body ?? {}, authorization: request.get('authorization') });

  app.post('/v3/conversations', (request, response) => {
    if (failIfAsked(response)) return;
    const id = `a:proactive-${nextId++}`;
    record(request, { kind: 'create-conversation', conversationId: id });
    response.status(201).json({ id });
  });
  app.post('/v3/conversations/:conversationId/activities', (request, response) => {
    if (failIfAsked(response)) return;
    const id = `activity-${nextId++}`;
    record(request, { kind: 'send', conversationId: request.params.conversationId, activityId: id });
    response.status(201).json({ id });
  });
  app.post('/v3/conversations/:conversationId/activities/:activityId', (request, response) => {
    if (failIfAsked(response)) return;
    const id = `activity-${nextId++}`;
    record(request, { kind: 'reply', conversationId: request.params.conversationId, activityId: id });
    response.status(201).json({ id });
  });
  app.put('/v3/conversations/:conversationId/activities/:activityId', (request, response) => {
    if (failIfAsked(response)) return;
    record(request, { kind: 'update', conversationId: request.params.conversationId, activityId: request.params.activityId });
    response.status(200).json({ id: request.params.activityId });
  });
  app.delete('/v3/conversations/:conversationId/activities/:activityId', (request, response) => {
    record(request, { kind: 'delete', conversationId: request.params.conversationId, activityId: request.params.activityId });
    response.status(200).end();
  });
  app.get('/v3/conversations/:conversationId/members/:memberId', (request, response) => {
    record(request, { kind: 'get-member', conversationId: request.params.conversationId, activityId: request.params.memberId });
    const member = members.get(request.params.memberId);
    if (!member) {
      response.status(404).json({ error: { code: 'MemberNotFoundInConversation', message: 'The member is not in this conversation' } });
      return;
    }
    response.json({ ...member, objectId: member.aadObjectId, givenName: member.name.split(' ')[0], tenantId: 'tenant-1' });
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
    sent: () => calls.filter((call) => call.kind === 'send' || call.kind === 'reply'),
    cards: (kinds = ['send', 'reply']) => calls.filter((call) => kinds.includes(call.kind)).flatMap(cardsOf),
    addMember: (member) => members.set(member.id, member),
    failNext(times, status, retryAfterSeconds) {
      failures = { times, status, retryAfterSeconds };
    },
    reset() {
      calls.length = 0;
      failures = { times: 0, status: 500, retryAfterSeconds: undefined };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
