import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KnowledgeLogger } from '../core/knowledge/index.ts';
import type { IngestReport, KnowledgeService } from '../core/knowledge/index.ts';

/** The repository's data/ folder: the starter corpus (the federation fact sheet in English and Welsh). */
export const starterCorpusDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');

/**
 * Indexes data/ when nothing is indexed yet (the first start on a new database). Returns the report, or
 * undefined when documents were already there.
 */
export async function indexStarterCorpus(
  knowledge: KnowledgeService,
  logger?: KnowledgeLogger,
  folder = starterCorpusDir,
): Promise<IngestReport | undefined> {
  if ((await knowledge.countDocuments()) > 0) return undefined;
  const report = await knowledge.ingest([folder]);
  logger?.info(
    { folder, documents: report.documents, chunks: report.chunks, skipped: report.skipped },
    'Indexed the starter documents',
  );
  return report;
}
