import fs from 'node:fs/promises';
import type { Answer } from '../../../core/knowledge/index.ts';
import type { Language } from '../../../core/language/index.ts';
import { ValidationError } from '../../../errors.ts';
import { optionsOf, parseOptions, print, type Command } from '../command.ts';

/** The JSON shape of an answer, for `--json` and for each line of `--batch`. */
function answerJson(answer: Answer, answerOutcome: (answer: Answer) => string) {
  return {
    answered: answer.answered,
    outcome: answerOutcome(answer),
    answer: answer.answer,
    language: answer.language,
    citations: answer.citations.map((citation) => ({
      title: citation.title,
      source: citation.source,
      quote: citation.quote,
      ...(citation.published ? { published: citation.published } : {}),
      ...(citation.twin ? { twin: citation.twin } : {}),
    })),
    ...(answer.model ? { model: answer.model } : {}),
    ...(answer.note ? { note: answer.note } : {}),
  };
}

/**
 * `pont ask "QUESTION"`: a quoted, cited answer from the indexed documents, the closest passages, or a plain
 * "they don't say". `pont ask --batch FILE`: one question a line, one JSON answer a line, in one process.
 */
export const askCommand: Command = {
  name: 'ask',
  usage: 'ask "QUESTION" [--language en|cy] | --batch FILE',
  summary: 'answer from the indexed documents, with quotes and sources (a file of questions with --batch)',
  options: {
    '--language': {
      type: 'string',
      value: 'en|cy',
      description: 'answer in English or Welsh (default: the language of the question)',
    },
    '--batch': {
      type: 'string',
      value: 'FILE',
      description:
        'a file of questions, one a line (lines starting with # are skipped); prints one JSON answer line a question',
      missing: '--batch needs a file with one question a line',
    },
  },
  async run(args, context) {
    const { words, values } = parseOptions(args, optionsOf(askCommand), 'pont ask');
    const languageOption = values.get('--language');
    if (languageOption !== undefined && languageOption !== 'en' && languageOption !== 'cy')
      throw new ValidationError('--language takes en or cy');
    const language: Language | undefined = languageOption;
    const batch = values.get('--batch');
    // NOTE: loaded here, not at the top, so `pont help` and `--version` load none of the core.
    const { answerOutcome, bothLanguages, knowledgeMessages, maximumQuestionLength } =
      await import('../../../core/knowledge/index.ts');

    if (batch !== undefined) {
      if (words.length > 0) throw new ValidationError('give either a question or --batch FILE, not both');
      let text: string;
      try {
        text = context.io.readInput ? await context.io.readInput(batch) : await fs.readFile(batch, 'utf8');
      } catch (error) {
        throw new ValidationError(
          `cannot read ${batch} (${(error as Error).message}): give a file with one question a line`,
          { cause: error },
        );
      }
      const pont = await context.pont();
      const lines = text.split(/\r?\n/);
      // NOTE: the newline that ends the file does not make an empty last question.
      if (lines.at(-1) === '') lines.pop();
      for (const [index, line] of lines.entries()) {
        const question = line.trim();
        const lineNumber = index + 1;
        // NOTE: a line that starts with # is a note for whoever keeps the file (a heading, a source), not a question.
        if (question.startsWith('#')) continue;
        // A bad line is reported on its own line of output, and the rest of the file is still answered.
        if (question === '' || question.length > maximumQuestionLength) {
          const error = bothLanguages(
            question === '' ? knowledgeMessages.emptyQuestion : knowledgeMessages.longQuestion,
          );
          context.io.stdout(`${JSON.stringify({ line: lineNumber, error })}\n`);
          continue;
        }
        const answer = await pont.knowledge.ask(question, language ? { language } : {});
        context.io.stdout(`${JSON.stringify({ line: lineNumber, question, ...answerJson(answer, answerOutcome) })}\n`);
      }
      return;
    }

    const pont = await context.pont();
    const answer = await pont.knowledge.ask(words.join(' '), language ? { language } : {});
    print(context, answerJson(answer, answerOutcome), () =>
      [answer.answer, ...(answer.note ? [answer.note] : [])].join('\n'),
    );
  },
};
