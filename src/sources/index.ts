/**
 * Sources: the places Pont keeps itself up to date from (websites, ModernGov committee papers, SharePoint and
 * OneDrive libraries, news feeds), synced on a schedule by the server and on demand by `pont sources sync`.
 */
import type { Pont } from '../app.ts';
import { createSourceStore } from '../store/sources/index.ts';
import { connectorFor } from './connectors/index.ts';
import { createSources, type Sources } from './create-sources.ts';

export { createSources, parseEvery, type AddSource, type SourceActor, type Sources } from './create-sources.ts';
export { startSourceScheduler, type SourceScheduler } from './scheduler.ts';
export * from './types.ts';

/** The sources of a running Pont, over its database and knowledge. */
export function sourcesOf(
  pont: Pick<Pont, 'db' | 'knowledge' | 'config' | 'logger'>,
  options: { leaseMs?: number } = {},
): Sources {
  return createSources({
    store: createSourceStore(pont.db),
    knowledge: pont.knowledge,
    connector: (source) => connectorFor(pont.config, source),
    logger: pont.logger,
    ...options,
  });
}
