import { describe, expect, it } from 'vitest';
import { commands } from '../../../src/channels/cli/commands/index.ts';
import { main } from '../../../src/channels/cli/main.ts';

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await main(
    argv,
    { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) },
    {},
  );
  return { status, stdout, stderr };
}

describe('the pont command', () => {
  it('lists every command with what it does on "pont help"', async () => {
    const { status, stdout } = await run(['help']);
    expect(status).toBe(0);
    for (const command of commands) expect(stdout).toContain(`pont ${command.usage}\n      ${command.summary}`);
    expect(commands.map((command) => command.name)).toEqual(
      expect.arrayContaining(['ingest', 'ask', 'search', 'people', 'skills', 'counterpart', 'share', 'requests']),
    );
  });

  it('shows the help and exits 1 when no command is given', async () => {
    const { status, stdout } = await run([]);
    expect(status).toBe(1);
    expect(stdout).toContain('Usage: pont <command>');
  });

  it('names an unknown command in one line and exits 1', async () => {
    const { status, stderr } = await run(['summon', 'dragon']);
    expect(status).toBe(1);
    expect(stderr).toBe('pont: unknown command "summon". Run "pont help" to see the commands.\n');
  });

  it('asks for a folder when --data-dir has none', async () => {
    const { status, stderr } = await run(['ask', 'Is this a merger?', '--data-dir']);
    expect(status).toBe(1);
    expect(stderr).toBe('pont: --data-dir needs a folder\n');
  });
});
