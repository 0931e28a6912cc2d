import { describe, expect, it } from 'vitest';
import { useCliFolder } from '../../support/cli.ts';

// NOTE: the folder's database is opened once for the file; each command still runs through the CLI's entry point.
const cli = useCliFolder('pont-cli-empty-');
const pont = cli.pont;

describe('pont ask and pont search before anything is indexed', () => {
  it('says plainly, in the question’s language, that nothing is indexed and how to add documents', async () => {
    const english = await pont('ask', 'Is the federation a merger?', '--json');
    expect(english.status).toBe(0);
    const answer = JSON.parse(english.stdout);
    expect(answer).toMatchObject({ answered: false, language: 'en', citations: [] });
    expect(answer.answer).toMatch(/^No documents are indexed yet.*pont ingest data\//);

    const welsh = await pont('ask', 'Ai uno yw’r ffederasiwn?');
    expect(welsh.status).toBe(0);
    expect(welsh.stdout).toMatch(/^Does dim dogfennau wedi’u mynegeio eto.*pont ingest data\//);

    const search = await pont('search', 'joint chief executive');
    expect(search.status).toBe(0);
    expect(search.stdout).toMatch(/^No documents are indexed yet.*pont ingest data\//);
    const searchJson = JSON.parse((await pont('search', 'prif weithredwr ar y cyd', '--json')).stdout);
    expect(searchJson).toEqual({ results: [], note: expect.stringMatching(/^Does dim dogfennau wedi’u mynegeio eto/) });
  });

  it('answers from the documents once they are ingested', async () => {
    expect((await pont('ingest', 'data/')).status).toBe(0);
    const answer = JSON.parse((await pont('ask', 'Is the federation a merger?', '--json')).stdout);
    expect(answer.answered).toBe(true);
    const search = await pont('search', 'a question about nothing in particular zzzz');
    expect(search.stdout).not.toContain('No documents are indexed yet');
  });
});
