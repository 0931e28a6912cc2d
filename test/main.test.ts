import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { run } from '../src/main.ts';
import { openFolder, type OpenFolder } from './support/cli.ts';

let dataDir: string;
const environment = { LOG_LEVEL: 'silent' };
// NOTE: the folder's database is opened once for the commands; each still runs through the CLI's entry point.
let folder: OpenFolder | undefined;
const pont = async (...argv: string[]) => {
  folder ??= await openFolder(dataDir);
  return folder.run(argv, environment);
};
const requester = 'matthew.jones@blaenau-gwent.gov.uk';

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-start-sweep-'));
});
afterAll(async () => {
  await folder?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('stops quoting someone whose hide was saved before the process stopped, once Pont starts again', async () => {
    expect((await pont('people', 'import', 'examples/staff-directory.csv')).status).toBe(0);
    const shared = JSON.parse(
      (
        await pont(
          'share',
          'How do you run your waste collection rota over bank holidays?',
          '--from',
          requester,
          '--json',
        )
      ).stdout,
    );
    const { id } = shared.request;
    const helper: string = shared.request.routedTo[0];
    expect((await pont('requests', 'claim', id, '--as', helper)).status).toBe(0);
    expect(
      (
        await pont(
          'requests',
          'answer',
          id,
          'We plan the bank holiday rota six weeks ahead.',
          '--as',
          helper,
          '--consent',
        )
      ).status,
    ).toBe(0);
    expect((await pont('requests', 'helpful', id, '--as', requester)).status).toBe(0);
    // NOTE: saved straight into the store, as a hide is when the process stops before the rewrite that follows it.
    const rows = await (
      await folder!.database()
    ).query<{ name: string }>('update people set hidden_by_self = true where email = $1 returning name', [helper]);
    const helperName = rows[0]!.name;
    const question = 'Who answered about the waste collection rota over bank holidays?';
    expect((await pont('ask', question, '--json')).stdout).toContain(helperName);
    // The server opens the folder itself, as after a restart.
    await folder!.close();

    const running = await run(loadConfig({ LOG_LEVEL: 'silent', PONT_DATA_DIR: dataDir, PORT: '0' }));
    try {
      await running.warmedUp;
      await running.sharedPracticeChecked;
      const answer = await running.pont.knowledge.ask(question);
      expect(answer.citations.map((citation) => citation.source)).toContain(`pont:request/${id}`);
      expect(JSON.stringify(answer)).not.toContain(helperName);
      expect(answer.answer).toContain('answered by a member of staff in Torfaen');
    } finally {
      await running.stop();
    }
  }, 60_000);
});
