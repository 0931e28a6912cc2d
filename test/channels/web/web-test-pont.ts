import path from 'node:path';
import type http from 'node:http';
import fs from 'node:fs/promises';
import express from 'express';
import { createAssistant, createSqlQuestionLog } from '../../../src/core/assistant/index.ts';
import { createKnowledge } from '../../../src/core/knowledge/create-knowledge.ts';
import { createPeople, loadTaxonomy } from '../../../src/core/people/index.ts';
import { createLogNotifier, createSharing } from '../../../src/core/sharing/index.ts';
import { createDocumentReader } from '../../../src/ingest/index.ts';
import { silentLogger } from '../../../src/logger.ts';
import { listen } from '../../../src/server.ts';
import { migrate, openPglite, type Database } from '../../../src/store/index.ts';
import { createDocumentStore } from '../../../src/store/knowledge/index.ts';
import { createDirectoryStore } from '../../../src/store/people/index.ts';
import { createRequestStore } from '../../../src/store/sharing/index.ts';
import { createWebChannel, type WebChannelDependencies } from '../../../src/channels/web/index.ts';
import { testConfig } from '../../support/config.ts';

export interface WebTestServer {
  url: string;
  dependencies: WebChannelDependencies;
  db: Database;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '../../..');

/** A real core on an in-memory PGlite, with the small test directory and the starter corpus, served on 127.0.0.1. */
export async function startWebTestServer(environment: Record<string, string> = {}): Promise<WebTestServer> {
  const config = testConfig(environment);
  const db = await openPglite('memory://');
  await migrate(db);
  const documents = createDocumentStore(db);
  const taxonomy = loadTaxonomy();
  const people = createPeople({ directory: createDirectoryStore(db), taxonomy });
  await people.importCsv(await fs.readFile(path.join(import.meta.dirname, 'directory.csv'), 'utf8'), { email: null, isAdmin: true, via: 'cli' });
  const knowledge = createKnowledge({ store: documents, reader: createDocumentReader(), logger: silentLogger });
  await knowledge.ingest([path.join(root, 'data')]);
  const sharing = createSharing({ store: createRequestStore(db), people, knowledge, notifier: createLogNotifier(silentLogger), logger: silentLogger });
  const assistant = createAssistant({ knowledge, people, sharing, questionLog: createSqlQuestionLog(db) });
  const dependencies: WebChannelDependencies = {
    config,
    logger: silentLogger,
    db,
    assistant,
    sharing,
    people,
    isIndexedSource: async (source) => (await documents.contentHash(source)) !== undefined,
    labels: { serviceName: (id, language) => taxonomy.service(id)?.name[language] ?? id },
  };
  const app = express();
  app.use(createWebChannel(dependencies));
  const server: http.Server = await listen(app, 0, '127.0.0.1');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    dependencies,
    db,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
