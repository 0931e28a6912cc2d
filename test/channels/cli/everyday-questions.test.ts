import { beforeAll, describe, expect, it } from 'vitest';
import { useCliFolder } from '../../support/cli.ts';

// Questions typed the way staff type them (no question mark, "alla i", a time given from an event), asked through
// `pont ask` over the starter fact sheets and two notes, one in each language.
// NOTE: the folder's database is opened once for the file; each command still runs through the CLI's entry point.
const cli = useCliFolder('pont-cli-everyday-');
const pont = cli.pont;
const english = 'test/fixtures/cross-language/winter-services.en.md';
const welsh = 'test/fixtures/cross-language/llyfrgelloedd.cy.md';

beforeAll(async () => {
  expect((await pont('ingest', 'data/', english, welsh)).status).toBe(0);
});

async function ask(question: string) {
  const { status, stdout } = await pont('ask', question, '--json');
  expect(status).toBe(0);
  return JSON.parse(stdout) as { outcome: string; citations: { source: string; quote: string }[] };
}

describe('everyday questions through pont ask', () => {
  it('answers "when" with a time the note gives from an event', async () => {
    const answer = await ask('when do flood grant applications close');
    expect(answer.outcome).toBe('answered');
    expect(answer.citations.map((citation) => citation.quote)).toEqual([
      'Applications close three months after the flood.',
    ]);
  });

  it('answers a Welsh "how many" asked with "alla i", from a number written as a mutated word', async () => {
    const answer = await ask('faint o lyfrau alla i fenthyg');
    expect(answer.outcome).toBe('answered');
    expect(answer.citations.map((citation) => citation.quote)).toEqual([
      'Gall aelodau fenthyg hyd at ddeuddeg llyfr am dair wythnos.',
    ]);
  });

  it.each([
    [
      'how fast are street lights fixed',
      'Broken street lights are repaired within five working days of being reported.',
    ],
    [
      'how long does it take to repair street lights',
      'Broken street lights are repaired within five working days of being reported.',
    ],
  ])('answers "%s" with a time in working days', async (question, quote) => {
    const answer = await ask(question);
    expect(answer.outcome).toBe('answered');
    expect(answer.citations.map((citation) => citation.quote)).toEqual([quote]);
  });

  it('answers "anyone know when the library opens" from the Welsh note, whose days and hours are its answer', async () => {
    const answer = await ask('anyone know when the library opens');
    expect(answer.outcome).toBe('answered');
    expect(answer.citations[0]!.quote).toMatch(/^Mae'r llyfrgell ar agor o ddydd Llun i ddydd Gwener/);
  });

  it('reads typing slips as the words meant', async () => {
    const budgets = await ask('do both councils still set thier own budgets');
    expect(budgets.outcome).toBe('answered');
    expect(budgets.citations[0]!.quote).toMatch(/^Because each council keeps its financial sovereignty/);
    const chief = await ask('who is the joint cheif executive');
    expect(chief.outcome).toBe('answered');
    expect(chief.citations[0]!.quote).toMatch(/Stephen Vickers/);
    const mgmt = await ask('wen did the joint senior mgmt team start');
    expect(mgmt.outcome).toBe('answered');
    expect(mgmt.citations[0]!.quote).toMatch(/May 2025/);
    const thing = await ask('whats the section 113 thing');
    expect(thing.outcome).toBe('answered');
    expect(thing.citations[0]!.quote).toMatch(/Section 113 agreement/);
    // Spoken Welsh drops a final f: "nesa" is "nesaf".
    const next = await ask("beth sy nesa efo'r ffederasiwn");
    expect(next.outcome).toBe('answered');
    expect(next.citations[0]!.quote).toMatch(/achos amlinellol strategol/);
  });

  it.each([
    'who won the rugby in torfaen',
    // A name is never read as a slip: "Smith" is not "saith", "Flint" is not "faint".
    'Pwy yw John Smith?',
    'Pwy yw arweinydd Flint?',
    'beth yw cyflog y prif weithredwr',
    'Beth yw cyflog y Prif Weithredwr?',
    "faint mae'r prif weithredwr yn ei ennill",
    'what is the salary of the joint chief executive?',
  ])('gives no confident answer to "%s", which the documents do not say', async (question) => {
    expect((await ask(question)).outcome).not.toBe('answered');
  });
});
