import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Settings that would leave Pont open are refused before it listens: one line naming the setting, exit 1.

function start(environment: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(MICROSOFT_|PONT_|SLACK_|DATABASE_URL|OPENAI_|AZURE_)/.test(name),
    ),
  );
  const child = spawn(process.execPath, ['bin/server.js'], {
    env: { ...inherited, LOG_LEVEL: 'info', PORT: '0', PONT_DATA_DIR: 'memory://', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  // NOTE: a server that started instead of refusing must not outlive the test.
  const deadline = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(deadline);
      resolve({ code, output });
    }),
  );
}

const longToken = 'a3f9c2e1b7d84f60a1c3e5f7092b4d6e8f1a3c5e';

describe('start-up refusals', () => {
  it('will not serve Teams without Bot Framework credentials on a network address', async () => {
    const { code, output } = await start({ PONT_HOST: '0.0.0.0', PONT_ADMIN_TOKEN: longToken });
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(output).toContain('MICROSOFT_APP_ID');
    expect(output).toContain('PONT_TEAMS=off');
  });

  it('will not take an admin token short enough to guess', async () => {
    const { code, output } = await start({
      PONT_HOST: '0.0.0.0',
      PONT_ADMIN_TOKEN: 'hunter2-secret',
      PONT_TEAMS: 'off',
    });
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(output).toContain('PONT_ADMIN_TOKEN is 14 characters: use at least 32');
  });
});
