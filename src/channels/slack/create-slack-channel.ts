import { App, ExpressReceiver, SocketModeReceiver, type Authorize, type Receiver, type ReceiverEvent } from '@slack/bolt';
import { WebClient, type RetryOptions } from '@slack/web-api';
import type express from 'express';
import type { Notifier } from '../../core/sharing/types.ts';
import { ConfigurationError } from '../../errors.ts';
import { createBoltLogger } from './bolt-logger.ts';
import type { SlackCore } from './core.ts';
import { registerActions } from './handlers/actions.ts';
import { registerCommands } from './handlers/commands.ts';
import type { HandlerContext } from './handlers/context.ts';
import { conversationFrom, conversationWork, registerConversation } from './handlers/conversation.ts';
import { registerHome } from './handlers/home.ts';
import { registerViews } from './handlers/views.ts';
import { createSlackIdentity } from './identity.ts';
import { createRequestMessages } from './request-messages.ts';
import { createSlackStore } from './slack-store.ts';

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
  botToken: string;
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
  /** Delivers sharing notifications as Slack DMs and updates request messages in place. */
  notifier: Notifier;
  /** Starts Socket Mode (HTTP mode needs no start: the routes are on Pont's server). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A receiver that records the work of every Events API delivery in the inbox before Bolt sees it: Bolt
 * acknowledges events as soon as it gets them, so this is the last moment before the 200. When the record
 * cannot be written the delivery fails and Slack sends it again.
 */
function recordingReceiver(inner: Receiver, inbox: SlackCore['inbox']): Receiver {
  return {
    init(app) {
      const recorder = {
        async processEvent(event: ReceiverEvent) {
          inbox.arrived();
          const conversation = conversationFrom(event.body);
          if (conversation) {
            // NOTE: keyed by event_id, so Slack's retries of a delivery are one piece of work.
            const key = conversation.eventId ? `slack:event:${conversation.eventId}` : `slack:message:${conversation.channel}:${conversation.threadTs}:${conversation.userId}`;
            await inbox.add(conversationWork, key, conversation);
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

/**
 * The Slack channel: a Bolt app that turns Slack events, commands and interactions into calls on the core
 * and renders the results as Block Kit. HTTP mode mounts on Pont's express app at POST /slack/events (signed
 * requests only); Socket Mode connects out with the app token.
 */
export function createSlackChannel(core: SlackCore, options: SlackChannelOptions): SlackChannel {
  const mode = options.appToken ? 'socket' : 'http';
  if (mode === 'http' && !options.signingSecret) {
    throw new ConfigurationError('SLACK_BOT_TOKEN is set but SLACK_SIGNING_SECRET is empty: set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN=xapp-… (Socket Mode)');
  }
  if (mode === 'http' && !options.expressApp) throw new ConfigurationError('The Slack channel in HTTP mode needs the express app to mount /slack/events on.');

  const logger = core.logger.child({ channel: 'slack' });
  const boltLogger = createBoltLogger(core.logger);
  const slackApiUrl = apiUrlWithSlash(options.apiUrl);
  const retryConfig: RetryOptions = options.retryConfig ?? { retries: 3, factor: 2, minTimeout: 200, maxTimeout: 5000, randomize: true };
  const clientOptions = { slackApiUrl, logger: boltLogger, retryConfig };
  const web = new WebClient(options.botToken, clientOptions);

  // NOTE: our own authorize caches auth.test once it succeeds and tries again after a failure, so Slack
  // being down at start-up does not leave an unhandled rejection or a permanently broken app.
  let authorization: ReturnType<Authorize<boolean>> | undefined;
  const authorize: Authorize<boolean> = () => {
    authorization ??= web.auth.test().then((result) => ({ botToken: options.botToken, botId: result.bot_id as string | undefined, botUserId: result.user_id as string | undefined, teamId: result.team_id as string | undefined }));
    authorization.catch(() => {
      authorization = undefined;
    });
    return authorization;
  };

  const inbox = core.inbox;
  // NOTE: mounted before Bolt's receiver, so it runs first.
  if (mode === 'http') options.expressApp!.post(slackEventsPath, refuseFutureTimestamps(logger));
  const platformReceiver: Receiver =
    mode === 'http'
      ? new ExpressReceiver({ signingSecret: options.signingSecret!, app: options.expressApp, endpoints: slackEventsPath, logger: boltLogger, processBeforeResponse: false })
      : new SocketModeReceiver({ appToken: options.appToken!, logger: boltLogger, installerOptions: { clientOptions } });
  const app = new App({
    authorize,
    // NOTE: Pont keeps no Bolt conversation state; Bolt's default in-memory store would look every
    // delivery up (and build a "not found" error for each) for nothing.
    convoStore: false,
    logger: boltLogger,
    clientOptions,
    receiver: recordingReceiver(platformReceiver, inbox),
  });

  const store = createSlackStore(core.db);
  const identity = createSlackIdentity({ web, people: core.people, admins: core.admins, logger });
  const requests = createRequestMessages({ web, store, identity, sharing: core.sharing, logger });
  const context: HandlerContext = { core, web, store, identity, requests, logger, inbox };

  registerConversation(context);
  registerCommands(app, context);
  registerActions(app, context);
  registerViews(app, context);
  registerHome(app, context);
  app.error(async (error) => {
    logger.error({ err: error }, 'Unhandled Slack error');
  });

  const removeNotifier = core.notifications?.add(requests.notifier, 'slack');
  const pruner = setInterval(() => {
    store.pruneDeliveries().catch((error: unknown) => logger.warn({ err: error }, 'Could not prune old Slack deliveries'));
  }, 30 * 60 * 1000);
  pruner.unref();

  return {
    app,
    web,
    mode,
    notifier: requests.notifier,
    async start() {
      if (mode === 'socket') await app.start();
    },
    async stop() {
      clearInterval(pruner);
      removeNotifier?.();
      if (mode === 'socket') await app.stop();
    },
  };
}
