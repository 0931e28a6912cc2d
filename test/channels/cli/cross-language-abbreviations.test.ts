import { beforeAll, describe, expect, it } from 'vitest';
import { useCliFolder } from '../../support/cli.ts';

// NOTE: the folder's database is opened once for the file; each command still runs through the CLI's entry point.
const cli = useCliFolder('pont-cli-cross-language-abbreviations-');
const pont = cli.pont;
// A Welsh note that defines "CBCau" and an English one that defines "CJCs": the same committees, named in each
// language. Only the English note says when they first met.
const welsh = 'test/fixtures/cross-language/cyd-bwyllgorau.cy.md';
const english = 'test/fixtures/cross-language/regional-committees.en.md';

beforeAll(async () => {
  expect((await pont('ingest', 'data/', welsh, english)).status).toBe(0);
});

describe('an abbreviation defined in each language', () => {
  it('answers a Welsh question about the CBCau from the English note about CJCs, saying the source is in English', async () => {
    const { status, stdout } = await pont('ask', 'Pryd oedd cyfarfod cyntaf y CBCau?', '--json');
    expect(status).toBe(0);
    const answer = JSON.parse(stdout) as { outcome: string; answer: string; citations: unknown[] };
    expect(answer.outcome).toBe('answered');
    expect(answer.citations).toEqual([
      {
        title: 'Regional committees',
        source: english,
        quote: "The CJCs held their first meetings in January 2022, each in one of its member councils' chambers.",
      },
    ]);
    expect(answer.answer).toMatch(/^Dyma beth mae’r dogfennau’n ei ddweud:/);
    expect(answer.answer).toMatch(/Mae’r ffynhonnell yn Saesneg\.$/);
  });

  it('finds the English note first for a Welsh search that names the committees only by their Welsh abbreviation', async () => {
    const { status, stdout } = await pont('search', 'CBCau cyfarfodydd cyntaf', '--limit', '1', '--json');
    expect(status).toBe(0);
    expect(JSON.parse(stdout).results[0]).toMatchObject({ source: english, title: 'Regional committees' });
  });
});
