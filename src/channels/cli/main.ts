import { createPont, type Pont } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { isPontError } from '../../errors.ts';
import { createLogger } from '../../logger.ts';
import type { CliContext, CliIo } from './command.ts';
import { commands } from './commands/index.ts';

const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

function helpText(): string {
  return [
    'Usage: pont <command> [options]   (every command takes --json and --data-dir DIR)',
    '',
    ...commands.map((command) => `  pont ${command.usage}\n      ${command.summary}`),
  ].join('\n');
}

/**
 * Runs one `pont` command line and returns the exit status: 0 done, 1 a user error (one line on stderr).
 */
export async function main(argv: string[], io: CliIo = processIo, environment: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args: string[] = [];
  let json = false;
  let dataDir: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '--json') json = true;
    else if (arg === '--data-dir') {
      dataDir = argv[index + 1];
      index += 1;
      if (!dataDir) {
        io.stderr('pont: --data-dir needs a folder\n');
        return 1;
      }
    } else if (arg.startsWith('--data-dir=')) dataDir = arg.slice('--data-dir='.length);
    else args.push(arg);
  }

  const name = args.shift();
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(`${helpText()}\n`);
    return name ? 0 : 1;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr(`pont: unknown command "${name}". Run "pont help" to see the commands.\n`);
    return 1;
  }

  let pont: Pont | undefined;
  const context: CliContext = {
    io,
    json,
    async pont() {
      if (!pont) {
        const config = loadConfig({ ...environment, ...(dataDir ? { PONT_DATA_DIR: dataDir } : {}) });
        pont = await createPont(config, { logger: createLogger(environment.LOG_LEVEL ?? 'warn') });
      }
      return pont;
    },
  };
  try {
    await command.run(args, context);
    return 0;
  } catch (error) {
    if (isPontError(error)) {
      io.stderr(`pont ${name}: ${error.message}\n`);
      return 1;
    }
    io.stderr(`pont ${name}: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  } finally {
    await pont?.close();
  }
}
