import { parseArgs } from 'node:util';
import type { Pont } from '../../app.ts';
import { ValidationError } from '../../errors.ts';

/** Where a command writes. Tests pass their own to capture output. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal: progress is drawn on one line there, and printed a line at a time elsewhere. */
  stderrIsTTY?: boolean;
  /** Reads a whole file given on the command line ('-' for standard input). */
  readInput?(path: string): Promise<string>;
}

export interface CliContext {
  io: CliIo;
  json: boolean;
  /** Opens Pont with the command's --data-dir and the environment. Commands close nothing: main does. */
  pont(): Promise<Pont>;
}

/** One option of a command, as `pont help COMMAND` lists it. */
export interface CommandOption {
  /** `string` takes a value; `boolean` is a switch. */
  type: 'string' | 'boolean';
  /** What the value is, shown after the option name: EMAIL, N, FILE. */
  value?: string;
  description: string;
  /** The error when the value is missing, when it can say more than "needs a value": an example, say. */
  missing?: string;
}

/** One `pont` sub-command. `args` are what follows its name, with --json and --data-dir already taken out. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Every option the command (or one of its actions) takes, by name with its dashes: `--limit`. */
  options: Record<string, CommandOption>;
  /** More lines for `pont help COMMAND`: its actions and an example or two. */
  details?: string[];
  run(args: string[], context: CliContext): Promise<void>;
}

/** Prints `value` as JSON with --json, or `text` otherwise. */
export function print(context: CliContext, value: unknown, text: () => string): void {
  context.io.stdout(context.json ? `${JSON.stringify(value)}\n` : `${text()}\n`);
}

/**
 * Options and words from a command line, read with `node:util` parseArgs; `known.values` lists the options that take
 * a value and `known.flags` the switches (each with its dashes). An unknown option, a value missing, or a value given
 * to a switch is a ValidationError naming the option.
 */
export function parseOptions(
  args: string[],
  known: { values: string[]; flags: string[]; missing?: Record<string, string> },
  command: string,
): { words: string[]; values: Map<string, string>; flags: Set<string> } {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const name of known.values) options[name.replace(/^--/, '')] = { type: 'string' };
  for (const name of known.flags) options[name.replace(/^--/, '')] = { type: 'boolean' };
  // NOTE: strict is off so every problem below gets Pont's own wording; parseArgs still splits the tokens.
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  const words: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (const token of tokens) {
    if (token.kind === 'positional') words.push(token.value);
    if (token.kind !== 'option') continue;
    const name = token.rawName.startsWith('--') ? token.rawName : `-${token.name}`;
    const type = options[token.name]?.type;
    if (type === undefined || !token.rawName.startsWith('--')) {
      const all = [...known.values, ...known.flags];
      throw new ValidationError(
        `unknown option ${name}: ${command} takes ${all.length ? all.join(', ') : 'no options'}`,
      );
    }
    if (type === 'boolean') {
      if (token.inlineValue) throw new ValidationError(`${name} takes no value: write ${name} alone`);
      flags.add(name);
    } else {
      if (token.value === undefined || token.value === '')
        throw new ValidationError(
          known.missing?.[name] ??
            `${name} needs a value; see "pont help ${command.replace(/^pont /, '').split(' ')[0]}"`,
        );
      values.set(name, token.value);
    }
  }
  return { words, values, flags };
}

/** The `known` argument of parseOptions for some of a command's options: those that take a value and the switches. */
export function optionsOf(
  command: Pick<Command, 'options'>,
  names: string[] = Object.keys(command.options),
): { values: string[]; flags: string[]; missing: Record<string, string> } {
  const missing: Record<string, string> = {};
  for (const name of names) {
    const hint = command.options[name]?.missing;
    if (hint) missing[name] = hint;
  }
  return {
    values: names.filter((name) => command.options[name]?.type === 'string'),
    flags: names.filter((name) => command.options[name]?.type === 'boolean'),
    missing,
  };
}
