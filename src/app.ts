import path from 'node:path';
import { afterAnswer, settleHeldWork } from './channels/after-response.ts';
import type { Config } from './config.ts';
import { createKnowledge } from './core/knowledge/index.ts';
import type { Bm25Options } from './core/knowledge/index.ts';
import type { DocumentReader, KnowledgeService } from './core/knowledge/index.ts';
import { createPeople, type People, type Taxonomy } from './core/people/index.ts';
import { useCouncils } from './core/councils/index.ts';
import { createLogger, type Logger } from './logger.ts';
import { createDataCache, openDatabase, type Database, type DataCache } from './store/index.ts';
import {
  createDocumentStore,
  createKnowledgeCaches,
  defaultEnglishWordsFile,
  defaultLexiconFiles,
  readLexiconFile,
} from './store/knowledge/index.ts';
import { createDirectoryCache, createDirectoryStore, loadTaxonomy } from './store/people/index.ts';
import {
  createLogNotifier,
  createNotificationHub,
  createSharing,
  type NotificationHub,
  type Sharing,
} from './core/sharing/index.ts';
import { createRequestStore } from './store/sharing/index.ts';
import { createAssistant, type Assistant } from './core/assistant/index.ts';
import { createSqlQuestionLog } from './store/assistant/index.ts';
// NOTE: services.ts, not the folder's index: the index loads the model SDK, which services.ts loads only when a model is set.
import { createModelServices, type ModelServices } from './llm/services.ts';
import { createInbox, type Inbox, type InboxOptions } from './inbox/index.ts';
import { createInboxStore } from './store/inbox/index.ts';

/**
 * Everything a running Pont holds: the database and the core capabilities built on it. Channels (CLI, HTTP,
 * Slack, Teams, web) receive this and nothing else.
 */
export interface Pont {
  config: Config;
  logger: Logger;
  db: Database;
  /** Documents, search and cited answers. */
  knowledge: KnowledgeService;
  /** The staff directory: skills, counterparts, topics, self-service profiles. */
  people: People;
  /** Best-practice requests across the border, followed up to an answer. */
  sharing: Sharing;
  /** Where sharing notifications go: each chat channel adds its Notifier; the log always gets one. */
  notifications: NotificationHub;
  /** The conversation core every chat channel calls: message → intent → capability → reply; keeps the question log. */
  assistant: Assistant;
  /** The language model's parts (answer writer, model router, embeddings, prompts); empty without a model. */
  models: ModelServices;
  /** Chat work recorded before its acknowledgement and done by workers on every replica; channels register handlers. */
  inbox: Inbox;
  /** Stops the inbox (work in hand finishes or is given back), then closes the database. */
  close(): Promise<void>;
}

export interface CreatePontOptions {
  logger?: Logger;
  /** An already-open database (tests share one per file). It is not closed by `close()`. */
  db?: Database;
  /**
   * Start the embedded database only when something first queries it (a command), rather than now (the server). A
   * question answered from the index kept in the data folder then never starts it.
   */
  lazyDatabase?: boolean;
  /** Inbox timings for tests (retries, polling); the settings give the rest. */
  inbox?: Pick<InboxOptions, 'maxAttempts' | 'retryBaseMs' | 'pollMs' | 'stopTimeoutMs' | 'leaseMs'>;
  /** Keyword ranking parameters; the tuned defaults otherwise (the retrieval benchmark varies them). */
  bm25?: Bm25Options;
}

/** The document reader, loaded when something is first read: only ingesting needs the PDF and Word parsers. */
function lazyDocumentReader(fetchAllow: Config['fetchAllow']): DocumentReader {
  return {
    async *read(sources) {
      const { createDocumentReader, createPolicyFetch } = await import('./ingest/index.ts');
      // NOTE: URLs are fetched only within the fetch policy (PONT_FETCH_ALLOW).
      yield* createDocumentReader({ fetch: createPolicyFetch(fetchAllow) }).read(sources);
    },
  };
}

/**
 * The shared taxonomy, read from its folder when first used. NOTE: reading and checking it takes about a third of a
 * second, and `pont ask`, `pont search` and a server's first /healthz never use it; the server reads it while it
 * indexes after opening its port.
 */
function lazyTaxonomy(cache: DataCache): Taxonomy {
  const taxonomy = () => loadTaxonomy(undefined, cache);
  return {
    get services() {
      return taxonomy().services;
    },
    get skills() {
      return taxonomy().skills;
    },
    service: (id) => taxonomy().service(id),
    servicesFor: (serviceArea) => taxonomy().servicesFor(serviceArea),
    servicesMentioned: (text) => taxonomy().servicesMentioned(text),
    skillGroupsIn: (text) => taxonomy().skillGroupsIn(text),
    skillGroupOf: (phrase) => taxonomy().skillGroupOf(phrase),
    nearestServices: (ids) => taxonomy().nearestServices(ids),
    lgsl: (code) => taxonomy().lgsl(code),
  };
}

/** The composition root: opens the store and builds the core on it. */
export async function createPont(config: Config, options: CreatePontOptions = {}): Promise<Pont> {
  const logger = options.logger ?? createLogger(config.logLevel);
  // NOTE: the councils are read by everything that names one (names, routing, admins); set before anything is built.
  useCouncils(config.councils, { federationAdmins: config.admins });
  // NOTE: before the database opens, so a broken prompt file stops start-up without leaving it open.
  const models = await createModelServices(config, { logger });
  const db = options.db ?? (await openDatabase(config, { lazy: options.lazyDatabase === true }));
  const ownsDatabase = options.db === undefined;
  // NOTE: the analysed index and word pairs, the visible profiles and the checked taxonomy are kept in the data folder
  // when Pont opens the database itself; a test's shared database has no folder of its own.
  const kept = createDataCache(ownsDatabase ? path.join(config.dataDir, 'cache') : undefined, logger);
  const caches = createKnowledgeCaches(kept);
  const people = createPeople({
    directory: createDirectoryStore(db),
    taxonomy: lazyTaxonomy(kept),
    directoryCache: createDirectoryCache(kept),
  });
  const knowledge = createKnowledge({
    store: createDocumentStore(db),
    reader: lazyDocumentReader(config.fetchAllow),
    lexiconText: () => readLexiconFile(defaultLexiconFiles),
    englishWordsText: () => readLexiconFile(defaultEnglishWordsFile),
    indexCache: caches.index,
    lexiconCache: caches.lexicon,
    logger,
    ...(options.bm25 ? { bm25: options.bm25 } : {}),
    ...(models.embeddingModel ? { embeddingModel: models.embeddingModel } : {}),
    ...(models.answerWriter ? { answerWriter: models.answerWriter } : {}),
  });
  const notifications = createNotificationHub(logger);
  notifications.add(createLogNotifier(logger), 'log');
  const sharing = createSharing(
    // NOTE: a delivery caused by a chat interaction waits until the interaction has answered its platform.
    {
      store: createRequestStore(db),
      people,
      knowledge,
      notifier: notifications,
      logger,
      scheduleDelivery: afterAnswer,
    },
    { deadlineWorkingDays: config.sharingDeadlineDays, fallbackContact: config.fallbackContact },
  );
  // NOTE: a shared-practice document stops naming a person who hides or erases their profile, and follows an HR
  // rename. The profile change is already saved when this runs, so a rewrite that fails is logged rather than shown
  // to the person as if their change had failed; the sweep at start-up (or `pont requests refresh-shared`) retries it.
  people.onProfileChange(async (change) => {
    try {
      await sharing.refreshSharedPractice(change.email);
    } catch (error) {
      logger.error(
        { err: error, fields: change.fields },
        'Shared practice still names a person as they were; the next sweep rewrites it',
      );
    }
    // NOTE: erasure erases: after the kept answers stop naming them, requests, their history and notifications keep
    // a pseudonym instead of the email. The sweep rewrites any kept answer the step above could not.
    if (change.erased) await sharing.forgetPerson(change.email);
  });
  // NOTE: built last: it calls every capability above.
  const assistant = createAssistant({
    knowledge,
    people,
    sharing,
    questionLog: createSqlQuestionLog(db),
    logger,
    ...(models.modelRouter ? { modelRouter: models.modelRouter } : {}),
  });

  const inbox = createInbox({
    store: createInboxStore(db),
    logger: logger.child({ component: 'inbox' }),
    workers: config.workers,
    leaseMs: config.workLeaseMs,
    ...options.inbox,
  });

  return {
    config,
    logger,
    db,
    knowledge,
    people,
    sharing,
    notifications,
    assistant,
    models,
    inbox,
    async close() {
      await inbox.stop();
      // NOTE: deliveries held for an interaction's answer finish before the database they record into closes.
      await settleHeldWork();
      await kept.settled();
      if (ownsDatabase) await db.close();
    },
  };
}
