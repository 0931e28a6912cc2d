import type { Config } from '../../config.ts';
import { ConfigurationError } from '../../errors.ts';
import { graphVariablePrefix } from '../../config.ts';
import type { Connector, SourceRecord } from '../types.ts';

/** The connector for a source, loaded when a sync needs it (only syncing loads the parsers and the Graph client). */
export async function connectorFor(
  config: Pick<Config, 'fetchAllow' | 'graph' | 'sourcesTimeoutMs'>,
  source: SourceRecord,
): Promise<Connector> {
  // NOTE: every request of every connector goes through the fetch policy (PONT_FETCH_ALLOW), at a polite rate.
  // The HTTP client is loaded here, not at start-up: a server with no due source never needs it.
  const [{ createPolicyFetch }, { createPoliteFetch }] = await Promise.all([
    import('../../ingest/index.ts'),
    import('../http.ts'),
  ]);
  const timeoutMs = source.settings.timeoutMs ?? config.sourcesTimeoutMs;
  const polite = () =>
    createPoliteFetch(createPolicyFetch(config.fetchAllow), { rate: source.settings.rate ?? 4, timeoutMs });
  switch (source.kind) {
    case 'website': {
      const { createWebsiteConnector } = await import('./website.ts');
      return createWebsiteConnector(polite());
    }
    case 'feed': {
      const { createFeedConnector } = await import('./feed.ts');
      return createFeedConnector(polite());
    }
    case 'moderngov': {
      const { createModernGovConnector } = await import('./moderngov.ts');
      return createModernGovConnector(polite());
    }
    case 'sharepoint': {
      const tenant = config.graph.tenants.find((candidate) => candidate.council === source.council);
      const prefix = graphVariablePrefix(source.council);
      if (!tenant)
        throw new ConfigurationError(
          `${source.council} has no Graph credentials: set ${prefix}_TENANT_ID, ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET`,
        );
      const { createSharePointConnector } = await import('./sharepoint.ts');
      return createSharePointConnector({ graph: config.graph, tenant, fetchAllow: config.fetchAllow, timeoutMs });
    }
  }
}
