import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Pont } from '../../app.ts';
import type { Database } from '../../store/index.ts';
import { isPontError } from '../../errors.ts';
import type { CliContext, CliIo, Command, CommandOption } from './command.ts';
import { commands } from './commands/index.ts';

const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true,
};

/** The options every command takes; main reads them before the command sees its arguments. */
const commonOptions: Record<string, CommandOption & { short?: string }> = {
  '--json': {
    type: 'boolean',
    description: 'print JSON; an error is printed as {"error":{"code","message"}} on stderr',
  },
  '--data-dir': {
    type: 'string',
    value: 'DIR',
    description: 'the folder of the embedded database (PONT_DATA_DIR, default ./.pont)',
  },
  '--help': { type: 'boolean', short: 'h', description: 'show this help' },
};

function optionLines(options: Record<string, CommandOption & { short?: string }>): string[] {
  const entries = Object.entries(options).map(
    ([name, option]) =>
      [
        `${option.short ? `-${option.short}, ` : ''}${name}${option.value ? ` ${option.value}` : ''}`,
        option.description,
      ] as const,
  );
  const width = Math.max(...entries.map(([left]) => left.length));
  return entries.map(([left, description]) => `  ${left.padEnd(width)}  ${description}`);
}

function helpText(): string {
  return [
    'Usage: pont <command> [options]   (every command takes --json, --data-dir DIR and --help)',
    '',
    ...commands.map((command) => `  pont ${command.usage}\n      ${command.summary}`),
    '',
    "pont help COMMAND (or pont COMMAND --help) shows a command's options; pont --version prints the version.",
  ].join('\n');
}

/** `pont help COMMAND`: the command's usage, what it does, its options and the common ones. */
export function commandHelp(command: Command): string {
  return [
    `Usage: pont ${command.usage}`,
    '',
    command.summary,
    ...(command.details?.length ? ['', ...command.details] : []),
    '',
    'Options:',
    ...optionLines({ ...command.options, ...commonOptions }),
  ].join('\n');
}

function version(): string {
  const packageJson = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return packageJson.version;
}

/** The common options read out of `argv`, and the rest as the command will see it. */
function splitArguments(argv: string[]): {
  rest: string[];
  json: boolean;
  help: boolean;
  version: boolean;
  dataDir?: string;
} {
  const { tokens } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const result: ReturnType<typeof splitArguments> = { rest: [], json: false, help: false, version: false };
  for (const token of tokens) {
    if (token.kind === 'positional') result.rest.push(token.value);
    else if (token.kind === 'option-terminator') result.rest.push('--');
    else if (token.name === 'json' && token.rawName === '--json') result.json = true;
    else if (token.name === 'help') result.help = true;
    else if (token.name === 'version' && token.rawName === '--version') result.version = true;
    else if (token.name === 'data-dir' && token.rawName === '--data-dir') {
      if (!token.value) throw new UsageError('--data-dir needs a folder');
      result.dataDir = token.value;
    } else result.rest.push(token.inlineValue ? `${token.rawName}=${token.value}` : token.rawName);
  }
  return result;
}

class UsageError extends Error {}

export interface MainOptions {
  /** An open Pont to run the command against instead of opening the data folder (left open afterwards). */
  pont?: Pont;
  /**
   * An open database to build the command's Pont on, from the command's own settings, instead of opening the data
   * folder (left open afterwards). Tests running many commands on one folder use it: opening PGlite takes seconds.
   */
  db?: Database;
}

/**
 * Runs one `pont` command line and returns the exit status: 0 done, 1 a user error (one line on stderr, or
 * `{"error":{"code","message"}}` there with --json), 2 a fault in Pont itself.
 */
export async function main(
  argv: string[],
  io: CliIo = processIo,
  environment: NodeJS.ProcessEnv = process.env,
  options: MainOptions = {},
): Promise<number> {
  const json = argv.includes('--json');
  const fail = (prefix: string, code: string, message: string, status = 1): number => {
    io.stderr(json ? `${JSON.stringify({ error: { code, message } })}\n` : `${prefix}: ${message}\n`);
    return status;
  };

  let parsed: ReturnType<typeof splitArguments>;
  try {
    parsed = splitArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) return fail('pont', 'validation', error.message);
    throw error;
  }
  const { rest: args, dataDir } = parsed;
  if (parsed.version) {
    io.stdout(json ? `${JSON.stringify({ version: version() })}\n` : `pont ${version()}\n`);
    return 0;
  }

  let name = args.shift();
  if (name === 'help') {
    const topic = args.shift();
    if (topic === undefined) {
      io.stdout(`${helpText()}\n`);
      return 0;
    }
    name = topic;
    parsed.help = true;
  }
  if (!name) {
    io.stdout(`${helpText()}\n`);
    return parsed.help ? 0 : 1;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) return fail('pont', 'validation', `unknown command "${name}". Run "pont help" to see the commands.`);
  if (parsed.help) {
    io.stdout(`${commandHelp(command)}\n`);
    return 0;
  }

  let pont: Pont | undefined;
  const context: CliContext = {
    io,
    json,
    async pont() {
      if (options.pont) return options.pont;
      if (!pont) {
        // NOTE: loaded here, not at the top, so help and quick errors do not load the database and the SDKs.
        const [{ loadConfig }, { createPont }, { createLogger }] = await Promise.all([
          import('../../config.ts'),
          import('../../app.ts'),
          import('../../logger.ts'),
        ]);
        const config = loadConfig({ ...environment, ...(dataDir ? { PONT_DATA_DIR: dataDir } : {}) });
        pont = await createPont(config, {
          logger: createLogger(environment.LOG_LEVEL ?? 'warn'),
          // NOTE: the embedded database starts at the first query: a question answered from the index kept in the
          // data folder never starts it (the folder is locked all the same).
          lazyDatabase: true,
          ...(options.db ? { db: options.db } : {}),
        });
      }
      return pont;
    },
  };
  try {
    await command.run(args, context);
    return 0;
  } catch (error) {
    if (isPontError(error)) return fail(`pont ${name}`, error.code, error.message);
    const message = error instanceof Error ? error.message : String(error);
    if (json) return fail(`pont ${name}`, 'internal', `unexpected error: ${message}`, 2);
    io.stderr(`pont ${name}: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  } finally {
    await pont?.close();
  }
}
