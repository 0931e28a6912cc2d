import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openFolder, type CliRun, type OpenFolder } from '../support/cli.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.ts';

let server: FakeOpenAI;
let dataDir: string;
let folder: OpenFolder;
let environment: NodeJS.ProcessEnv;

const staffCsv = [
  'email,name,council,job_title,service_area,skills,welsh_level,visible',
  'rhian.morgan@torfaen.gov.uk,Rhian Morgan,Torfaen,Waste Services Manager,Waste and Recycling,route planning,3,true',
  'dafydd.price@blaenau-gwent.gov.uk,Dafydd Price,Blaenau Gwent,Waste Services Manager,Waste and Recycling,route planning;GIS,2,true',
  'cudd.person@blaenau-gwent.gov.uk,Gwenllian Cudd,Blaenau Gwent,Waste Services Manager,Waste and Recycling,GIS,1,false',
].join('\n');

/** One `pont` command on the file's data folder (its database stays open across the commands, see openFolder). */
const run = (argv: string[]): Promise<CliRun> => folder.run(argv, environment);

beforeAll(async () => {
  server = await startFakeOpenAI();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pont-llm-cli-'));
  folder = await openFolder(dataDir);
  const csv = path.join(dataDir, 'staff.csv');
  await fs.writeFile(csv, staffCsv);
  environment = { LOG_LEVEL: 'silent', OPENAI_BASE_URL: server.baseUrl, OPENAI_MODEL: 'gpt-test' };
  expect((await run(['ingest', 'data'])).status).toBe(0);
  expect((await run(['people', 'import', csv])).status).toBe(0);
});
afterAll(async () => {
  await server?.close();
  await folder?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});
beforeEach(() => server.reset());

describe('pont with a language model configured', () => {
  it('answers `pont ask` fluently with checked citations', async () => {
    const { status, stdout } = await run(['ask', 'Who is the permanent Joint Chief Executive?', '--json']);
    expect(status).toBe(0);
    const answer = JSON.parse(stdout);
    expect(answer).toMatchObject({ answered: true, model: 'gpt-test', language: 'en' });
    expect(answer.citations[0].quote).toMatch(/Stephen Vickers/);
    expect(answer.answer).toMatch(/\[1\]/);
    expect(server.chatRequests()[0]!.body.messages[0].content).toMatch(/^You are Pont/);
  });

  it('still answers, from the documents, when the model keeps failing', async () => {
    for (let index = 0; index < 3; index += 1) server.enqueue({ kind: 'error', status: 503 });
    const { status, stdout } = await run(['ask', 'Is the federation a merger?', '--json']);
    expect(status).toBe(0);
    const answer = JSON.parse(stdout);
    expect(answer.answered).toBe(true);
    expect(answer.model).toBeUndefined();
    expect(answer.note).toMatch(/language model is unavailable/);
    expect(answer.citations[0].quote).toMatch(/not a merger/);
  });

  it('routes "my opposite number in BG for bins?" to the counterpart tool, without sending anyone\'s profile to the model', async () => {
    server.enqueue({
      kind: 'tool',
      calls: [{ name: 'find_counterpart', arguments: { of: 'me', council: 'blaenau-gwent' } }],
    });
    const { status, stdout } = await run([
      'chat',
      'my opposite number in BG for bins?',
      '--as',
      'rhian.morgan@torfaen.gov.uk',
      '--json',
    ]);
    expect(status).toBe(0);
    const reply = JSON.parse(stdout);
    expect(reply.kind).toBe('people');
    expect(reply.people.map((person: { email: string }) => person.email)).toEqual([
      'dafydd.price@blaenau-gwent.gov.uk',
    ]);
    expect(server.chatRequests()).toHaveLength(1);
    expect(
      server.chatRequests()[0]!.body.tools.map((tool: { function: { name: string } }) => tool.function.name),
    ).toContain('find_counterpart');
    const sent = JSON.stringify(server.requests);
    for (const secret of ['Rhian', 'rhian.morgan@', 'Dafydd', 'Cudd', 'cudd.person@'])
      expect(sent).not.toContain(secret);
    expect(sent).toContain('Waste Services Manager');
  });
});
