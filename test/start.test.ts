import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/channels/cli/main.ts';
import type { Reply } from '../src/core/assistant/types.ts';

// `npm start` as a new user runs it: the real entry point, in its own process, on embedded defaults.

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
    server.once('error', reject);
  });
}

interface Finished {
  code: number | null;
  stderr: string;
}

function startServer(environment: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  finished: Promise<Finished>;
} {
  const { DATABASE_URL: _unused, ...inherited } = process.env;
  const child = spawn(process.execPath, ['bin/server.js'], {
    env: { ...inherited, LOG_LEVEL: 'info', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  // NOTE: a server that hangs must not outlive the test run.
  const deadline = setTimeout(() => child.kill('SIGKILL'), 150_000);
  const finished = new Promise<Finished>((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(deadline);
      resolve({ code, stderr: output });
    }),
  );
  return { child, output: () => output, finished };
}

async function waitForHealth(url: string, finished: Promise<Finished>): Promise<Record<string, unknown>> {
  let exited = false;
  void finished.then(() => (exited = true));
  for (let attempt = 0; attempt < 600 && !exited; attempt += 1) {
    try {
      const response = await fetch(`${url}/healthz`);
      // NOTE: "indexing" means the port is open and start-up indexing still runs; wait for it to finish.
      const health = response.ok ? ((await response.json()) as Record<string, unknown>) : null;
      if (health?.status === 'ok') return health;
    } catch {
      // NOTE: not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the server did not become healthy');
}

describe('npm start on embedded defaults', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-start-'));
  let server: ReturnType<typeof startServer>;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = startServer({ PORT: String(port), PONT_DATA_DIR: dataDir });
    await waitForHealth(url, server.finished);
  }, 180_000);

  afterAll(async () => {
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.finished;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports itself healthy on the embedded database with no language model', async () => {
    const health = await (await fetch(`${url}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', database: 'pglite', languageModel: 'none' });
  });

  it('tells a load balancer in front of it that an idle connection stays open for 65 seconds', async () => {
    const response = await fetch(`${url}/healthz`, { headers: { connection: 'keep-alive' } });
    await response.arrayBuffer();
    expect(response.headers.get('keep-alive')).toBe('timeout=65');
  });

  it('serves the chat page, with the starter corpus indexed and the sample directory loaded', async () => {
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Pont');
    expect(server.output()).toContain('Pont is listening on');

    const ask = async (text: string) => {
      const response = await fetch(`${url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { reply: Reply }).reply;
    };
    const answer = await ask('Is the federation a merger?');
    if (answer.kind !== 'answer') throw new Error(`expected an answer, got ${answer.kind}`);
    expect(answer.answer.answered).toBe(true);
    expect(answer.answer.citations[0]!.quote).toMatch(/not a merger/);

    const people = await ask('who knows GIS?');
    if (people.kind !== 'people') throw new Error(`expected people, got ${people.kind}`);
    expect(people.people.length).toBeGreaterThan(0);
  });

  it('refuses a second process on the same data folder with one clear line', async () => {
    const io = { out: '', err: '' };
    const status = await main(
      ['ask', 'Is this a merger?', '--data-dir', dataDir],
      {
        stdout: (text) => void (io.out += text),
        stderr: (text) => void (io.err += text),
      },
      { ...process.env, DATABASE_URL: '' },
    );
    expect(status).toBe(1);
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.err).toMatch(/PONT_DATA_DIR .* is in use by another Pont process/);
  });

  it('stops cleanly on SIGTERM and releases the data folder', async () => {
    server.child.kill('SIGTERM');
    const { code } = await server.finished;
    expect(code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
  });
});

describe('npm start with a bad setting', () => {
  it('stops with one line naming DATABASE_URL when the server cannot be reached', async () => {
    const { finished } = startServer({
      PORT: '0',
      DATABASE_URL: 'postgres://pont@127.0.0.1:1/none',
      LOG_LEVEL: 'silent',
    });
    const { code, stderr } = await finished;
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^pont: DATABASE_URL: cannot connect/);
  });

  it('answers /healthz "starting" while the database has not answered, then stops with one line', async () => {
    // NOTE: a "database" that takes the connection and never says anything: the server waits on it until the
    // connection times out, and its port must be open and answering meanwhile.
    const held = new Set<net.Socket>();
    const silent = net.createServer((socket) => void held.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = await freePort();
    try {
      const { finished } = startServer({
        PORT: String(port),
        DATABASE_URL: `postgres://pont@127.0.0.1:${(silent.address() as net.AddressInfo).port}/none`,
        LOG_LEVEL: 'silent',
      });
      let exited = false;
      void finished.then(() => (exited = true));
      let health: unknown;
      while (!exited && health === undefined) {
        health = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (response) => response.json(),
          () => undefined,
        );
        if (health === undefined) await new Promise((resolve) => setImmediate(resolve));
      }
      expect(health).toEqual({ status: 'starting' });
      const { code, stderr } = await finished;
      expect(code).toBe(1);
      expect(stderr).toMatch(/^pont: DATABASE_URL: cannot connect/);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  }, 60_000);

  it('stops with one line naming PORT when another program holds the port', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as net.AddressInfo;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-port-taken-'));
    try {
      const { finished } = startServer({ PORT: String(port), PONT_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
      const { code, stderr } = await finished;
      expect(code).toBe(1);
      expect(stderr).toBe(
        `pont: PORT ${port} on 127.0.0.1 is already in use by another program: stop it, or set PORT to a free port (e.g. PORT=3979 npm start).\n`,
      );
      expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('stops with one line naming PONT_DATA_DIR when the folder cannot be written', async () => {
    // NOTE: a plain file where the folder should be: permission bits would not stop root.
    const blocker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pont-blocked-')), 'not-a-folder');
    fs.writeFileSync(blocker, '');
    const { finished } = startServer({ PORT: '0', PONT_DATA_DIR: path.join(blocker, 'data'), LOG_LEVEL: 'silent' });
    const { code, stderr } = await finished;
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/PONT_DATA_DIR .* is not writable/);
  });
});
