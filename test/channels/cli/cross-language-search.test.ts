import { beforeAll, describe, expect, it } from 'vitest';
import { useCliFolder } from '../../support/cli.ts';

// NOTE: the folder's database is opened once for the file; each command still runs through the CLI's entry point.
const cli = useCliFolder('pont-cli-cross-language-');
const pont = cli.pont;
const english = 'test/fixtures/cross-language/winter-services.en.md';
const welsh = 'test/fixtures/cross-language/llyfrgelloedd.cy.md';

beforeAll(async () => {
  // The fact sheets in both languages, one note only in English and one only in Welsh.
  expect((await pont('ingest', 'data/', english, welsh)).status).toBe(0);
});

async function search(query: string) {
  const { status, stdout } = await pont('search', query, '--limit', '3', '--json');
  expect(status).toBe(0);
  return JSON.parse(stdout).results as { source: string; title: string; text: string; score: number }[];
}

describe('pont search across the two languages', () => {
  it('finds the passage of an English-only document for a Welsh question', async () => {
    const [first] = await search('Pwy all gael grant ar ôl llifogydd?');
    expect(first).toMatchObject({ source: english, title: 'Winter services note' });
    expect(first!.text).toMatch(/^Householders whose homes were flooded can apply for a grant/);
  });

  it('finds the passage of a Welsh-only document for an English question', async () => {
    const [first] = await search('How many books can members borrow?');
    expect(first).toMatchObject({ source: welsh, title: "Gwasanaethau'r llyfrgelloedd" });
    expect(first!.text).toMatch(/^Gall aelodau fenthyg hyd at ddeuddeg llyfr/);
  });

  it('still ranks a document in the question’s own language first when it answers', async () => {
    const [first] = await search('Who can get a grant after flooding?');
    expect(first!.source).toBe(english);
    const [welshFirst] = await search('Faint o lyfrau all aelodau eu benthyg?');
    expect(welshFirst!.source).toBe(welsh);
  });
});
