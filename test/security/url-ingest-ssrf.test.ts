import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFolder, type OpenFolder } from '../support/cli.ts';

// NOTE: each test runs several whole `pont` commands, each opening the embedded database.
const cliTimeout = 300_000;

// Server-side request forgery through `pont ingest URL`: a page that redirects to an internal address, whose
// text Pont would then quote to staff.
let dataDir: string;
let folder: OpenFolder;
let outside: http.Server;
let internal: http.Server;
let outsideUrl: string;
let internalUrl: string;

const pont = (environment: Record<string, string>, ...argv: string[]) =>
  folder.run(argv, { LOG_LEVEL: 'silent', ...environment });

function page(text: string): string {
  return `<html><head><title>${text}</title></head><body><p>${text}</p></body></html>`;
}

async function listen(server: http.Server, host: string): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-security-ssrf-'));
  folder = await openFolder(dataDir);
  // Stands for a service on the council's internal network (a metadata endpoint, an admin page).
  internal = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(page('Internal payroll export: the database password is hunter2.'));
  });
  internalUrl = await listen(internal, '127.0.0.2');
  // Stands for a public website that IT allowed; one of its pages redirects inside.
  outside = http.createServer((request, response) => {
    if (request.url === '/moved') {
      response.writeHead(302, { location: `${internalUrl}/payroll` });
      response.end();
    } else if (request.url === '/hops') {
      response.writeHead(301, { location: '/moved' });
      response.end();
    } else {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(page('Council tax is paid by direct debit on the first of the month.'));
    }
  });
  outsideUrl = await listen(outside, '127.0.0.1');
});

afterAll(async () => {
  await new Promise<void>((resolve) => outside.close(() => resolve()));
  await new Promise<void>((resolve) => internal.close(() => resolve()));
  await folder?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('pont ingest of a URL', () => {
  it(
    'refuses a loopback address unless PONT_FETCH_ALLOW lists it',
    async () => {
      const refused = await pont({}, 'ingest', `${outsideUrl}/council-tax`, '--json');
      expect(refused.status).toBe(0);
      expect(JSON.parse(refused.stdout)).toMatchObject({
        documents: 0,
        skipped: [
          {
            source: `${outsideUrl}/council-tax`,
            reason:
              'refused: 127.0.0.1 is a loopback, private, link-local or other special address; IT can allow it with PONT_FETCH_ALLOW',
          },
        ],
      });

      const allowed = await pont({ PONT_FETCH_ALLOW: '127.0.0.1' }, 'ingest', `${outsideUrl}/council-tax`, '--json');
      expect(JSON.parse(allowed.stdout)).toMatchObject({ documents: 1, skipped: [] });
    },
    cliTimeout,
  );

  it(
    'refuses a redirect to an internal address, after one hop or several, and never indexes what is there',
    async () => {
      const run = await pont(
        { PONT_FETCH_ALLOW: '127.0.0.1' },
        'ingest',
        `${outsideUrl}/moved`,
        `${outsideUrl}/hops`,
        '--json',
      );
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout) as { documents: number; skipped: { source: string; reason: string }[] };
      expect(report.documents).toBe(0);
      const reason =
        'refused: 127.0.0.2 is a loopback, private, link-local or other special address; IT can allow it with PONT_FETCH_ALLOW';
      expect(report.skipped).toEqual([
        { source: `${outsideUrl}/moved`, reason },
        { source: `${outsideUrl}/hops`, reason },
      ]);
      const searched = await pont({}, 'search', 'payroll database password', '--json');
      expect(searched.stdout).not.toContain('hunter2');
    },
    cliTimeout,
  );

  it(
    'stops start-up with one clear line when PONT_FETCH_ALLOW is not hosts or ranges',
    async () => {
      const run = await pont({ PONT_FETCH_ALLOW: '10.0.0.0/33' }, 'ingest', `${outsideUrl}/council-tax`);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('PONT_FETCH_ALLOW: "10.0.0.0/33" is neither a host name nor an IP range');
    },
    cliTimeout,
  );
});
