import { main } from '../../src/channels/cli/main.ts';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs one `pont` command line against `dataDir`, as a user would type it, capturing what it prints. */
export async function runPont(dataDir: string, argv: string[], environment: NodeJS.ProcessEnv): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await main(['--data-dir', dataDir, ...argv], { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) }, environment);
  return { status, stdout, stderr };
}
