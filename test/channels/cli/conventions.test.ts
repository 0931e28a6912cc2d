import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../src/channels/cli/commands/index.ts';
import { main } from '../../../src/channels/cli/main.ts';

// NOTE: the data folder named here cannot be created, so a command that tried to open the database would fail: a
// help or usage error that exits 0 (or 1 with its own message) has not touched it.
const unusable = '/proc/pont-never-created';

async function run(argv: string[], environment: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const status = await main(
    argv,
    { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) },
    { LOG_LEVEL: 'silent', ...environment },
  );
  return { status, stdout, stderr };
}

const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };

let folder: string;
beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-cli-conventions-'));
});
afterAll(() => {
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('pont COMMAND --help', () => {
  it.each(commands.map((command) => [command.name, command] as const))(
    'lists every option of pont %s, with --json, --data-dir and --help',
    async (name, command) => {
      const { status, stdout, stderr } = await run([name, '--help', '--data-dir', unusable]);
      expect(status).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toContain(`Usage: pont ${command.usage}\n`);
      expect(stdout).toContain(command.summary);
      for (const option of [...Object.keys(command.options), '--json', '--data-dir', '--help'])
        expect(stdout).toMatch(new RegExp(`^  (-h, )?${option}\\b`, 'm'));
    },
  );

  it.each(commands.map((command) => [command.name, command] as const))(
    'documents every option that the usage line of pont %s names',
    (_name, command) => {
      const named = [...`${command.usage} ${(command.details ?? []).join(' ')}`.matchAll(/--[a-z][a-z-]*/g)].map(
        (match) => match[0],
      );
      expect(named.filter((option) => !(option in command.options))).toEqual([]);
    },
  );

  it('shows the same help for -h, --help and pont help COMMAND, and never takes -h as a question', async () => {
    const long = await run(['ask', '--help', '--data-dir', unusable]);
    const short = await run(['ask', '-h', '--data-dir', unusable]);
    const topic = await run(['help', 'ask', '--data-dir', unusable]);
    const questionFirst = await run(['ask', 'Is the federation a merger?', '-h', '--data-dir', unusable]);
    for (const each of [short, topic, questionFirst]) expect(each).toEqual(long);
    expect(long.stdout).toMatch(/^ {2}--language en\|cy +answer in English or Welsh/m);
  });

  it('shows help for an action of a command with actions', async () => {
    const { status, stdout } = await run(['people', 'import', '--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('pont people import FILE.csv [--readmit-erased]');
    expect(stdout).toMatch(/^ {2}--readmit-erased +import: bring back people whose profiles were erased/m);
  });

  it("lists every command on pont help, pont --help and pont -h, and says how to get a command's help", async () => {
    for (const argv of [['help'], ['--help'], ['-h']]) {
      const { status, stdout } = await run(argv);
      expect(status).toBe(0);
      for (const command of commands) expect(stdout).toContain(`  pont ${command.usage}\n      ${command.summary}`);
      expect(stdout).toContain('pont help COMMAND (or pont COMMAND --help)');
    }
  });

  it('names an unknown help topic in one line and exits 1', async () => {
    const { status, stdout, stderr } = await run(['help', 'dragons']);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('pont: unknown command "dragons". Run "pont help" to see the commands.\n');
  });
});

describe('pont --version', () => {
  it('prints the version in package.json', async () => {
    expect(await run(['--version'])).toEqual({ status: 0, stdout: `pont ${version}\n`, stderr: '' });
    expect(await run(['--version', '--json'])).toEqual({
      status: 0,
      stdout: `${JSON.stringify({ version })}\n`,
      stderr: '',
    });
  });
});

describe('errors', () => {
  it('prints a user error as {"error":{"code","message"}} on stderr under --json, exits 1 and prints nothing on stdout', async () => {
    const unknownOption = await run(['ask', 'Is this a merger?', '--frobnicate', '--json', '--data-dir', unusable]);
    expect(unknownOption).toEqual({
      status: 1,
      stdout: '',
      stderr: `${JSON.stringify({ error: { code: 'validation', message: 'unknown option --frobnicate: pont ask takes --language, --batch' } })}\n`,
    });
    const unknownCommand = await run(['summon', '--json']);
    expect(unknownCommand.status).toBe(1);
    expect(JSON.parse(unknownCommand.stderr)).toEqual({
      error: { code: 'validation', message: 'unknown command "summon". Run "pont help" to see the commands.' },
    });
    const noFolder = await run(['ask', 'x', '--json', '--data-dir']);
    expect(noFolder.status).toBe(1);
    expect(JSON.parse(noFolder.stderr)).toEqual({
      error: { code: 'validation', message: '--data-dir needs a folder' },
    });
  });

  it('prints the same error as one plain line without --json', async () => {
    expect(await run(['ask', 'Is this a merger?', '--frobnicate', '--data-dir', unusable])).toEqual({
      status: 1,
      stdout: '',
      stderr: 'pont ask: unknown option --frobnicate: pont ask takes --language, --batch\n',
    });
  });

  it('refuses a value given to a switch, a switch missing its value and a short option it does not know', async () => {
    expect(
      (
        await run([
          'share',
          'How do you plan rotas?',
          '--from',
          'a@torfaen.gov.uk',
          '--both=yes',
          '--data-dir',
          unusable,
        ])
      ).stderr,
    ).toBe('pont share: --both takes no value: write --both alone\n');
    expect((await run(['search', 'rota', '--limit', '--data-dir', unusable])).stderr).toBe(
      'pont search: --limit needs a value; see "pont help search"\n',
    );
    expect((await run(['chat', 'who knows GIS?', '--as', '--data-dir', unusable])).stderr).toBe(
      'pont chat: --as needs an email, e.g. --as rhian.morgan@torfaen.gov.uk\n',
    );
    const short = await run(['skills', 'GIS', '-x', '--data-dir', unusable]);
    expect(short).toEqual({
      status: 1,
      stdout: '',
      stderr: 'pont skills: unknown option -x: pont skills takes --council, --limit\n',
    });
  });

  it('exits 1 with one line when pont ingest is given a path that does not exist, before indexing anything', async () => {
    const present = path.join(folder, 'present.md');
    fs.writeFileSync(present, '# A note\n\nSomething worth indexing.\n');
    const missing = path.join(folder, 'missing.pdf');
    const { status, stdout, stderr } = await run(['ingest', present, missing, '--data-dir', unusable]);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`pont ingest: ${missing}: no such file or folder; check the path (nothing was indexed)\n`);
  });

  it('names DATABASE_URL in one line when the PostgreSQL server cannot be reached', async () => {
    const { status, stdout, stderr } = await run(['ask', 'Is the federation a merger?'], {
      DATABASE_URL: 'postgres://pont@127.0.0.1:1/none',
    });
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /^pont ask: DATABASE_URL: cannot connect to postgres:\/\/pont@127\.0\.0\.1:1\/none .*unset DATABASE_URL to use the embedded database\.\n$/,
    );
  });

  it('fails at once with one line naming PONT_DATA_DIR when --data-dir is under /proc', async () => {
    const { status, stdout, stderr } = await run(['ask', 'Is the federation a merger?', '--data-dir', '/proc/nope']);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^pont ask: PONT_DATA_DIR \(\/proc\/nope\) is not writable: .*Set PONT_DATA_DIR to a folder Pont may write, or set DATABASE_URL\.\n$/,
    );
  });

  it('names PONT_DATA_DIR in one line when the data folder is a file', async () => {
    const blocker = path.join(folder, 'a-file');
    fs.writeFileSync(blocker, '');
    const { status, stderr } = await run(['skills', 'GIS', '--data-dir', blocker]);
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^pont skills: PONT_DATA_DIR \(.*a-file\) is not writable/);
  });
});
