import fs from 'node:fs/promises';
import { ValidationError } from '../../../errors.ts';
import { parseOptions, print, type Command } from '../command.ts';

const isUrl = (source: string) => /^https?:\/\//i.test(source);

/** `pont ingest PATH_OR_URL…`: index files, folders and URLs; unchanged documents are skipped. */
export const ingestCommand: Command = {
  name: 'ingest',
  usage: 'ingest PATH_OR_URL…',
  summary: 'index .md .txt .html .pdf .docx files, folders and URLs',
  options: {},
  details: [
    'A file that cannot be read (empty, broken, an unsupported type) is skipped and reported; the rest are indexed.',
    'A path that does not exist stops the command before anything is indexed.',
  ],
  async run(args, context) {
    const { words } = parseOptions(args, { values: [], flags: [] }, 'pont ingest');
    const sources = words.filter((word) => word.trim() !== '');
    if (sources.length === 0)
      throw new ValidationError('give at least one file, folder or URL, e.g. pont ingest data/');
    // NOTE: a path named on the command line that is not there is a typing mistake: say so before indexing anything.
    const missing: string[] = [];
    for (const source of sources) {
      if (isUrl(source)) continue;
      await fs.stat(source).catch(() => missing.push(source));
    }
    if (missing.length > 0) {
      throw new ValidationError(`${missing.join(', ')}: no such file or folder; check the path (nothing was indexed)`);
    }
    const pont = await context.pont();
    const { bothLanguages, ingestSummary, knowledgeMessages } = await import('../../../core/knowledge/index.ts');
    const report = await pont.knowledge.ingest(sources);
    print(context, report, () =>
      [
        bothLanguages(ingestSummary(report.documents, report.chunks)),
        ...(report.skipped.length > 0
          ? [
              bothLanguages(knowledgeMessages.skipped),
              ...report.skipped.map((item) => `  ${item.source}: ${item.reason}`),
            ]
          : []),
      ].join('\n'),
    );
  },
};
