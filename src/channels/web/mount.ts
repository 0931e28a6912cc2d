import type express from 'express';
import type { Pont } from '../../app.ts';
import type { Assistant } from '../../core/assistant/index.ts';
import { createDocumentStore } from '../../store/knowledge/index.ts';
import { loadTaxonomy } from '../../store/people/index.ts';
import { createSourceStore } from '../../store/sources/index.ts';
import { createWebChannel } from './web-channel.ts';

/** The parts of a running Pont the web channel uses. */
export type WebPont = Pick<Pont, 'config' | 'logger' | 'db' | 'people' | 'sharing'> & {
  assistant: Pick<Assistant, 'handle' | 'feedback' | 'questionFigures'>;
};

/**
 * Mounts the chat page (`GET /`), the dashboard (`GET /dashboard`), their API and static files on the shared
 * HTTP app. Answer sources that are indexed files open through `/sources`.
 */
export function mountWeb(app: express.Express, pont: WebPont): void {
  const documents = createDocumentStore(pont.db);
  const taxonomy = loadTaxonomy();
  const sources = createSourceStore(pont.db);
  app.use(
    createWebChannel({
      config: pont.config,
      logger: pont.logger,
      db: pont.db,
      assistant: pont.assistant,
      sharing: pont.sharing,
      people: pont.people,
      isIndexedSource: async (source) => (await documents.contentHash(source)) !== undefined,
      labels: { serviceName: (id, language) => taxonomy.service(id)?.name[language] ?? id },
      sourcesState: async (councils) =>
        (await sources.list())
          .filter((source) => councils === null || councils.includes(source.council))
          .map((source) => ({
            id: source.id,
            kind: source.kind,
            url: source.url,
            council: source.council,
            documents: source.documents,
            lastSync: source.lastFinishedAt,
            nextSync: source.nextSyncAt,
            lastError: source.lastError,
            lastResult: source.lastResult && {
              added: source.lastResult.added,
              updated: source.lastResult.updated,
              removed: source.lastResult.removed,
              unchanged: source.lastResult.unchanged,
              failed: source.lastResult.failed.length,
            },
          })),
    }),
  );
}
