import { main } from '../../src/channels/cli/main.ts';
import { openDatabase, type Database } from '../../src/store/index.ts';

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
 * Tests about opening a folder (a missing, locked or damaged one) use `runPont`.
 */
export async function openFolder(dataDir: string): Promise<OpenFolder> {
  let db: Database | undefined;
  const database = async () => (db ??= await openDatabase({ dataDir, databaseUrl: undefined }));
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
