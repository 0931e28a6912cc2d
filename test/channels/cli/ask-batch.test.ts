import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCliFolder } from '../../support/cli.ts';

// NOTE: the folder's database is opened once for the file; each command still runs through the CLI's entry point.
const cli = useCliFolder('pont-cli-ask-batch-');
const pont = cli.pont;

beforeAll(async () => {
  expect((await pont('ingest', 'data/')).status).toBe(0);
});

describe('pont ask outcomes', () => {
  it('says in --json whether it answered, offered the closest passage or refused', async () => {
    const answered = JSON.parse((await pont('ask', 'Who reviewed the trial of sharing a boss?', '--json')).stdout);
    expect(answered).toMatchObject({ answered: true, outcome: 'answered' });
    expect(answered.citations[0].quote).toContain('supported by Local Partnerships');

    const closest = JSON.parse(
      (await pont('ask', 'When did Damien McCann retire and what is his salary?', '--json')).stdout,
    );
    expect(closest).toMatchObject({ answered: false, outcome: 'closest' });
    expect(closest.citations[0].quote).toContain('retired in June 2024');

    const refused = JSON.parse((await pont('ask', 'What is on the canteen menu?', '--json')).stdout);
    expect(refused).toMatchObject({ answered: false, outcome: 'refused', citations: [] });
  });

  it('prints, part by part, what the documents say when they answer only part of a question', async () => {
    const { status, stdout } = await pont('ask', 'When did Damien McCann retire and what is his salary?');
    expect(status).toBe(0);
    expect(stdout).toMatch(
      /^The documents answer only part of that:\nWhen did Damien McCann retire\? “.*retired in June 2024.*\nWhat is his salary\? I found no clear answer to this in the documents\.\n/,
    );
  });
});

describe('pont ask --batch', () => {
  it('answers one question a line as JSON lines, and reports a bad line without stopping', async () => {
    const file = path.join(cli.dataDir, 'questions.txt');
    fs.writeFileSync(
      file,
      [
        '# Questions from the induction session',
        'Is the federation a merger?',
        '',
        'x'.repeat(2001),
        'Pwy yw arweinwyr y cynghorau?',
        'What is on the canteen menu?',
        '',
      ].join('\n'),
    );
    const { status, stdout, stderr } = await pont('ask', '--batch', file);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    // The note on line 1 is not a question: no answer line, and every other line keeps its number.
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({
      line: 2,
      question: 'Is the federation a merger?',
      answered: true,
      outcome: 'answered',
      language: 'en',
    });
    expect(lines[0].citations[0].quote).toMatch(/^The federation is not a merger/);
    expect(lines[1]).toEqual({ line: 3, error: expect.stringMatching(/^The question is empty/) });
    expect(lines[2]).toEqual({
      line: 4,
      error: expect.stringMatching(/^The question is longer than 2,000 characters/),
    });
    expect(lines[3]).toMatchObject({
      line: 5,
      question: 'Pwy yw arweinwyr y cynghorau?',
      outcome: 'answered',
      language: 'cy',
    });
    expect(lines[4]).toMatchObject({ line: 6, outcome: 'refused', citations: [] });
  });

  it('exits 1 with one clear line when the file cannot be read', async () => {
    const { status, stdout, stderr } = await pont('ask', '--batch', path.join(cli.dataDir, 'missing.txt'));
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/cannot read .*missing\.txt/);
  });
});
