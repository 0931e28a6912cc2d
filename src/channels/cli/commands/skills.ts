import type { Council } from '../../../core/people/index.ts';
import { ValidationError } from '../../../errors.ts';
import { optionsOf, parseOptions, print, type CliContext, type Command, type CommandOption } from '../command.ts';

/** The options of the people searches: `--council C` and `--limit N`. */
export const peopleSearchOptions: Record<string, CommandOption> = {
  '--council': {
    type: 'string',
    value: 'C',
    description: 'only this council: its id in the councils file, e.g. blaenau-gwent or torfaen',
  },
  '--limit': { type: 'string', value: 'N', description: 'at most N people, 1 to 200' },
};

/** Reads `--council C` and `--limit N` out of the arguments; the rest is the query. */
export async function peopleOptions(
  args: string[],
  command: Command,
  context?: CliContext,
): Promise<{ words: string[]; council?: Council; limit?: number }> {
  const { words, values } = parseOptions(args, optionsOf(command), `pont ${command.name}`);
  let council: Council | undefined;
  let limit: number | undefined;
  if (values.has('--council')) {
    const value = values.get('--council')!;
    // NOTE: the councils come from the settings, which opening Pont reads.
    await context?.pont();
    const { normaliseCouncil, councilIds } = await import('../../../core/people/index.ts');
    const found = normaliseCouncil(value);
    if (!found) throw new ValidationError(`--council takes ${councilIds().join(' or ')}, not "${value.slice(0, 40)}"`);
    council = found;
  }
  if (values.has('--limit')) {
    const value = Number(values.get('--limit'));
    if (!Number.isInteger(value) || value < 1 || value > 200)
      throw new ValidationError('--limit takes a whole number from 1 to 200');
    limit = value;
  }
  return { words, council, limit };
}

/** `pont skills "SKILL" [--council C] [--limit N]`: people with a skill, best first, with why they matched. */
export const skillsCommand: Command = {
  name: 'skills',
  usage: 'skills "SKILL" [--council C] [--limit N]',
  summary: 'people with a skill in either council, best first',
  options: peopleSearchOptions,
  async run(args, context) {
    const { words, council, limit } = await peopleOptions(args, skillsCommand, context);
    const pont = await context.pont();
    const { personJson, personLines } = await import('./people-format.ts');
    const people = await pont.people.findBySkill(words.join(' '), { council, limit });
    print(context, { people: people.map(personJson) }, () =>
      people.length === 0
        ? 'No one with that skill is in the directory yet.'
        : people.map((person, index) => personLines(person, index + 1)).join('\n'),
    );
  },
};
