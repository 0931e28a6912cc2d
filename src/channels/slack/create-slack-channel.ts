import {
  App,
  ExpressReceiver,
  SocketModeReceiver,
  type Authorize,
  type Receiver,
  type ReceiverEvent,
} from '@slack/bolt';
import type { RetryOptions, WebClient } from '@slack/web-api';
import type express from 'express';
import type { Notifier } from '../../core/sharing/index.ts';
import { ConfigurationError } from '../../errors.ts';
import { createBoltLogger } from './bolt-logger.ts';
import type { SlackCore } from './core.ts';
import { registerActions } from './handlers/actions.ts';
import { registerCommands } from './handlers/commands.ts';
import type { HandlerContext } from './handlers/context.ts';
import { conversationFrom, conversationWork, registerConversation } from './handlers/conversation.ts';
import { registerHome } from './handlers/home.ts';
import { registerInstallationEvents } from './handlers/installations.ts';
import { registerViews } from './handlers/views.ts';
import { createSlackIdentity } from './identity.ts';
import { createRequestMessages } from './request-messages.ts';
import { createSlackStore } from './slack-store.ts';
import { createSlackInstallationStore, type Workspace } from './installation-store.ts';
import { createSecretBox, parseSecretKey } from '../../store/index.ts';
import { mountSlackInstall, type SlackOAuthOptions } from './oauth.ts';
import {
  inWorkspace,
  installedWorkspaces,
  singleTokenWorkspaces,
  WorkspaceWebClient,
  type SlackWorkspaces,
  type WorkspaceIds,
} from './workspaces.ts';

/** The path Slack posts events, commands and interactions to (HTTP mode). */
export const slackEventsPath = '/slack/events';

/**
 * How far a request's timestamp may be ahead of this server's clock. Bolt refuses timestamps more than five
 * minutes old but not ones from the future, which would keep a captured request replayable for longer.
 */
export const slackFutureSkewSeconds = 5 * 60;

/** Refuses a Slack request whose timestamp is further in the future than the allowed clock skew. */
function refuseFutureTimestamps(logger: SlackCore['logger']): express.RequestHandler {
  return (request, response, next) => {
    const timestamp = Number(request.get('x-slack-request-timestamp'));
    if (Number.isFinite(timestamp) && timestamp > Date.now() / 1000 + slackFutureSkewSeconds) {
      logger.warn({ timestamp }, 'Slack: refused a request whose timestamp is in the future');
      response.status(401).end();
      return;
    }
    next();
  };
}

export interface SlackChannelOptions {
  /** One workspace, one bot token (xoxb-…). Without it, `oauth` installs Pont in each workspace. */
  botToken?: string;
  /** Slack's OAuth flow: GET /slack/install and /slack/oauth_redirect, installations kept in the database. */
  oauth?: SlackOAuthOptions;
  /** HTTP mode: requests to /slack/events are verified with this secret. */
  signingSecret?: string;
  /** Socket Mode (xapp-…): no public URL needed. Takes precedence over HTTP mode. */
  appToken?: string;
  /** The Web API base URL: GovSlack (https://slack-gov.com/api/) or a test server. */
  apiUrl?: string;
  /** HTTP mode: the express app to mount POST /slack/events on (Pont's own server). */
  expressApp?: express.Express;
  /** How Web API calls are retried (rate limits honour Retry-After). Default: 3 retries. */
  retryConfig?: RetryOptions;
}

export interface SlackChannel {
  app: App;
  web: WebClient;
  mode: 'http' | 'socket';
  /** The workspaces Pont is in (one bot token, or the OAuth installations). */
  workspaces: SlackWorkspaces;
  /** Delivers sharing notifications as Slack DMs and updates request messages in place. */
  notifier: Notifier;
  /** Starts Socket Mode (HTTP mode needs no start: the routes are on Pont's server). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A receiver that records the work of every Events API delivery Pont answers (a DM or a mention) in the inbox and
 * acknowledges it as soon as its record is committed, without Bolt: Bolt would acknowledge an event only after its
 * own authorisation and context building, which the platform need not wait for (the workspace was found installed
 * before recording). Every other delivery goes to Bolt. When the record cannot be written the delivery fails and
 * Slack sends it again.
 */
function recordingReceiver(inner: Receiver, inbox: SlackCore['inbox'], workspaces: SlackWorkspaces): Receiver {
  return {
    init(app) {
      const recorder = {
        async processEvent(event: ReceiverEvent) {
          inbox.arrived();
          const conversation = conversationFrom(event.body);
          // NOTE: a delivery for a workspace Pont is not installed in is left to Bolt, which refuses it; nothing is recorded.
          const installed =
            conversation &&
            (workspaces.mode === 'single-token' ||
              (await workspaces.find({ teamId: conversation.teamId, enterpriseId: conversation.enterpriseId })));
          if (conversation && installed) {
            // NOTE: in a Slack Connect channel the writer may belong to another workspace: theirs is remembered.
            await workspaces.rememberUser(conversation.userId, {
              teamId: conversation.userTeamId ?? conversation.teamId,
              enterpriseId: conversation.enterpriseId,
            });
            // NOTE: keyed by event_id, so Slack's retries of a delivery are one piece of work.
            const key = conversation.eventId
              ? `slack:event:${conversation.eventId}`
              : `slack:message:${conversation.channel}:${conversation.threadTs}:${conversation.userId}`;
            await inbox.add(conversationWork, key, conversation);
            // NOTE: acknowledged as soon as the record commits, and not handed to Bolt: no listener of Pont's takes a DM
            // or a mention (their work is the inbox's), so Bolt's authorisation, context and middleware would only
            // spend processor time that the rest of a burst waits for. A Bolt listener for these would never be called.
            await event.ack();
            return;
          }
          await app.processEvent(event);
        },
      };
      inner.init(recorder as unknown as App);
    },
    start: (...args) => inner.start(...args),
    stop: (...args) => inner.stop(...args),
  };
}

function apiUrlWithSlash(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return url.endsWith('/') ? url : `${url}/`;
}

/** The ids of the workspace a piece of inbox work belongs to (a recorded message or slash command). */
function payloadWorkspace(payload: unknown): WorkspaceIds {
  const value = payload as { teamId?: string; enterpriseId?: string; team_id?: string; enterprise_id?: string } | null;
  return {
    teamId: value?.teamId ?? value?.team_id ?? null,
    enterpriseId: value?.enterpriseId ?? value?.enterprise_id ?? null,
  };
}

/** The users a delivery names with the workspace each belongs to (a Slack Connect guest's is their own). */
function usersOf(body: Record<string, unknown>): { userId: string; ids: WorkspaceIds }[] {
  const team = (body.team as { id?: string } | undefined)?.id ?? (body.team_id as string | undefined);
  const enterprise = (body.enterprise as { id?: string } | undefined)?.id ?? (body.enterprise_id as string | undefined);
  const user = body.user as { id?: string; team_id?: string } | undefined;
  if (user?.id) return [{ userId: user.id, ids: { teamId: user.team_id ?? team, enterpriseId: enterprise } }];
  if (typeof body.user_id === 'string')
    return [{ userId: body.user_id, ids: { teamId: team, enterpriseId: enterprise } }];
  return [];
}

/**
 * The Slack channel: a Bolt app that turns Slack events, commands and interactions into calls on the core
 * and renders the results as Block Kit. HTTP mode mounts on Pont's express app at POST /slack/events (signed
 * requests only); Socket Mode connects out with the app token.
 */
export function createSlackChannel(core: SlackCore, options: SlackChannelOptions): SlackChannel {
  const mode = options.appToken ? 'socket' : 'http';
  if (!options.botToken && !options.oauth)
    throw new ConfigurationError(
      'Slack needs SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (installed in each workspace)',
    );
  if (options.oauth && mode === 'socket')
    throw new ConfigurationError(
      'Installing Pont in several Slack workspaces (SLACK_CLIENT_ID) needs HTTP mode: leave SLACK_APP_TOKEN unset',
    );
  if (mode === 'http' && !options.signingSecret) {
    throw new ConfigurationError(
      'SLACK_BOT_TOKEN is set but SLACK_SIGNING_SECRET is empty: set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN=xapp-… (Socket Mode)',
    );
  }
  if (mode === 'http' && !options.expressApp)
    throw new ConfigurationError('The Slack channel in HTTP mode needs the express app to mount /slack/events on.');

  const logger = core.logger.child({ channel: 'slack' });
  const boltLogger = createBoltLogger(core.logger);
  const slackApiUrl = apiUrlWithSlash(options.apiUrl);
  const retryConfig: RetryOptions = options.retryConfig ?? {
    retries: 3,
    factor: 2,
    minTimeout: 200,
    maxTimeout: 5000,
    randomize: true,
  };
  const clientOptions = { slackApiUrl, logger: boltLogger, retryConfig };
  const web = new WorkspaceWebClient(options.botToken, clientOptions);
  const installations = createSlackInstallationStore(core.db, {
    secrets: options.oauth?.secretKey ? createSecretBox(parseSecretKey(options.oauth.secretKey)) : undefined,
  });
  const workspaces = options.botToken
    ? singleTokenWorkspaces(web, options.botToken)
    : installedWorkspaces(core.db, installations);

  // NOTE: with one bot token, our own authorize caches auth.test once it succeeds and tries again after a failure,
  // so Slack being down at start-up does not leave an unhandled rejection or a permanently broken app. Installed in
  // several workspaces, @slack/oauth finds the installation of the delivery's workspace or organisation.
  const authorize: Authorize<boolean> = options.oauth
    ? mountSlackInstall(options.expressApp!, {
        ...options.oauth,
        installationStore: installations,
        apiUrl: slackApiUrl,
        logger: boltLogger,
        log: logger,
      })
    : async () => {
        const workspace = await workspaces.find({});
        return {
          botToken: workspace!.botToken,
          botId: workspace!.botId,
          botUserId: workspace!.botUserId,
          teamId: workspace!.teamId ?? undefined,
          enterpriseId: workspace!.enterpriseId ?? undefined,
        };
      };

  const inbox = core.inbox;
  // NOTE: work recorded in the inbox is done, later, in the workspace it came from.
  const scopedInbox: SlackCore['inbox'] = {
    add: (kind, key, payload) => inbox.add(kind, key, payload),
    arrived: () => inbox.arrived(),
    handle(kind, handler) {
      const within = async <T>(payload: unknown, work: () => Promise<T>): Promise<T> => {
        const workspace = await workspaces.find(payloadWorkspace(payload));
        if (!workspace) throw new Error(`Pont is no longer installed in the Slack workspace of this ${kind} work`);
        return inWorkspace(workspace, work);
      };
      inbox.handle<Parameters<typeof handler.run>[0]>(kind, {
        run: (payload, attempt) => within(payload, () => handler.run(payload, attempt)),
        giveUp: (payload, error, progress) => within(payload, () => handler.giveUp(payload, error, progress)),
      });
    },
  };
  // NOTE: mounted before Bolt's receiver, so it runs first.
  if (mode === 'http') options.expressApp!.post(slackEventsPath, refuseFutureTimestamps(logger));
  const platformReceiver: Receiver =
    mode === 'http'
      ? new ExpressReceiver({
          signingSecret: options.signingSecret!,
          app: options.expressApp,
          endpoints: slackEventsPath,
          logger: boltLogger,
          processBeforeResponse: false,
        })
      : new SocketModeReceiver({
          appToken: options.appToken!,
          logger: boltLogger,
          installerOptions: { clientOptions },
        });
  const app = new App({
    authorize,
    // NOTE: Pont keeps no Bolt conversation state; Bolt's default in-memory store would look every
    // delivery up (and build a "not found" error for each) for nothing.
    convoStore: false,
    logger: boltLogger,
    clientOptions,
    receiver: recordingReceiver(platformReceiver, inbox, workspaces),
  });
  // Every listener speaks for the workspace its delivery came from, and knows each person's own workspace.
  app.use(async ({ context, body, next }) => {
    for (const { userId, ids } of usersOf(body as Record<string, unknown>)) await workspaces.rememberUser(userId, ids);
    const workspace: Workspace = {
      teamId: context.teamId ?? null,
      enterpriseId: context.enterpriseId ?? null,
      isEnterpriseInstall: Boolean(context.isEnterpriseInstall),
      botToken: context.botToken ?? '',
      botUserId: context.botUserId,
      botId: context.botId,
      council: undefined,
    };
    await inWorkspace(workspace, next);
  });

  const store = createSlackStore(core.db);
  const identity = createSlackIdentity({ web, workspaces, people: core.people, admins: core.admins, logger });
  const requests = createRequestMessages({ web, store, identity, sharing: core.sharing, workspaces, logger });
  const context: HandlerContext = { core, web, store, identity, requests, logger, inbox: scopedInbox };

  registerConversation(context);
  registerCommands(app, context);
  registerActions(app, context);
  registerViews(app, context);
  registerHome(app, context);
  if (options.oauth) registerInstallationEvents(app, installations, workspaces, logger);
  app.error(async (error) => {
    logger.error({ err: error }, 'Unhandled Slack error');
  });

  const removeNotifier = core.notifications?.add(requests.notifier, 'slack');
  const pruner = setInterval(
    () => {
      store
        .pruneDeliveries()
        .catch((error: unknown) => logger.warn({ err: error }, 'Could not prune old Slack deliveries'));
      workspaces
        .prune()
        .catch((error: unknown) =>
          logger.warn({ err: error }, 'Could not prune the users of removed Slack workspaces'),
        );
    },
    30 * 60 * 1000,
  );
  pruner.unref();

  return {
    app,
    web,
    mode,
    workspaces,
    notifier: requests.notifier,
    async start() {
      if (options.oauth) {
        // NOTE: refuses to start when stored tokens cannot be read (PONT_SECRET_KEY missing or not theirs).
        const stored = await installations.prepare();
        const pruned = await workspaces.prune();
        if (pruned > 0)
          logger.info({ users: pruned }, 'Slack: forgot the users of workspaces Pont is no longer installed in');
        if (stored.plaintext > 0)
          logger.warn(
            `Slack: ${stored.plaintext} installation${stored.plaintext === 1 ? "'s bot token is" : "s' bot tokens are"} stored unencrypted; set PONT_SECRET_KEY to encrypt them`,
          );
      }
      if (mode === 'socket') await app.start();
    },
    async stop() {
      clearInterval(pruner);
      removeNotifier?.();
      if (mode === 'socket') await app.stop();
    },
  };
}
