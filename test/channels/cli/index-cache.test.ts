import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPont } from '../../support/cli.ts';
import { startFakeWebsite, type FakeWebsite } from '../../support/fake-website.ts';

// Each command opens the data folder as a new process would (no shared database): a question is answered from the
// index kept in the folder when nothing has changed since, and never from one that is out of date, whichever command
// changed the documents.

let dataDir: string;
let documents: string;
let news: FakeWebsite;
const environment = { LOG_LEVEL: 'silent', PONT_FETCH_ALLOW: '127.0.0.1' };
const pont = (...argv: string[]) => runPont(dataDir, argv, environment);

interface Answered {
  answered: boolean;
  answer: string;
  citations: { source: string; quote: string }[];
}
const ask = async (question: string): Promise<Answered> => {
  const result = await pont('ask', question, '--json');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as Answered;
};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-cli-index-cache-'));
  documents = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-cli-index-docs-'));
  news = await startFakeWebsite();
});
afterAll(async () => {
  await news?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(documents, { recursive: true, force: true });
});

describe('pont ask with the index kept in the data folder', { timeout: 180_000 }, () => {
  const parking = () => path.join(documents, 'parking.md');

  it('answers the same from the kept index as from one built afresh', async () => {
    fs.writeFileSync(
      parking(),
      '# Parking permits\n\nA resident parking permit costs thirty pounds a year in Pontypool.\n',
    );
    expect((await pont('ingest', 'data/', parking())).status).toBe(0);
    const questions = ['Is the federation a merger?', 'How much is a parking permit?', 'A yw’r ffederasiwn yn uno?'];
    const first: Answered[] = [];
    for (const question of questions) first.push(await ask(question));
    expect(first.every((answer) => answer.answered)).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'cache', 'knowledge-index.v8'))).toBe(true);

    const kept: Answered[] = [];
    for (const question of questions) kept.push(await ask(question));
    expect(kept).toEqual(first);

    fs.rmSync(path.join(dataDir, 'cache'), { recursive: true });
    const afresh: Answered[] = [];
    for (const question of questions) afresh.push(await ask(question));
    expect(afresh).toEqual(first);
  });

  it('answers from the changed document after pont ingest changes it', async () => {
    fs.writeFileSync(
      parking(),
      '# Parking permits\n\nA resident parking permit costs forty pounds a year in Pontypool.\n',
    );
    expect((await pont('ingest', parking())).status).toBe(0);
    const answer = await ask('How much is a parking permit?');
    expect(answer.citations[0]!.quote).toContain('forty pounds');
    expect(answer.answer).not.toContain('thirty pounds');
  });

  it('stops answering from documents that pont sources remove takes away', async () => {
    news.set('/feed', {
      type: 'application/rss+xml',
      body: `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>${news.url}/</link><item><title>Road resurfacing</title><link>${news.url}/news/1</link><pubDate>Tue, 11 Mar 2025 10:00:00 GMT</pubDate><description>The A4042 is resurfaced at night during April.</description></item></channel></rss>`,
    });
    const added = await pont('sources', 'add', 'feed', `${news.url}/feed`, '--council', 'torfaen', '--json');
    expect(added.status).toBe(0);
    const id = (JSON.parse(added.stdout) as { source: { id: string } }).source.id;
    expect((await pont('sources', 'sync', id)).status).toBe(0);
    const before = await ask('When is the A4042 resurfaced?');
    expect(before.citations.map((citation) => citation.source)).toContain(`${news.url}/news/1`);

    expect((await pont('sources', 'remove', id)).status).toBe(0);
    const after = await ask('When is the A4042 resurfaced?');
    expect(after.citations.map((citation) => citation.source)).not.toContain(`${news.url}/news/1`);
    expect(after.answer).not.toContain('resurfaced at night');
  });
});
