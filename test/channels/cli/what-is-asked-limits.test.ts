import { beforeAll, describe, expect, it } from 'vitest';
import { useCliFolder } from '../../support/cli.ts';

// The rules that keep a sentence from answering what it does not say (a deputy, another place, a contact, who
// spoke) must not refuse what a sentence does say. Asked through `pont ask` over the starter fact sheets and a
// short staff handbook.
const cli = useCliFolder('pont-cli-what-is-asked-limits-');
const pont = cli.pont;

beforeAll(async () => {
  expect((await pont('ingest', 'data/', 'test/fixtures/handbook/')).status).toBe(0);
});

async function ask(question: string) {
  const { status, stdout } = await pont('ask', question, '--json');
  expect(status).toBe(0);
  return JSON.parse(stdout) as { outcome: string; citations: { quote: string }[] };
}

describe('what the answer rules leave alone, through pont ask', () => {
  it.each([
    ['when did Blaenau Gwent councillors approve the joint chief executive?', /23 January 2025/],
    ['Pryd cymeradwyodd Blaenau Gwent y Prif Weithredwr ar y Cyd?', /23 Ionawr 2025/],
    ['who manages joint procurement for Blaenau Gwent?', /Nia Roberts/],
    ['How long do I have to reply to a customer email?', /ten working days/],
    ['Can new starters shadow a colleague in the other council?', /job shadowing/],
    ['What grade is a teaching assistant paid on?', /grade 4/],
    ["Pa is-adran o Ddeddf Llywodraeth Leol 1972 sy'n caniatáu rhannu uwch swyddi?", /Adran 113/],
  ])('answers "%s"', async (question, fact) => {
    const answer = await ask(question);
    expect(answer.outcome).toBe('answered');
    expect(answer.citations[0]!.quote).toMatch(fact);
  });
});
