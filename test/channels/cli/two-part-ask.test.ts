import { beforeAll, describe, expect, it } from 'vitest';
import { useCliFolder } from '../../support/cli.ts';

// NOTE: the folder's database is opened once for the file; each command still runs through the CLI's entry point.
const cli = useCliFolder('pont-cli-two-part-');
const pont = cli.pont;

beforeAll(async () => {
  expect((await pont('ingest', 'data/')).status).toBe(0);
});

describe('pont ask with a question in two parts', () => {
  it('answers each part with its own quote, under the part it answers', async () => {
    const question = 'When was the joint senior management team set up and who leads the councils?';
    const { status, stdout } = await pont('ask', question);
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('Here is what the documents say:');
    expect(lines[1]).toMatch(/^When was the joint senior management team set up\? “[^”]*set up in May 2025[^”]*” \(/);
    expect(lines[2]).toMatch(/^Who leads the councils\? “[^”]*Cllr Steve Thomas[^”]*Cllr Anthony Hunt[^”]*” \(/);

    const json = JSON.parse((await pont('ask', question, '--json')).stdout);
    expect(json).toMatchObject({ answered: true, outcome: 'answered', language: 'en' });
    expect(json.citations.map((citation: { quote: string }) => citation.quote)).toEqual([
      expect.stringContaining('set up in May 2025'),
      expect.stringContaining('Cllr Anthony Hunt'),
    ]);
  });

  it('does the same in Welsh for a Welsh question', async () => {
    const { status, stdout } = await pont(
      'ask',
      'Pryd sefydlwyd yr uwch dîm rheoli ar y cyd a phwy yw arweinwyr y cynghorau?',
    );
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('Dyma beth mae’r dogfennau’n ei ddweud:');
    expect(lines[1]).toMatch(/^Pryd sefydlwyd yr uwch dîm rheoli ar y cyd\? “[^”]*Mai 2025[^”]*” \(/);
    expect(lines[2]).toMatch(/^Pwy yw arweinwyr y cynghorau\? “[^”]*Steve Thomas[^”]*Anthony Hunt[^”]*” \(/);
  });

  it('quotes the part the documents answer and says plainly that they do not say the other', async () => {
    const { status, stdout } = await pont('ask', 'When did Damien McCann retire and what is his salary?');
    expect(status).toBe(0);
    expect(stdout.trimEnd().split('\n')).toEqual([
      'The documents answer only part of that:',
      expect.stringMatching(/^When did Damien McCann retire\? “[^”]*retired in June 2024[^”]*” \(/),
      'What is his salary? I found no clear answer to this in the documents.',
    ]);

    const json = JSON.parse(
      (await pont('ask', 'When did Damien McCann retire and what is his salary?', '--json')).stdout,
    );
    expect(json).toMatchObject({ answered: false, outcome: 'closest', language: 'en' });
    expect(json.citations).toHaveLength(1);
    expect(json.citations[0].quote).toContain('retired in June 2024');
  });

  it('says the same in Welsh when a Welsh question is only partly answered', async () => {
    const { status, stdout } = await pont('ask', 'Pryd wnaeth Damien McCann ymddeol a beth yw ei gyflog?');
    expect(status).toBe(0);
    expect(stdout.trimEnd().split('\n')).toEqual([
      'Dim ond rhan o hynny mae’r dogfennau’n ei ateb:',
      expect.stringMatching(/^Pryd wnaeth Damien McCann ymddeol\? “[^”]*Mehefin 2024[^”]*” \(/),
      'Beth yw ei gyflog? Ches i ddim ateb clir i hyn yn y dogfennau.',
    ]);
  });
});
