import type { Language } from '../../../core/language/index.ts';
import { ValidationError } from '../../../errors.ts';
import { optionsOf, parseOptions, print, type Command } from '../command.ts';

/** `pont ask "QUESTION"`: a quoted, cited answer from the indexed documents, or a plain "they don't say". */
export const askCommand: Command = {
  name: 'ask',
  usage: 'ask "QUESTION" [--language en|cy]',
  summary: 'answer from the indexed documents, with quotes and sources',
  options: {
    '--language': { type: 'string', value: 'en|cy', description: 'answer in English or Welsh (default: the language of the question)' },
  },
  async run(args, context) {
    const { words, values } = parseOptions(args, optionsOf(askCommand), 'pont ask');
    const languageOption = values.get('--language');
    if (languageOption !== undefined && languageOption !== 'en' && languageOption !== 'cy') throw new ValidationError('--language takes en or cy');
    const language: Language | undefined = languageOption;
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
