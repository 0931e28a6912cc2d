import { bothLanguages, ingestSummary, knowledgeMessages } from '../../../core/knowledge/index.ts';
import { ValidationError } from '../../../errors.ts';
import { print, type Command } from '../command.ts';

/** `pont ingest PATH_OR_URL…`: index files, folders and URLs; unchanged documents are skipped. */
export const ingestCommand: Command = {
  name: 'ingest',
  usage: 'ingest PATH_OR_URL…',
  summary: 'index .md .txt .html .pdf .docx files, folders and URLs',
  async run(args, context) {
    const sources = args.filter((arg) => arg.trim() !== '');
    const unknown = sources.find((arg) => arg.startsWith('--'));
    if (unknown) throw new ValidationError(`unknown option ${unknown}: pont ingest takes files, folders and URLs`);
    if (sources.length === 0) throw new ValidationError('give at least one file, folder or URL, e.g. pont ingest data/');
    const pont = await context.pont();
    const report = await pont.knowledge.ingest(sources);
    print(context, report, () =>
      [
        bothLanguages(ingestSummary(report.documents, report.chunks)),
        ...(report.skipped.length > 0 ? [bothLanguages(knowledgeMessages.skipped), ...report.skipped.map((item) => `  ${item.source}: ${item.reason}`)] : []),
      ].join('\n'),
    );
  },
};
