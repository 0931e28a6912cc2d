import type { Pont } from '../../app.ts';
import { ValidationError } from '../../errors.ts';

/** Where a command writes. Tests pass their own to capture output. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads a whole file given on the command line ('-' for standard input). */
  readInput?(path: string): Promise<string>;
}

export interface CliContext {
  io: CliIo;
  json: boolean;
  /** Opens Pont with the command's --data-dir and the environment. Commands close nothing: main does. */
  pont(): Promise<Pont>;
}

/** One `pont` sub-command. `args` are what follows its name, with --json and --data-dir already taken out. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  run(args: string[], context: CliContext): Promise<void>;
}

/** Prints `value` as JSON with --json, or `text` otherwise. */
export function print(context: CliContext, value: unknown, text: () => string): void {
  context.io.stdout(context.json ? `${JSON.stringify(value)}\n` : `${text()}\n`);
}

/** Options and words from a command line; `flags` lists the options that take no value. */
export function parseOptions(args: string[], known: { values: string[]; flags: string[] }, command: string): { words: string[]; values: Map<string, string>; flags: Set<string> } {
  const words: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (known.flags.includes(name)) flags.add(name);
    else if (known.values.includes(name)) {
      const value = inline ?? args[++index];
      if (value === undefined || value === '') throw new ValidationError(`${name} needs a value; see "pont help"`);
      values.set(name, value);
    } else {
      const all = [...known.values, ...known.flags];
      throw new ValidationError(`unknown option ${name}: ${command} takes ${all.length ? all.join(', ') : 'no options'}`);
    }
  }
  return { words, values, flags };
}
