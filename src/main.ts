import type http from 'node:http';
import type { Pont } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { isPontError } from './errors.ts';
import { listenEarly } from './listen-early.ts';
import type { Channel } from './channels/channel.ts';
import type { SourceScheduler } from './sources/index.ts';

export interface RunningPont {
  pont: Pont;
  server: http.Server;
  url: string;
  /** Resolves once the start-up sweep of kept shared practice has finished (it runs while Pont serves). */
  sharedPracticeChecked: Promise<void>;
  /** Resolves once the starter corpus and sample directory are checked and the search indexes built (Pont serves meanwhile). */
  warmedUp: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The start-up sweep: kept shared practice that still names someone as they no longer are (the process stopped
 * between a profile change and its rewrite, or the rewrite failed) is written again. A failure is logged and start-up
 * goes on; `pont requests refresh-shared` runs the same sweep.
 */
async function refreshSharedPractice(pont: Pont): Promise<void> {
  try {
    const { checked, rewritten, failed } = await pont.sharing.refreshAllSharedPractice();
    if (failed > 0)
      pont.logger.error(
        { checked, rewritten, failed },
        'Some kept shared practice could not be rewritten from current profiles; run pont requests refresh-shared to retry',
      );
    else
      pont.logger.info(
        { checked, rewritten },
        `Kept shared practice checked against current profiles: ${rewritten} rewritten`,
      );
  } catch (error) {
    pont.logger.error(
      { err: error },
      'Kept shared practice could not be checked against current profiles; run pont requests refresh-shared to retry',
    );
  }
}

/**
 * Start-up work that can follow opening the port: the starter corpus and the sample directory are checked, and a first
 * search builds the in-process indexes. /healthz reports "indexing" meanwhile and other requests wait for it. A
 * failure is logged and Pont serves on; it never rejects.
 */
async function warmUp(pont: Pont, config: Config): Promise<void> {
  try {
    // NOTE: loaded here, after the port is open: ingesting brings the PDF, Word and HTML parsers.
    const { indexStarterCorpus, loadSampleDirectory } = await import('./ingest/index.ts');
    await indexStarterCorpus(pont.knowledge, pont.logger);
    // NOTE: only the embedded store gets the fictional sample directory; a DATABASE_URL server holds real staff.
    if (!config.databaseUrl) await loadSampleDirectory(pont.people, pont.logger);
    // NOTE: the first search of each kind builds its index from the database; done here, no one waits for it later.
    await pont.knowledge.search('federation');
    await pont.people.findBySkill('GIS');
  } catch (error) {
    pont.logger.error(
      { err: error },
      'Start-up indexing failed; Pont serves on, and searches build their indexes when first used',
    );
  }
}

/**
 * Builds Pont from `config` and serves it over HTTP. The port opens first, before the database: /healthz answers
 * "starting" until the database is open, then "indexing" while the channels (and their platforms' SDKs) are loaded and
 * mounted and the indexes built (see `warmedUp`), then "ok"; other requests wait for all of it.
 */
export async function run(config: Config): Promise<RunningPont> {
  // NOTE: a port in use is reported before anything slow, and /healthz answers while the database opens.
  const early = await listenEarly(config.port, config.host);
  let pont: Pont;
  // NOTE: loaded after the port opens: the core, the stores, Express and the schedules take a good part of a start.
  const [{ createPont }, { startFollowUpLoop }, { createHttpServerApp }, { startDirectorySyncSchedule }] =
    await Promise.all([
      import('./app.ts'),
      import('./core/sharing/index.ts'),
      import('./server.ts'),
      import('./directory-sync/index.ts'),
    ]).catch(async (error: unknown) => {
      await early.close();
      throw error;
    });
  try {
    pont = await createPont(config);
  } catch (error) {
    await early.close();
    throw error;
  }
  // NOTE: indexing starts once the port is open, so a port in use is reported at once and /healthz answers early.
  let portOpen!: () => void;
  const listening = new Promise<void>((resolve) => (portOpen = resolve));
  const warmedUp = listening.then(() => warmUp(pont, config));
  // NOTE: the sweep reads every kept request, so it runs beside serving rather than delaying start-up; it never rejects.
  const sharedPracticeChecked = warmedUp.then(() => refreshSharedPractice(pont));
  // Sharing reminders, reroutes and nudges: deadlines are rows in the database; every replica may poll them.
  const followUps = startFollowUpLoop(pont.sharing, pont.logger);
  // The directory from each council's Entra ID, every PONT_DIRECTORY_SYNC_MINUTES; one replica at a time (a lease).
  const directorySync = await startDirectorySyncSchedule(pont);
  let sourceSyncs: SourceScheduler | undefined;
  const { app, channelsMounted } = createHttpServerApp(pont, { ready: warmedUp, mountAfter: listening });
  const channels = app.locals.channels as Channel[];
  const stopBackground = async () => {
    for (const channel of channels) await channel.stop();
    await directorySync?.stop();
    await followUps.stop();
    await sourceSyncs?.stop();
  };
  const server: http.Server = early.server;
  early.serve(app);
  portOpen();
  try {
    await channelsMounted;
    // Each channel's own work: Slack in Socket Mode connects out, Teams retries the proactive messages the
    // connector refused (every replica may; rows are locked).
    for (const channel of channels) await channel.start();
    // Scheduled source syncs: a due source is leased in the database, so replicas share them and never sync one twice.
    // NOTE: loaded after the port opens, like the channels: syncing brings the document parsers.
    const sources = await import('./sources/index.ts');
    sourceSyncs = sources.startSourceScheduler(sources.sourcesOf(pont), { logger: pont.logger });
  } catch (error) {
    // NOTE: a channel that cannot start (a Slack setting it refuses, say) stops start-up as before the port opened.
    await stopBackground();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all([sharedPracticeChecked, warmedUp]);
    await pont.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  pont.logger.info(
    {
      database: pont.db.kind,
      vectors: pont.db.vectorSupport ? 'pgvector' : 'in-process',
      retrieval: pont.knowledge.mode,
      languageModel: config.openai.provider,
    },
    `Pont is listening on ${url}`,
  );
  return {
    pont,
    server,
    url,
    sharedPracticeChecked,
    warmedUp,
    async stop() {
      await stopBackground();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([sharedPracticeChecked, warmedUp]);
      await pont.close();
    },
  };
}

/** `npm start`: read the environment, start, and stop cleanly on SIGINT/SIGTERM. */
export async function start(): Promise<void> {
  let running: RunningPont;
  try {
    running = await run(loadConfig());
  } catch (error) {
    if (isPontError(error)) {
      process.stderr.write(`pont: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const shutdown = async () => {
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
