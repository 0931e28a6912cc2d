import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SharingRequest } from '../../../src/core/sharing/types.ts';
import { startWebTestServer, type WebTestServer } from './web-test-pont.ts';

let web: WebTestServer;

beforeAll(async () => {
  web = await startWebTestServer();
}, 120_000);

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

async function myRequests(cookie: string): Promise<SharingRequest[]> {
  const response = await fetch(`${web.url}/api/requests`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { requests: SharingRequest[] }).requests;
}

describe('requests on the chat page after a profile is hidden', () => {
  it('shows the hidden person their own part and hides them from the requester', async () => {
    const requester = 'sian.morgan@torfaen.gov.uk';
    const request = await web.pont.sharing.open({
      text: 'How do you plan your waste collection rota?',
      fromEmail: requester,
    });
    const routed = request.routedTo[0]!;
    const routedCookie = await signIn(routed);
    const requesterCookie = await signIn(requester);
    await web.pont.people.updateProfile(routed, { visible: false }, { email: routed, isAdmin: false, via: 'web' });

    const own = (await myRequests(routedCookie)).find((candidate) => candidate.id === request.id);
    expect(own?.routedTo).toContain(routed);
    const detail = await fetch(`${web.url}/api/requests/${request.id}`, { headers: { cookie: routedCookie } });
    expect(((await detail.json()) as { request: SharingRequest }).request.routedTo).toContain(routed);

    const theirs = (await myRequests(requesterCookie)).find((candidate) => candidate.id === request.id);
    expect(theirs?.routedTo).not.toContain(routed);
  });
});
