import type { Pont } from '../../app.ts';

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
