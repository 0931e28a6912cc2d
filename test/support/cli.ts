import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { main } from '../../src/channels/cli/main.ts';
import type { Database } from '../../src/store/index.ts';
import { openTestPglite } from './pglite-template.ts';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs one `pont` command line against `dataDir`, as a user would type it, capturing what it prints. */
export async function runPont(
  dataDir: string,
  argv: string[],
  environment: NodeJS.ProcessEnv,
  options: { db?: Database } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await main(
    ['--data-dir', dataDir, ...argv],
    { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) },
    environment,
    options,
  );
  return { status, stdout, stderr };
}

/** A data folder whose database stays open across the commands of a test file. */
export interface OpenFolder {
  dataDir: string;
  /** Runs one `pont` command line on the folder, as `runPont` does, with its own settings and Pont. */
  run(argv: string[], environment: NodeJS.ProcessEnv): Promise<CliRun>;
  /** The open database, for a test that changes the store behind Pont's back as a stopped process would have. */
  database(): Promise<Database>;
  /** Closes the database (after the file's last command). */
  close(): Promise<void>;
}

/**
 * Opens the embedded database in `dataDir` once for a test file's commands. Each command still goes through the
 * CLI's entry point with its own settings and builds its own Pont (and in-process indexes) as a new process would,
 * and prints and exits as the user sees it; only opening PGlite from the folder, which takes seconds, is shared.
 * A folder with no database yet gets a copy of the run's migrated one (`openTestPglite`), as if a first command had
 * created it. Tests about opening a folder (a new, missing, locked or damaged one) use `runPont`.
 */
export async function openFolder(dataDir: string): Promise<OpenFolder> {
  let db: Database | undefined;
  // NOTE: where the CLI's openDatabase keeps PGlite; a folder that already holds a database is opened as it is.
  const database = async () => (db ??= await openTestPglite(path.join(dataDir, 'pglite')));
  return {
    dataDir,
    async run(argv, environment) {
      return runPont(dataDir, argv, environment, { db: await database() });
    },
    database,
    async close() {
      await db?.close();
      db = undefined;
    },
  };
}

/**
 * A data folder for the commands of one test file: made before its tests, its database opened at the first command
 * and kept open (see `openFolder`), closed and removed after the file. `environment` is read at each command, so a
 * file can set it in its own `beforeAll` (a councils file in the folder, say).
 */
export function useCliFolder(prefix: string, environment: () => NodeJS.ProcessEnv = () => ({ LOG_LEVEL: 'silent' })) {
  let dataDir = '';
  let folder: OpenFolder | undefined;
  const open = async () => (folder ??= await openFolder(dataDir));
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(async () => {
    await folder?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    /** The folder (set once the file's `beforeAll` hooks run). */
    get dataDir() {
      return dataDir;
    },
    /** Runs `pont ARGV…` on the folder through the CLI's entry point. */
    pont: async (...argv: string[]) => (await open()).run(argv, environment()),
    /** The open database, for a change behind Pont's back. */
    database: async () => (await open()).database(),
  };
}
