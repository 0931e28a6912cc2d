import { beforeAll, describe, expect, it } from 'vitest';
import { useCliFolder } from '../../support/cli.ts';

// The Welsh fact sheet alone, asked in English: the English names of bodies ("trade unions", "the WLGA") are found
// through their Welsh names of several words ("undebau llafur", "Cymdeithas Llywodraeth Leol Cymru"), by the share
// of those words a sentence has.
const cli = useCliFolder('pont-cli-long-names-');
const pont = cli.pont;

beforeAll(async () => {
  expect((await pont('ingest', 'data/federation-facts.cy.md')).status).toBe(0);
});

async function ask(question: string) {
  const { status, stdout } = await pont('ask', question, '--json');
  expect(status).toBe(0);
  return JSON.parse(stdout) as { outcome: string; citations: { quote: string }[] };
}

describe('names of several words, through pont ask', () => {
  it('answers from a sentence that has the whole of a long name', async () => {
    const unions = await ask('were the trade unions involved');
    expect(unions.outcome).toBe('answered');
    expect(unions.citations[0]!.quote).toContain('undebau llafur');
    const officials = await ask('who will welsh government officials work with');
    expect(officials.outcome).toBe('answered');
    expect(officials.citations[0]!.quote).toContain('CLlLC');
  });

  it('does not take a sentence with some words of a long name for the name', async () => {
    const answer = await ask('did the wlga have any role');
    expect(answer.citations.filter((citation) => citation.quote.includes('Adran 113'))).toEqual([]);
  });
});
