import { beforeAll, describe, expect, it } from 'vitest';
import { useCliFolder } from '../../support/cli.ts';

// Asking the question a kept answer was given for quotes the practice, not the line saying who answered it.
// NOTE: the folder's database is opened once for the file; each command still runs through the CLI's entry point.
const cli = useCliFolder('pont-cli-shared-answer-');
const pont = cli.pont;
const requester = 'matthew.jones@blaenau-gwent.gov.uk';

interface AskJson {
  answered: boolean;
  outcome: string;
  answer: string;
  citations: { source: string; quote: string }[];
}

async function keep(question: string, practice: string): Promise<string> {
  const shared = await pont('share', question, '--from', requester, '--json');
  expect(shared.status).toBe(0);
  const { id, routedTo } = JSON.parse(shared.stdout).request as { id: string; routedTo: string[] };
  const helper = routedTo[0]!;
  expect((await pont('requests', 'claim', id, '--as', helper)).status).toBe(0);
  expect((await pont('requests', 'answer', id, practice, '--as', helper, '--consent')).status).toBe(0);
  expect((await pont('requests', 'helpful', id, '--as', requester)).status).toBe(0);
  return id;
}

async function ask(question: string): Promise<AskJson> {
  const asked = await pont('ask', question, '--json');
  expect(asked.stderr).toBe('');
  expect(asked.status).toBe(0);
  return JSON.parse(asked.stdout) as AskJson;
}

beforeAll(async () => {
  expect((await pont('people', 'import', 'examples/staff-directory.csv', '--json')).status).toBe(0);
});

describe('pont ask on a kept shared-practice answer', () => {
  it('quotes the practice for the question it answered, and the attribution only for who answered', async () => {
    const id = await keep(
      'How do you run your bulky waste collections?',
      'Residents book bulky waste collections online and crews collect on Tuesdays.',
    );

    const practice = await ask('How do you run your bulky waste collections?');
    expect(practice.outcome).toBe('answered');
    const quoted = practice.citations.find((citation) => citation.source === `pont:request/${id}`);
    expect(quoted?.quote).toContain('Residents book bulky waste collections online and crews collect on Tuesdays.');
    expect(practice.answer).not.toContain('answered by');
    expect(practice.answer).not.toContain('Shared practice between');

    const who = await ask('Who answered about bulky waste collections?');
    expect(who.citations.map((citation) => citation.source)).toContain(`pont:request/${id}`);
    expect(who.answer).toContain('answered by');
  });

  it('quotes the practice for a paraphrase of the question in Welsh', async () => {
    const id = await keep(
      'Sut ydych chi’n trefnu casgliadau gwastraff swmpus?',
      'Mae trigolion yn archebu casgliad gwastraff swmpus ar-lein ac mae’r criwiau’n casglu ar ddydd Mawrth.',
    );

    const practice = await ask('Sut ydych chi’n trefnu casgliadau gwastraff swmpus?');
    expect(practice.outcome).toBe('answered');
    const quoted = practice.citations.find((citation) => citation.source === `pont:request/${id}`);
    expect(quoted?.quote).toContain('Mae trigolion yn archebu casgliad gwastraff swmpus ar-lein');
    expect(practice.answer).not.toContain('atebwyd gan');
  });
});
