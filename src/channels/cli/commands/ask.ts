import type { Language } from '../../../core/language/index.ts';
import { ValidationError } from '../../../errors.ts';
import { print, type Command } from '../command.ts';

/** `pont ask "QUESTION"`: a quoted, cited answer from the indexed documents, or a plain "they don't say". */
export const askCommand: Command = {
  name: 'ask',
  usage: 'ask "QUESTION" [--language en|cy]',
  summary: 'answer from the indexed documents, with quotes and sources',
  async run(args, context) {
    let language: Language | undefined;
    const words: string[] = [];
    for (let index = 0; index < args.length; index += 1) {
      const arg = args[index]!;
      if (arg === '--language') {
        const value = args[++index];
        if (value !== 'en' && value !== 'cy') throw new ValidationError('--language takes en or cy');
        language = value;
      } else if (arg.startsWith('--')) throw new ValidationError(`unknown option ${arg}: pont ask takes a question and --language`);
      else words.push(arg);
    }
    const pont = await context.pont();
    const answer = await pont.knowledge.ask(words.join(' '), language ? { language } : {});
    const json = {
      answered: answer.answered,
      answer: answer.answer,
      language: answer.language,
      citations: answer.citations.map((citation) => ({
        title: citation.title,
        source: citation.source,
        quote: citation.quote,
        ...(citation.published ? { published: citation.published } : {}),
      })),
      ...(answer.model ? { model: answer.model } : {}),
      ...(answer.note ? { note: answer.note } : {}),
    };
    print(context, json, () => [answer.answer, ...(answer.note ? [answer.note] : [])].join('\n'));
  },
};
