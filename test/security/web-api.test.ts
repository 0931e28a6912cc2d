import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPont, type Pont } from '../../src/app.ts';
import { silentLogger } from '../../src/logger.ts';
import { createHttpApp, listen } from '../../src/server.ts';
import { testConfig } from '../support/config.ts';
import { createTestPont } from '../support/test-pont.ts';

// The web API attacked from the network: malformed bodies fishing for internals, and the admin token guessed
// against two replicas that share one database.

const adminToken = 'c0ffee5e7a1b4d2e9f8a6b3c1d0e2f4a6b8c';
const environment = { PONT_ADMIN_TOKEN: adminToken };
const fromNetwork = { 'X-Forwarded-For': '203.0.113.7' };

let pont: Pont;
let replica: Pont;
const servers: http.Server[] = [];
let first: string;
let second: string;

async function serve(instance: Pont): Promise<string> {
  const server = await listen(await createHttpApp(instance), 0, '127.0.0.1');
  servers.push(server);
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

beforeAll(async () => {
  pont = await createTestPont({ documents: false, environment });
  // A second replica: its own process state, the same database.
  replica = await createPont(testConfig(environment), { db: pont.db, logger: silentLogger });
  first = await serve(pont);
  second = await serve(replica);
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  await pont?.close();
});

describe('bodies that cannot be read', () => {
  it('answers malformed JSON to /api/chat with a short JSON error: no stack, no server path, no HTML', async () => {
    const response = await fetch(`${first}/api/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"text": "hello",',
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(text)).toEqual({ error: 'The request body is not valid JSON.' });
    expect(text).not.toMatch(/<html|<pre|SyntaxError|node_modules|\/work\/|\bat /i);
  });

  it('says so in Welsh to a Welsh browser, and the same for every other JSON endpoint', async () => {
    const response = await fetch(`${first}/api/requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept-Language': 'cy' },
      body: '{',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'Nid yw corff y cais yn JSON dilys.' });
  });

  it("answers an address nothing serves with JSON, not Express's HTML page", async () => {
    const response = await fetch(`${first}/api/nothing-here`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'There is nothing at this address.' });
  });
});

describe('guessing the admin token', () => {
  it('stops an address after ten wrong tokens, counted across both replicas, even when the eleventh is right', async () => {
    for (let guess = 0; guess < 10; guess += 1) {
      const url = guess % 2 === 0 ? first : second;
      const response = await fetch(`${url}/api/me`, {
        headers: { ...fromNetwork, Authorization: `Bearer wrong-guess-${guess}` },
      });
      expect(response.status).toBe(401);
    }
    const right = await fetch(`${second}/api/me`, {
      headers: { ...fromNetwork, Authorization: `Bearer ${adminToken}` },
    });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(60);
    expect((await right.json()).error).toMatch(/Too many wrong admin tokens/);

    // The sign-in form meets the same count, in the page's language.
    const form = await fetch(`${first}/sign-in`, {
      method: 'POST',
      headers: { ...fromNetwork, 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'cy' },
      body: new URLSearchParams({ token: adminToken, next: '/' }).toString(),
      redirect: 'manual',
    });
    expect(form.status).toBe(429);
    expect(await form.text()).toContain('Mae gormod o docynnau gweinyddu anghywir');
  });
});
