import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedDocument, ReadOutcome } from '../../src/core/knowledge/types.ts';
import { createDocumentReader, createPolicyFetch, fetchAllowSchema, fileSource } from '../../src/ingest/index.ts';
import { makeDocx, makePdf } from './make-fixtures.ts';

const fixtures = path.resolve('test/fixtures/knowledge');
let folder: string;

// NOTE: the test server is on loopback, which Pont refuses unless IT allows it, as PONT_FETCH_ALLOW=127.0.0.1 does.
const allowLoopback = createPolicyFetch(fetchAllowSchema.parse('127.0.0.1'));

async function readAll(
  sources: string[],
  reader = createDocumentReader({ fetch: allowLoopback }),
): Promise<ReadOutcome[]> {
  const outcomes: ReadOutcome[] = [];
  for await (const outcome of reader.read(sources)) outcomes.push(outcome);
  return outcomes;
}

async function readOne(source: string): Promise<ParsedDocument> {
  const [outcome] = await readAll([source]);
  if (!outcome || !('document' in outcome)) throw new Error(`expected a document, got ${JSON.stringify(outcome)}`);
  return outcome.document;
}

const allText = (document: ParsedDocument) => document.sections.flatMap((section) => section.paragraphs).join('\n');

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-ingest-'));
  fs.writeFileSync(
    path.join(folder, 'report.pdf'),
    makePdf(['Joint Chief Executive report.', 'The councils agreed a joint pay structure.'], {
      title: 'Pay report',
      created: 'D:20251028120000Z',
    }),
  );
  fs.writeFileSync(
    path.join(folder, 'decision.docx'),
    await makeDocx(
      [
        { heading: 'Decision' },
        { text: 'Torfaen approved the Heads of Terms.' },
        { heading: 'Reasons' },
        { text: 'To share senior roles.' },
      ],
      {
        title: 'Section 113 decision',
        created: '2025-10-28T09:00:00Z',
      },
    ),
  );
  fs.writeFileSync(
    path.join(folder, 'picture.txt'),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0x02, 0x00]),
  );
  const large = path.join(folder, 'huge.txt');
  fs.writeFileSync(large, '');
  fs.truncateSync(large, 26 * 1024 * 1024);
});

afterAll(() => {
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('reading documents', () => {
  it('reads Markdown with its front matter title and date, dropping Markdown syntax', async () => {
    const document = await readOne(path.join(fixtures, 'federation-note.md'));
    expect(document).toMatchObject({
      title: 'Federation note',
      published: '2025-01-23',
      language: 'en',
      source: 'test/fixtures/knowledge/federation-note.md',
    });
    expect(document.sections.map((section) => section.heading)).toEqual([
      'Ignored as title because front matter has one',
      'Budget',
    ]);
    expect(allText(document)).toContain('Intro paragraph with bold text and a link (https://example.org/source).');
    expect(allText(document)).toContain('Each council sets its own budget.');
  });

  it('reads plain text and a "Published:" line as the date', async () => {
    const document = await readOne(path.join(fixtures, 'plain-notes.txt'));
    expect(document.published).toBe('2025-01-23');
    // A short first line on its own is the title (and the heading of what follows), not the file name.
    expect(document.title).toBe('Plain notes about the joint leadership team');
    expect(allText(document)).not.toContain('Plain notes about');
    expect(allText(document)).toContain('The joint leadership team meets every month.');
    expect(allText(document)).not.toContain('Published');
  });

  it('reads an HTML page: title, date and language from its metadata, headings as sections, no scripts or navigation', async () => {
    const document = await readOne(path.join(fixtures, 'statement.cy.html'));
    expect(document).toMatchObject({
      title: 'Datganiad ysgrifenedig: ffedereiddio',
      published: '2025-01-23',
      language: 'cy',
    });
    expect(document.sections.map((section) => section.heading)).toEqual([
      'Ffedereiddio llywodraeth leol',
      'Y camau nesaf',
    ]);
    const text = allText(document);
    expect(text).toContain('Bydd Partneriaethau Lleol yn datblygu achos amlinellol strategol.');
    expect(text).not.toMatch(/ignored|Hafan|Hawlfraint|color/);
  });

  it('reads the text, title and date of a PDF', async () => {
    const document = await readOne(path.join(folder, 'report.pdf'));
    expect(document).toMatchObject({ title: 'Pay report', published: '2025-10-28', language: 'en' });
    expect(allText(document)).toContain('The councils agreed a joint pay structure.');
  });

  it('reads a Word document with its headings and document properties', async () => {
    const document = await readOne(path.join(folder, 'decision.docx'));
    expect(document).toMatchObject({ title: 'Section 113 decision', published: '2025-10-28' });
    expect(document.sections).toEqual([
      { heading: 'Decision', paragraphs: ['Torfaen approved the Heads of Terms.'] },
      { heading: 'Reasons', paragraphs: ['To share senior roles.'] },
    ]);
  });

  it('skips a corrupt PDF, an empty file, a binary file, an unsupported type and a file over 25 MB, each with its reason', async () => {
    const outcomes = await readAll([
      path.join(fixtures, 'corrupt.pdf'),
      path.join(fixtures, 'empty.txt'),
      path.join(folder, 'picture.txt'),
      path.join(fixtures, 'table.csv'),
      path.join(folder, 'huge.txt'),
      path.join(fixtures, 'federation-note.md'),
    ]);
    const reasons = outcomes.map((outcome) => ('skipped' in outcome ? outcome.skipped.reason : 'read'));
    expect(reasons[0]).toMatch(/^corrupt or unreadable PDF/);
    expect(reasons[1]).toBe('empty file');
    expect(reasons[2]).toBe('binary file, not text');
    expect(reasons[3]).toMatch(/^unsupported type \.csv: Pont reads \.md, \.txt, \.html, \.pdf, \.docx/);
    expect(reasons[4]).toMatch(/^larger than 25\.0 MB/);
    expect(reasons[5]).toBe('read');
  });

  it('reads every file in a folder, in name order, and reports a missing path', async () => {
    const outcomes = await readAll([fixtures, path.join(folder, 'nowhere.md')]);
    const sources = outcomes.map((outcome) =>
      'document' in outcome ? outcome.document.source : outcome.skipped.source,
    );
    expect(sources.map((source) => path.basename(source))).toEqual([
      'corrupt.pdf',
      'empty.txt',
      'federation-note.md',
      'plain-notes.txt',
      'statement.cy.html',
      'table.csv',
      'nowhere.md',
    ]);
    expect(outcomes.at(-1)).toEqual({
      skipped: { source: path.join(folder, 'nowhere.md'), reason: 'not found: check the path' },
    });
  });
});

describe('naming file sources', () => {
  it('names a file inside the working folder by its relative path and remembers its absolute one', async () => {
    const document = await readOne('test/fixtures/knowledge/federation-note.md');
    expect(document.source).toBe('test/fixtures/knowledge/federation-note.md');
    expect(document.formerSources).toEqual([path.join(fixtures, 'federation-note.md')]);
  });

  it('names a file outside the working folder by its absolute path', async () => {
    const [outcome] = await readAll(
      [path.join(fixtures, 'federation-note.md')],
      createDocumentReader({ workingFolder: folder }),
    );
    expect(outcome).toMatchObject({ document: { source: path.join(fixtures, 'federation-note.md') } });
    expect(fileSource('/srv/other/notes.md', '/srv/pont')).toBe('/srv/other/notes.md');
    expect(fileSource('/srv/pont/data/notes.md', '/srv/pont')).toBe('data/notes.md');
    expect(fileSource('/srv/pont-old/notes.md', '/srv/pont')).toBe('/srv/pont-old/notes.md');
    expect(fileSource('/srv/pont/data/notes.md', '/')).toBe('/srv/pont/data/notes.md');
  });
});

describe('reading URLs', () => {
  let server: http.Server;
  let base: string;
  let closedPort: number;

  beforeAll(async () => {
    const pdf = makePdf(['A report served over HTTP.'], { title: 'Served report' });
    server = http.createServer((request, response) => {
      if (request.url === '/page') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(
          '<html lang="en"><head><title>Served page</title></head><body><p>The federation is not a merger.</p></body></html>',
        );
      } else if (request.url === '/files/report') {
        response.writeHead(200, { 'content-type': 'application/pdf' });
        response.end(pdf);
      } else if (request.url === '/image') {
        response.writeHead(200, { 'content-type': 'image/png' });
        response.end(Buffer.from([1, 2, 3]));
      } else {
        response.writeHead(404);
        response.end('not here');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('reads an HTML page and a PDF by their media type, keeping the URL as the source', async () => {
    const page = await readOne(`${base}/page`);
    expect(page).toMatchObject({ source: `${base}/page`, title: 'Served page', language: 'en' });
    expect(allText(page)).toBe('The federation is not a merger.');
    const report = await readOne(`${base}/files/report`);
    expect(report.title).toBe('Served report');
  });

  it('skips a missing page, an unreachable server and an unsupported media type, and reads the rest', async () => {
    const outcomes = await readAll([
      `${base}/missing`,
      `http://127.0.0.1:${closedPort}/page`,
      `${base}/image`,
      `${base}/page`,
    ]);
    expect(outcomes.slice(0, 3)).toEqual([
      { skipped: { source: `${base}/missing`, reason: 'unreachable (HTTP 404)' } },
      { skipped: { source: `http://127.0.0.1:${closedPort}/page`, reason: 'unreachable (ECONNREFUSED)' } },
      { skipped: { source: `${base}/image`, reason: expect.stringMatching(/^unsupported type image\/png/) } },
    ]);
    expect('document' in outcomes[3]!).toBe(true);
  });

  it('skips a download larger than the limit', async () => {
    const outcomes = await readAll([`${base}/page`], createDocumentReader({ maximumBytes: 20, fetch: allowLoopback }));
    expect(outcomes).toEqual([{ skipped: { source: `${base}/page`, reason: expect.stringMatching(/^larger than/) } }]);
  });
});
