import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTestServer, type WebTestServer } from './web-test-pont.ts';

/** The cookies the page sets when a person chooses who they are and a language, as `Set-Cookie` lines. */
async function cookiesFrom(web: WebTestServer): Promise<string[]> {
  const identity = await fetch(`${web.url}/api/identity`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'sian.morgan@torfaen.gov.uk' }),
  });
  expect(identity.status).toBe(200);
  const page = await fetch(`${web.url}/?lang=cy`);
  expect(page.status).toBe(200);
  return [...identity.headers.getSetCookie(), ...page.headers.getSetCookie()];
}

describe('web cookies behind a TLS proxy', () => {
  let published: WebTestServer;
  let plain: WebTestServer;

  beforeAll(async () => {
    published = await startWebTestServer({ PONT_PUBLIC_URL: 'https://pont.example.gov.uk' });
    plain = await startWebTestServer();
  }, 120_000);
  afterAll(async () => {
    await published?.stop();
    await plain?.stop();
  });

  it('marks the session and language cookies Secure when Pont is published at an https address', async () => {
    const cookies = await cookiesFrom(published);
    expect(cookies.map((cookie) => cookie.split('=')[0])).toEqual(['pont_session', 'pont_language']);
    for (const cookie of cookies) expect(cookie).toMatch(/; Secure/);
    expect(cookies[0]).toMatch(/HttpOnly/);
  });

  it('leaves them usable over plain http on this computer when no https address is configured', async () => {
    const cookies = await cookiesFrom(plain);
    expect(cookies).toHaveLength(2);
    for (const cookie of cookies) expect(cookie).not.toMatch(/Secure/);
  });
});
