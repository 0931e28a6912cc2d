import type { Command } from '../command.ts';

/** Every `pont` sub-command, in the order `pont help` lists them. */
export const commands: Command[] = [];
