import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliFolder } from '../../support/cli.ts';

// NOTE: the folder's database is opened once for the file; each command still runs through the CLI's entry point.
const cli = useCliFolder('pont-cli-knowledge-');
const pont = cli.pont;

describe('pont ingest, ask and search', () => {
  it('indexes the starter documents and then skips them as unchanged', async () => {
    const first = await pont('ingest', 'data/', path.join('test/fixtures/knowledge/empty.txt'), '--json');
    expect(first.status).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report.documents).toBe(2);
    expect(report.chunks).toBeGreaterThan(5);
    expect(report.skipped).toEqual([{ source: 'test/fixtures/knowledge/empty.txt', reason: 'empty file' }]);

    const again = await pont('ingest', 'data/');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Indexed 0 documents (0 passages).');
    expect(again.stdout).toContain('federation-facts.en.md: unchanged');
  });

  it('answers an English question with a quoted, cited passage from the fact sheet', async () => {
    const { status, stdout } = await pont('ask', 'Is the federation a merger?', '--json');
    expect(status).toBe(0);
    const answer = JSON.parse(stdout);
    expect(answer).toMatchObject({ answered: true, language: 'en' });
    expect(answer.citations[0]).toMatchObject({
      title: 'The Blaenau Gwent and Torfaen federation – fact sheet',
      source: 'data/federation-facts.en.md',
      published: '2025-11-01',
    });
    expect(answer.citations[0].quote).toMatch(/^The federation is not a merger: .*sovereignty/);
    expect(answer.answer).toContain(`“${answer.citations[0].quote}”`);
  });

  it('answers a Welsh question in Welsh from the Welsh fact sheet', async () => {
    const { status, stdout } = await pont('ask', "Pwy yw'r Prif Weithredwr ar y Cyd?", '--json');
    expect(status).toBe(0);
    const answer = JSON.parse(stdout);
    expect(answer).toMatchObject({ answered: true, language: 'cy' });
    expect(answer.answer.startsWith('Dyma beth mae’r dogfennau’n ei ddweud:')).toBe(true);
    expect(answer.citations[0].source).toBe('data/federation-facts.cy.md');
    expect(answer.citations[0].quote).toContain('Stephen Vickers yn Brif Weithredwr ar y Cyd parhaol');
  });

  it('answers a question with a word no document has, when the rest of it is clearly covered', async () => {
    const { status, stdout } = await pont('ask', 'What is the combined financial pressure?', '--json');
    expect(status).toBe(0);
    const answer = JSON.parse(stdout);
    expect(answer).toMatchObject({ answered: true, language: 'en' });
    expect(answer.citations[0].quote).toMatch(
      /^In April 2024 the two councils together faced a projected financial pressure of about £70 million over four years/,
    );
  });

  it('refuses a question the documents do not cover, in plain words', async () => {
    const { status, stdout } = await pont('ask', 'What is the canteen menu?', '--json');
    expect(status).toBe(0);
    const answer = JSON.parse(stdout);
    expect(answer).toMatchObject({ answered: false, language: 'en', citations: [] });
    expect(answer.answer).toContain('ask a person');
    const human = await pont('ask', 'What is the canteen menu?');
    expect(human.stdout).toMatch(/^The documents I have don’t answer that/);
  });

  it('returns the best passage of each document, every passage with --passages, and a text file titled by its first line', async () => {
    const notes = 'test/fixtures/knowledge/plain-notes.txt';
    expect((await pont('ingest', notes)).status).toBe(0);
    const byDocument = JSON.parse((await pont('search', 'joint leadership team', '--json')).stdout).results as {
      source: string;
      title: string;
    }[];
    const sources = byDocument.map((result) => result.source);
    expect(new Set(sources).size).toBe(sources.length);
    expect(sources).toEqual(
      expect.arrayContaining(['data/federation-facts.en.md', 'data/federation-facts.cy.md', notes]),
    );
    expect(byDocument.find((result) => result.source === notes)!.title).toBe(
      'Plain notes about the joint leadership team',
    );

    const passages = JSON.parse((await pont('search', 'joint leadership team', '--passages', '--json')).stdout)
      .results as { source: string }[];
    const english = passages.filter((result) => result.source === 'data/federation-facts.en.md');
    expect(english.length).toBeGreaterThan(1);
  });

  it('exits 1 with one clear line for an empty question', async () => {
    const { status, stdout, stderr } = await pont('ask', '  ');
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^pont ask: The question is empty/);
  });

  it('prints the best passages for a search, and one JSON line per query for a batch', async () => {
    const single = await pont('search', 'Local Partnerships', '--limit', '2', '--json');
    expect(single.status).toBe(0);
    const { results } = JSON.parse(single.stdout);
    expect(results).toHaveLength(2);
    expect(results[0]).toEqual({
      source: expect.any(String),
      title: expect.any(String),
      text: expect.stringContaining('Local Partnerships'),
      score: expect.any(Number),
    });

    const batchFile = path.join(cli.dataDir, 'queries.txt');
    fs.writeFileSync(batchFile, 'joint chief executive\n\nundebau llafur\n');
    const batch = await pont('search', '--batch', batchFile, '--limit', '3');
    const lines = batch.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.query)).toEqual(['joint chief executive', 'undebau llafur']);
    expect(lines[1].results[0].source).toBe('data/federation-facts.cy.md');

    const bad = await pont('search', 'x', '--limit', 'lots');
    expect(bad).toMatchObject({ status: 1, stderr: 'pont search: --limit takes a whole number from 1 to 100\n' });
    const unknown = await pont('search', 'x', '--passage');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^pont search: unknown option --passage: pont search takes .*--passages.*\n$/);
  });
});
