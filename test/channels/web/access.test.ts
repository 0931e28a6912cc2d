import express, { type Request, type Response } from 'express';
import { describe, expect, it } from 'vitest';
import {
  createAccessGuard,
  isLoopbackAddress,
  isLoopbackHost,
  type Visitor,
} from '../../../src/channels/web/access.ts';
import type { WebSession, WebSessions } from '../../../src/channels/web/sessions.ts';

function memorySessions(entries: Record<string, WebSession> = {}): WebSessions {
  const sessions = new Map(Object.entries(entries));
  return {
    async create(session) {
      const token = `token-${sessions.size + 1}`;
      sessions.set(token, session);
      return token;
    },
    async read(token) {
      return sessions.get(token) ?? null;
    },
    async setEmail(token, email) {
      const session = sessions.get(token);
      if (session) session.email = email;
    },
    async remove(token) {
      sessions.delete(token);
    },
  };
}

/** A real Express request object whose socket comes from `remoteAddress`: no network involved. */
function fakeRequest(options: {
  remoteAddress: string;
  url?: string;
  method?: string;
  headers?: Record<string, string>;
}): Request {
  const request = Object.create(express.request) as Request;
  Object.assign(request, {
    method: options.method ?? 'GET',
    url: options.url ?? '/api/me',
    headers: {
      host: '127.0.0.1:3978',
      accept: 'application/json',
      ...Object.fromEntries(Object.entries(options.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value])),
    },
    socket: { remoteAddress: options.remoteAddress },
  });
  return request;
}

interface Outcome {
  passed: boolean;
  status: number | null;
  body: unknown;
  refusedPage: boolean;
  visitor: Visitor | undefined;
}

async function run(
  request: Request,
  config: { adminToken?: string; admins?: string[] } = {},
  sessions = memorySessions(),
): Promise<Outcome> {
  const outcome: Outcome = { passed: false, status: null, body: undefined, refusedPage: false, visitor: undefined };
  const response = {
    locals: {} as Record<string, unknown>,
    status(code: number) {
      outcome.status = code;
      return this;
    },
    set() {
      return this;
    },
    json(body: unknown) {
      outcome.body = body;
      return this;
    },
  };
  const guard = createAccessGuard({
    config: { adminToken: config.adminToken, admins: config.admins ?? [] },
    sessions,
    refusePage() {
      outcome.refusedPage = true;
    },
  });
  await guard(request, response as unknown as Response, () => {
    outcome.passed = true;
  });
  outcome.visitor = response.locals.visitor as Visitor | undefined;
  return outcome;
}

describe('the web access guard', () => {
  it('refuses an API call from another computer without the admin token', async () => {
    const outcome = await run(fakeRequest({ remoteAddress: '203.0.113.7' }), { adminToken: 'secret-token' });
    expect(outcome.passed).toBe(false);
    expect(outcome.status).toBe(401);
    expect(JSON.stringify(outcome.body)).toContain('PONT_ADMIN_TOKEN');
  });

  it('answers a page request from another computer with the sign-in page, not the page', async () => {
    const outcome = await run(
      fakeRequest({ remoteAddress: '198.51.100.20', url: '/', headers: { accept: 'text/html' } }),
      { adminToken: 'secret-token' },
    );
    expect(outcome.passed).toBe(false);
    expect(outcome.refusedPage).toBe(true);
  });

  it('lets another computer in with the admin token as a bearer header, as an admin', async () => {
    const outcome = await run(
      fakeRequest({ remoteAddress: '203.0.113.7', headers: { authorization: 'Bearer secret-token' } }),
      { adminToken: 'secret-token' },
    );
    expect(outcome.passed).toBe(true);
    expect(outcome.visitor).toMatchObject({ local: false, isAdmin: true, canSeeDashboard: true });
  });

  it('refuses a wrong bearer token even from this computer', async () => {
    const outcome = await run(
      fakeRequest({ remoteAddress: '127.0.0.1', headers: { authorization: 'Bearer guessed' } }),
      { adminToken: 'secret-token' },
    );
    expect(outcome.passed).toBe(false);
    expect(outcome.status).toBe(401);
  });

  it('lets another computer in with a session signed in with the token', async () => {
    const sessions = memorySessions({ abc: { email: 'sian.hughes@blaenau-gwent.gov.uk', signedInWithToken: true } });
    const outcome = await run(
      fakeRequest({ remoteAddress: '203.0.113.7', headers: { cookie: 'pont_session=abc' } }),
      { adminToken: 'secret-token' },
      sessions,
    );
    expect(outcome.passed).toBe(true);
    expect(outcome.visitor).toMatchObject({ email: 'sian.hughes@blaenau-gwent.gov.uk', signedIn: true, isAdmin: true });
  });

  it('does not let a session chosen on this computer open the page from another', async () => {
    const sessions = memorySessions({ abc: { email: 'sian.hughes@blaenau-gwent.gov.uk', signedInWithToken: false } });
    const outcome = await run(
      fakeRequest({ remoteAddress: '203.0.113.7', headers: { cookie: 'pont_session=abc' } }),
      { adminToken: 'secret-token' },
      sessions,
    );
    expect(outcome.passed).toBe(false);
  });

  it('treats a request that came through a proxy as from the network', async () => {
    const outcome = await run(
      fakeRequest({ remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.7' } }),
    );
    expect(outcome.passed).toBe(false);
    expect(outcome.status).toBe(401);
  });

  it('refuses a loopback request for a foreign host name (DNS rebinding)', async () => {
    const outcome = await run(fakeRequest({ remoteAddress: '127.0.0.1', headers: { host: 'attacker.example:3978' } }));
    expect(outcome.passed).toBe(false);
  });

  it('lets this computer in without a token, and shows the dashboard while no admin is configured', async () => {
    const outcome = await run(fakeRequest({ remoteAddress: '::ffff:127.0.0.1' }));
    expect(outcome.passed).toBe(true);
    expect(outcome.visitor).toMatchObject({ local: true, isAdmin: false, canSeeDashboard: true });
  });

  it('keeps the dashboard for PONT_ADMINS once admins are configured', async () => {
    const sessions = memorySessions({
      admin: { email: 'alys.morgan@torfaen.gov.uk', signedInWithToken: false },
      staff: { email: 'owen.davies@torfaen.gov.uk', signedInWithToken: false },
    });
    const config = { admins: ['alys.morgan@torfaen.gov.uk'] };
    const admin = await run(
      fakeRequest({ remoteAddress: '127.0.0.1', headers: { cookie: 'pont_session=admin' } }),
      config,
      sessions,
    );
    const staff = await run(
      fakeRequest({ remoteAddress: '127.0.0.1', headers: { cookie: 'pont_session=staff' } }),
      config,
      sessions,
    );
    expect(admin.visitor).toMatchObject({ isAdmin: true, canSeeDashboard: true });
    expect(staff.visitor).toMatchObject({ isAdmin: false, canSeeDashboard: false });
  });
});

describe('loopback addresses and host names', () => {
  it('knows this computer by its addresses and names', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].every(isLoopbackAddress)).toBe(true);
    expect(['10.0.0.1', '192.168.1.4', '::ffff:10.0.0.1', '1270.0.0.1', '', undefined].some(isLoopbackAddress)).toBe(
      false,
    );
    expect(['localhost:3978', '127.0.0.1:3978', '[::1]:3978', 'LOCALHOST'].every(isLoopbackHost)).toBe(true);
    expect(['pont.example.org', '127.0.0.1.nip.io:3978', undefined].some(isLoopbackHost)).toBe(false);
  });
});
