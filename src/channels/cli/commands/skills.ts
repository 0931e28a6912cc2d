import { normaliseCouncil, type Council } from '../../../core/people/index.ts';
import { ValidationError } from '../../../errors.ts';
import { print, type Command } from '../command.ts';
import { personJson, personLines } from './people-format.ts';

/** Reads `--council C` and `--limit N` out of the arguments; the rest is the query. */
export function peopleOptions(args: string[], command: string): { words: string[]; council?: Council; limit?: number } {
  const words: string[] = [];
  let council: Council | undefined;
  let limit: number | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--council') {
      const value = args[++index] ?? '';
      const found = normaliseCouncil(value);
      if (!found) throw new ValidationError(`--council takes blaenau-gwent or torfaen, not "${value.slice(0, 40)}"`);
      council = found;
    } else if (arg === '--limit') {
      const value = Number(args[++index]);
      if (!Number.isInteger(value) || value < 1 || value > 200) throw new ValidationError('--limit takes a whole number from 1 to 200');
      limit = value;
    } else if (arg.startsWith('--')) throw new ValidationError(`unknown option ${arg}: pont ${command} takes --council C and --limit N`);
    else words.push(arg);
  }
  return { words, council, limit };
}

/** `pont skills "SKILL" [--council C] [--limit N]`: people with a skill, best first, with why they matched. */
export const skillsCommand: Command = {
  name: 'skills',
  usage: 'skills "SKILL" [--council C] [--limit N]',
  summary: 'people with a skill in either council, best first',
  async run(args, context) {
    const { words, council, limit } = peopleOptions(args, 'skills');
    const pont = await context.pont();
    const people = await pont.people.findBySkill(words.join(' '), { council, limit });
    print(context, { people: people.map(personJson) }, () =>
      people.length === 0 ? 'No one with that skill is in the directory yet.' : people.map((person, index) => personLines(person, index + 1)).join('\n'),
    );
  },
};
