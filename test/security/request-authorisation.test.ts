import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent, SharingRequest } from '../../src/core/sharing/types.ts';
import { startWebTestServer, type WebTestServer } from '../channels/web/web-test-pont.ts';

// Attacks by a curious colleague through the web API: a signed-in member of staff who was not asked to help.
let web: WebTestServer;
const requester = 'sian.morgan@torfaen.gov.uk';
const colleague = 'nathan.cole@torfaen.gov.uk';
const answerText = 'We keep a spare crew on call for the bank holiday week and tell residents four weeks ahead.';

beforeAll(async () => {
  web = await startWebTestServer();
}, 300_000);

afterAll(async () => web?.stop());

async function signIn(email: string): Promise<string> {
  const response = await fetch(`${web.url}/api/identity`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function post(
  cookie: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${web.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', cookie },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function read(cookie: string, id: string): Promise<{ request: SharingRequest; events: RequestEvent[] }> {
  const response = await fetch(`${web.url}/api/requests/${id}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return (await response.json()) as { request: SharingRequest; events: RequestEvent[] };
}

describe('a colleague a request was not sent to, on the web API', () => {
  let requesterCookie: string;
  let colleagueCookie: string;
  let request: SharingRequest;

  beforeAll(async () => {
    requesterCookie = await signIn(requester);
    colleagueCookie = await signIn(colleague);
    const opened = await post(requesterCookie, '/api/requests', {
      text: 'How do you cover waste collection rounds over bank holidays?',
      clientKey: 'browser-key-1',
    });
    expect(opened.status).toBe(200);
    request = opened.body.request as SharingRequest;
    expect(request.routedTo.length).toBeGreaterThan(0);
    expect(request.routedTo).not.toContain(colleague);
  }, 300_000);

  it('cannot claim it, and the request stays with the people it was sent to', async () => {
    const claimed = await post(colleagueCookie, `/api/requests/${request.id}/claim`, {});
    expect(claimed.status).toBe(403);
    expect(claimed.body).toEqual({ error: 'Sorry, you are not allowed to do that.' });
    const seen = await read(requesterCookie, request.id);
    expect(seen.request).toMatchObject({ status: 'routed', claimedBy: null });
  }, 300_000);

  it('reads only its public fields: not whom it went to, not its history', async () => {
    const seen = await read(colleagueCookie, request.id);
    expect(seen.request).toMatchObject({
      id: request.id,
      title: request.title,
      requesterEmail: requester,
      status: 'routed',
      routedTo: [],
    });
    expect(seen.events).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain(request.routedTo[0]!);
  }, 300_000);

  it('reusing the requester’s retry key opens their own request instead of returning the requester’s', async () => {
    const reused = await post(colleagueCookie, '/api/requests', {
      text: 'How do you plan gritting routes for the winter?',
      clientKey: 'browser-key-1',
    });
    expect(reused.status).toBe(200);
    const theirs = reused.body.request as SharingRequest;
    expect(theirs.id).not.toBe(request.id);
    expect(theirs.requesterEmail).toBe(colleague);
    expect(JSON.stringify(reused.body)).not.toContain(request.routedTo[0]!);
    // The requester's own retry still returns their request.
    const retried = await post(requesterCookie, '/api/requests', {
      text: 'How do you cover waste collection rounds over bank holidays?',
      clientKey: 'browser-key-1',
    });
    expect((retried.body.request as SharingRequest).id).toBe(request.id);
  }, 300_000);

  it('does not read an answer given without consent to share, nor who gave it; the requester does', async () => {
    const helper = request.routedTo[0]!;
    const helperCookie = await signIn(helper);
    expect((await post(helperCookie, `/api/requests/${request.id}/claim`, {})).status).toBe(200);
    expect(
      (await post(helperCookie, `/api/requests/${request.id}/answer`, { text: answerText, consentToShare: false }))
        .status,
    ).toBe(200);

    const seen = await read(colleagueCookie, request.id);
    expect(seen.request).toMatchObject({ status: 'answered', answer: null, answeredBy: null });
    expect(JSON.stringify(seen)).not.toContain('spare crew');
    const own = await read(requesterCookie, request.id);
    expect(own.request).toMatchObject({ answer: answerText, answeredBy: helper });
  }, 300_000);
});
