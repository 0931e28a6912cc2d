import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCliFolder } from '../../support/cli.ts';

// NOTE: the folder's database is opened once for the file; each command still runs through the CLI's entry point.
const cli = useCliFolder('pont-cli-shared-sweep-');
const pont = cli.pont;

const requester = 'matthew.jones@blaenau-gwent.gov.uk';
const question = 'How do you run your waste collection rota over bank holidays?';
const whoAnswered = 'Who answered about the waste collection rota over bank holidays?';
const directoryCsv = fs.readFileSync('examples/staff-directory.csv', 'utf8');

beforeAll(async () => {
  expect((await pont('people', 'import', 'examples/staff-directory.csv', '--json')).status).toBe(0);
});

/** Changes the directory as a process that stopped before rewriting shared practice would have left it. */
async function changeDirectlyInTheStore(sql: string, parameters: unknown[]): Promise<void> {
  await (await cli.database()).query(sql, parameters);
}

describe('pont requests refresh-shared and HR re-imports keep shared practice naming people as they now are', () => {
  let id: string;
  let helper: string;
  let helperName: string;
  let helperTitle: string;

  const ask = async () => {
    const asked = await pont('ask', whoAnswered, '--json');
    expect(asked.status).toBe(0);
    const answer = JSON.parse(asked.stdout) as { answered: boolean; answer: string; citations: { source: string }[] };
    expect(answer.citations.map((citation) => citation.source)).toContain(`pont:request/${id}`);
    return { text: asked.stdout, answer };
  };
  const search = async () => {
    const searched = await pont('search', 'waste collection rota bank holidays answered by', '--json');
    expect(searched.status).toBe(0);
    expect(searched.stdout).toContain(`pont:request/${id}`);
    return searched.stdout;
  };
  const refresh = async () => {
    const refreshed = await pont('requests', 'refresh-shared', '--json');
    expect(refreshed.stderr).toBe('');
    expect(refreshed.status).toBe(0);
    return JSON.parse(refreshed.stdout) as { checked: number; rewritten: number; failed: number };
  };

  it('keeps an answer that names the answerer, and a sweep with nothing changed rewrites nothing', async () => {
    const shared = await pont('share', question, '--from', requester, '--json');
    ({ id } = JSON.parse(shared.stdout).request);
    helper = JSON.parse(shared.stdout).request.routedTo[0];
    expect((await pont('requests', 'claim', id, '--as', helper)).status).toBe(0);
    const answer = 'We plan the bank holiday rota six weeks ahead: crews work the Saturday after.';
    expect((await pont('requests', 'answer', id, answer, '--as', helper, '--consent')).status).toBe(0);
    expect((await pont('requests', 'helpful', id, '--as', requester)).status).toBe(0);
    const person = JSON.parse((await pont('skills', 'waste', '--json')).stdout).people.find(
      (candidate: { email: string }) => candidate.email === helper,
    );
    helperName = person.name;
    helperTitle = person.jobTitle;

    expect((await ask()).answer.answer).toContain(`answered by ${helperName}, ${helperTitle}`);
    expect(await refresh()).toEqual({ checked: 1, rewritten: 0, failed: 0 });
    const text = await pont('requests', 'refresh-shared');
    expect(text.stdout).toBe('Checked 1 kept answer against current profiles: rewrote 0.\n');
  });

  it('stops naming someone whose hide was saved but never reached the document, once the sweep runs', async () => {
    await changeDirectlyInTheStore('update people set hidden_by_self = true where email = $1', [helper]);
    expect((await ask()).text).toContain(helperName);

    expect(await refresh()).toEqual({ checked: 1, rewritten: 1, failed: 0 });
    const { text, answer } = await ask();
    // NOTE: "who answered" is answered by the sentence that says who answered; the practice itself stays in the document.
    expect(answer.answer).toContain('answered by a member of staff in Torfaen');
    expect(await search()).toContain('six weeks ahead');
    expect(text).not.toContain(helperName);
    expect(text).not.toContain(helper);
    expect(await search()).not.toContain(helperName);
    const history = await pont('requests', 'show', id, '--json');
    expect(history.stdout).not.toContain(helper);
    expect(await refresh()).toEqual({ checked: 1, rewritten: 0, failed: 0 });
  });

  it('names someone by the name and job title of the latest HR import, and no longer by the old ones', async () => {
    await changeDirectlyInTheStore('update people set hidden_by_self = false where email = $1', [helper]);
    expect(await refresh()).toEqual({ checked: 1, rewritten: 1, failed: 0 });
    expect((await ask()).answer.answer).toContain(`answered by ${helperName}, ${helperTitle}`);

    const row = directoryCsv.split('\n').find((line) => line.startsWith(`${helper},`))!;
    const renamedRow = row
      .replace(`,${helperName},`, ',Eleri Vaughan-Lewis,')
      .replace(`,${helperTitle},`, ',Head of Recycling Operations,');
    expect(renamedRow).not.toBe(row);
    const renamed = path.join(cli.dataDir, 'renamed.csv');
    fs.writeFileSync(renamed, directoryCsv.replace(row, renamedRow));
    const imported = await pont('people', 'import', renamed, '--json');
    expect(imported.status).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ updated: 1 });

    const { text, answer } = await ask();
    expect(answer.answer).toContain('answered by Eleri Vaughan-Lewis, Head of Recycling Operations');
    expect(text).not.toContain(helperName);
    expect(text).not.toContain(helperTitle);
    const searched = await search();
    expect(searched).toContain('Eleri Vaughan-Lewis');
    expect(searched).not.toContain(helperName);
    expect(await refresh()).toEqual({ checked: 1, rewritten: 0, failed: 0 });
  });

  it('refuses words after refresh-shared with one clear line', async () => {
    const refused = await pont('requests', 'refresh-shared', id);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      'pont requests: pont requests refresh-shared takes no words: it checks every kept answer\n',
    );
  });
});
