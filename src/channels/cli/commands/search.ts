import fs from 'node:fs/promises';
import type { SearchResult } from '../../../core/knowledge/index.ts';
import { ValidationError } from '../../../errors.ts';
import { optionsOf, parseOptions, print, type Command } from '../command.ts';

const maximumLimit = 100;

function searchJson(result: SearchResult) {
  return {
    source: result.source,
    title: result.title,
    text: result.text,
    score: Math.round(result.score * 10_000) / 10_000,
  };
}

/**
 * `pont search "QUERY" [--limit N] [--passages]` and `pont search --batch FILE`: the best passage of each
 * document, no answer; with `--passages`, the best passages even when several come from one document.
 */
export const searchCommand: Command = {
  name: 'search',
  usage: 'search "QUERY" [--limit N] [--passages] | --batch FILE',
  summary: 'the best passage of each document for a query (--passages: every passage; --batch: a file of queries)',
  options: {
    '--limit': { type: 'string', value: 'N', description: `how many results, 1 to ${maximumLimit} (default 10)` },
    '--passages': {
      type: 'boolean',
      description: 'the best passages, several from one document if so, instead of the best passage of each document',
    },
    '--batch': {
      type: 'string',
      value: 'FILE',
      description: 'a file of queries, one a line; prints one JSON line a query',
      missing: '--batch needs a file with one query a line',
    },
  },
  async run(args, context) {
    const { words, values, flags } = parseOptions(args, optionsOf(searchCommand), 'pont search');
    const passages = flags.has('--passages');
    let limit = 10;
    if (values.has('--limit')) {
      const value = Number(values.get('--limit'));
      if (!Number.isInteger(value) || value < 1 || value > maximumLimit)
        throw new ValidationError(`--limit takes a whole number from 1 to ${maximumLimit}`);
      limit = value;
    }
    const batch = values.get('--batch');

    if (batch !== undefined) {
      let text: string;
      try {
        text = context.io.readInput ? await context.io.readInput(batch) : await fs.readFile(batch, 'utf8');
      } catch (error) {
        throw new ValidationError(
          `cannot read ${batch} (${(error as Error).message}): give a file with one query a line`,
          { cause: error },
        );
      }
      const pont = await context.pont();
      for (const query of text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)) {
        const results = await pont.knowledge.search(query, { limit, passages });
        context.io.stdout(`${JSON.stringify({ query, results: results.map(searchJson) })}\n`);
      }
      return;
    }

    const query = words.join(' ');
    if (!query.trim()) throw new ValidationError('give a query, e.g. pont search "joint chief executive"');
    const pont = await context.pont();
    const { knowledgeMessages, questionLanguage } = await import('../../../core/knowledge/index.ts');
    const results = await pont.knowledge.search(query, { limit, passages });
    const nothingIndexed = results.length === 0 && (await pont.knowledge.countDocuments()) === 0;
    const note = nothingIndexed ? knowledgeMessages.nothingIndexed[questionLanguage(query)] : undefined;
    print(context, { results: results.map(searchJson), ...(note ? { note } : {}) }, () =>
      results.length === 0
        ? (note ?? knowledgeMessages.noPassages[questionLanguage(query)])
        : results
            .map(
              (result, index) =>
                `${index + 1}. ${result.title} (${result.source}) score ${result.score.toFixed(3)}\n   ${result.text.replace(/\s+/g, ' ').slice(0, 300)}`,
            )
            .join('\n'),
    );
  },
};
