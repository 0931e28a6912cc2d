import { beforeAll, describe, expect, it } from 'vitest';
import { useCliFolder } from '../../support/cli.ts';

// NOTE: the folder's database is opened once for the file; each command still runs through the CLI's entry point.
const cli = useCliFolder('pont-cli-shared-practice-');
const pont = cli.pont;

const requester = 'matthew.jones@blaenau-gwent.gov.uk';
const requesterName = 'Matthew Jones';
const question = 'How do you run your waste collection rota over bank holidays?';
const whoAnswered = 'Who answered about the waste collection rota over bank holidays?';

beforeAll(async () => {
  expect((await pont('people', 'import', 'examples/staff-directory.csv', '--json')).status).toBe(0);
});

describe('pont ask about shared practice after someone it names hides or erases their profile', () => {
  let id: string;
  let helper: string;
  let helperName: string;

  const ask = async () => {
    const asked = await pont('ask', whoAnswered, '--json');
    expect(asked.status).toBe(0);
    return {
      text: asked.stdout,
      answer: JSON.parse(asked.stdout) as { answered: boolean; answer: string; citations: { source: string }[] },
    };
  };

  it('names the answerer and the requester of a kept answer', async () => {
    const shared = await pont('share', question, '--from', requester, '--json');
    ({ id } = JSON.parse(shared.stdout).request);
    helper = JSON.parse(shared.stdout).request.routedTo[0];
    expect((await pont('requests', 'claim', id, '--as', helper)).status).toBe(0);
    const answer = 'We plan the bank holiday rota six weeks ahead: crews work the Saturday after.';
    expect((await pont('requests', 'answer', id, answer, '--as', helper, '--consent')).status).toBe(0);
    expect((await pont('requests', 'helpful', id, '--as', requester)).status).toBe(0);
    helperName = JSON.parse((await pont('skills', 'waste', '--json')).stdout).people.find(
      (person: { email: string }) => person.email === helper,
    ).name;

    const { answer: before } = await ask();
    expect(before.answer).toContain(`answered by ${helperName}, `);
    expect(before.answer).toContain(`for ${requesterName}, `);
  });

  it('stops naming the answerer once they hide their profile, and still cites the request', async () => {
    expect((await pont('people', 'hide', helper)).status).toBe(0);
    const { text, answer } = await ask();
    expect(answer.answered).toBe(true);
    expect(answer.citations.map((citation) => citation.source)).toContain(`pont:request/${id}`);
    expect(answer.answer).toContain('answered by a member of staff in Torfaen');
    expect(text).not.toContain(helperName);
    expect(text).not.toContain(helper);
    const searched = await pont('search', 'waste collection rota bank holidays answered by', '--json');
    expect(searched.stdout).toContain(`pont:request/${id}`);
    // NOTE: "who answered" is answered by the sentence naming who answered; the practice itself stays in the document.
    expect(searched.stdout).toContain('six weeks ahead');
    expect(searched.stdout).not.toContain(helperName);

    const history = await pont('requests', 'show', id, '--json');
    expect(JSON.parse(history.stdout).events.map((event: { type: string }) => event.type)).toContain(
      'shared-practice-rewritten',
    );
    expect(history.stdout).not.toContain(helper);
  });

  it('stops naming the requester once they erase their profile', async () => {
    expect((await pont('people', 'erase', requester)).status).toBe(0);
    // NOTE: with both people unnamed the document no longer says who answered, so the answer may be a refusal;
    // whatever it says, it names neither, and the kept document reads as rewritten.
    const { text } = await ask();
    expect(text).not.toContain(requesterName);
    expect(text).not.toContain(helperName);
    const searched = await pont('search', 'waste collection rota bank holidays answered by', '--json');
    expect(searched.stdout).toContain(`pont:request/${id}`);
    expect(searched.stdout).toContain('for a member of staff from Blaenau Gwent');
    expect(searched.stdout).not.toContain(requesterName);
  });
});
