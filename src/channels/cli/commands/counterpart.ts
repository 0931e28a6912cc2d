import { print, type Command } from '../command.ts';
import { peopleOptions, peopleSearchOptions } from './skills.ts';

/** `pont counterpart EMAIL_OR_ROLE [--limit N]`: the opposite numbers in the other council. */
export const counterpartCommand: Command = {
  name: 'counterpart',
  usage: 'counterpart EMAIL_OR_ROLE [--limit N]',
  summary: 'the counterparts of a person or role in the other council',
  options: { '--limit': peopleSearchOptions['--limit']! },
  async run(args, context) {
    const { words, limit } = await peopleOptions(args, counterpartCommand);
    const pont = await context.pont();
    const { personJson, personLines } = await import('./people-format.ts');
    const result = await pont.people.counterparts(words.join(' '), { limit });
    const value = { counterparts: result.counterparts.map(personJson), ...(result.note ? { note: result.note } : {}) };
    print(
      context,
      value,
      () =>
        [result.note ?? '', ...result.counterparts.map((person, index) => personLines(person, index + 1))]
          .filter(Boolean)
          .join('\n') || 'No counterparts found.',
    );
  },
};
