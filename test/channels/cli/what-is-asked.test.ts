import { beforeAll, describe, expect, it } from 'vitest';
import { useCliFolder } from '../../support/cli.ts';

// A confident answer gives what the question asks for: a number for "how many", a name for "who", a sum for a salary.
// Asked through `pont ask` over the starter fact sheets and the two notes on regional committees.
const cli = useCliFolder('pont-cli-what-is-asked-');
const pont = cli.pont;

beforeAll(async () => {
  expect((await pont('ingest', 'data/', 'test/fixtures/cross-language/')).status).toBe(0);
});

async function ask(question: string) {
  const { status, stdout } = await pont('ask', question, '--json');
  expect(status).toBe(0);
  return JSON.parse(stdout) as { outcome: string; answer: string; citations: { source: string; quote: string }[] };
}

describe('what a question asks for, through pont ask', () => {
  it('answers "how many" with the sentence that counts them', async () => {
    const answer = await ask('how many cjcs are there');
    expect(answer.outcome).toBe('answered');
    expect(answer.citations.map((citation) => citation.quote)).toEqual([
      'Regulations provide for four corporate joint committees (CJCs) across Wales.',
    ]);
  });

  it('does not answer "who are the members" with a sentence that names no one', async () => {
    const answer = await ask('how many CJCs are there and who are the members');
    expect(answer.outcome).toBe('closest');
    expect(answer.answer).toContain('Who are the members? I found no clear answer to this in the documents.');
    expect(answer.citations.map((citation) => citation.quote)).toEqual([
      'Regulations provide for four corporate joint committees (CJCs) across Wales.',
    ]);
  });

  it.each(["what is the joint chief executive's salary", 'faint yw cyflog y prif weithredwr ar y cyd?'])(
    'does not answer "%s" confidently: no sentence gives a sum of money',
    async (question) => {
      const answer = await ask(question);
      expect(answer.outcome).not.toBe('answered');
      expect(answer.answer).toMatch(/^(?:The documents|Dydy’r dogfennau)/);
    },
  );

  it('still answers a money question whose sentence gives the sum', async () => {
    const answer = await ask('what financial pressure did the two councils face');
    expect(answer.outcome).toBe('answered');
    expect(answer.citations[0]!.quote).toContain('£70 million');
  });

  it.each([
    ['pwy ydi arweinydd blaenau gwent', 'en', /Steve Thomas/, 'The source is in Welsh.'],
    ['who leads torfaen council', 'cy', /Anthony Hunt/, 'Mae’r ffynhonnell yn Saesneg.'],
  ] as const)(
    'reads "%s" in the language it is written in when the answer is asked for in %s',
    async (question, language, fact, note) => {
      const { status, stdout } = await pont('ask', question, '--language', language, '--json');
      expect(status).toBe(0);
      const answer = JSON.parse(stdout) as {
        outcome: string;
        language: string;
        answer: string;
        citations: { quote: string }[];
      };
      expect(answer).toMatchObject({ outcome: 'answered', language });
      expect(answer.citations[0]!.quote).toMatch(fact);
      expect(answer.answer).toContain(note);
    },
  );

  it('does not take a sentence with some words of a long name ("Local Government Act") for the name ("the WLGA")', async () => {
    const answer = await ask('did the wlga have any role');
    expect(answer.outcome).not.toBe('answered');
    expect(answer.citations.filter((citation) => citation.quote.includes('Section 113'))).toEqual([]);
  });

  it('answers "what did … say" with what was said, not with a line that only names the speaker', async () => {
    const hunt = await ask('what did cllr hunt say');
    expect(hunt.outcome).not.toBe('answered');
    const minister = await ask('what has jayne bryant said');
    expect(minister.outcome).toBe('answered');
    expect(minister.citations[0]!.quote).toMatch(/^Jayne Bryant MS, .* welcomed the federation/);
  });

  it.each([
    ['staff development', 'en'],
    ['arbedion', 'cy'],
    ['ffederasiwn', 'cy'],
  ] as const)(
    'answers the words "%s", with no question words, in %s: the language whose words they are',
    async (query, language) => {
      const { status, stdout } = await pont('ask', query, '--json');
      expect(status).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ language });
    },
  );

  it('answers "who can…" with the group of people who can', async () => {
    const answer = await ask('who can get a grant after flooding');
    expect(answer.outcome).toBe('answered');
    expect(answer.citations[0]!.quote).toMatch(/^Householders whose homes were flooded can apply/);
  });

  it.each([
    "who's the deputy leader of blaenau gwent",
    'Who is the deputy chief executive?',
    'pwy yw dirprwy arweinydd torfaen',
  ])('does not answer "%s" with the leader or the chief executive: a deputy is another role', async (question) => {
    const answer = await ask(question);
    expect(answer.outcome).not.toBe('answered');
    expect(answer.answer).toMatch(/^(?:The documents|Dydy’r dogfennau)/);
  });

  it('still answers who leads a council from the sentence that names the leaders', async () => {
    const answer = await ask("who's the leader of blaenau gwent");
    expect(answer.outcome).toBe('answered');
    expect(answer.citations[0]!.quote).toMatch(/Steve Thomas for Blaenau Gwent/);
  });

  it.each([
    'who is the leader of monmouthshire council',
    "what's jayne bryant's email",
    'what did the wlga say about it',
    "faint mae'r prif weithredwr yn cael ei dalu",
  ])(
    'does not answer "%s" confidently: no sentence is about that place, gives an email, reports the WLGA or a sum',
    async (question) => {
      const answer = await ask(question);
      expect(answer.outcome).not.toBe('answered');
      expect(answer.answer).toMatch(/^(?:The documents|Dydy’r dogfennau)/);
    },
  );

  it('answers who held a role before someone with the other person, not with the one the question names', async () => {
    for (const question of [
      'pwy oedd prif weithredwr blaenau gwent cyn stephen vickers',
      'who was the chief exec of blaenau gwent before stephen vickers',
    ]) {
      const answer = await ask(question);
      expect(answer.outcome).toBe('answered');
      expect(answer.citations[0]!.quote).toMatch(/Damien McCann/);
    }
    const who = await ask('who is stephen vickers');
    expect(who.outcome).toBe('answered');
    expect(who.citations[0]!.quote).toMatch(/Stephen Vickers/);
  });

  it('answers a council named by its short form from the sentence about it', async () => {
    const answer = await ask('who leads BG council');
    expect(answer.outcome).toBe('answered');
    expect(answer.citations[0]!.quote).toMatch(/Steve Thomas for Blaenau Gwent/);
  });

  it('answers both parts from one sentence that says both ("how many months … and who ran it")', async () => {
    const answer = await ask('how many months did the discovery phase last and who ran it');
    expect(answer.outcome).toBe('answered');
    expect(answer.citations).toHaveLength(1);
    expect(answer.citations[0]!.quote).toMatch(/seven-month discovery phase .* Local Partnerships/);
  });

  it('does not answer a second part from that sentence when it does not say what the part asks for', async () => {
    const answer = await ask('how many months did the discovery phase last and how much did it cost');
    expect(answer.outcome).not.toBe('answered');
  });
});
