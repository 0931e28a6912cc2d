import express from 'express';
import type { AuthenticateRequestResult } from 'botframework-connector';
import { ActivityTypes, CardFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { AdaptiveCardActionExecuteResponseType, Application } from '@microsoft/teams-ai';
import { describeError } from '../../core/assistant/index.ts';
import type { Notifier } from '../../core/sharing/index.ts';
import { holdUntilAnswered } from '../after-response.ts';
import { readJsonBody, UnreadableBody } from '../json-body.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { Database } from '../../store/index.ts';
import { activitySchema, describeActivityProblem } from './activity-schema.ts';
import { registerCardActions } from './card-actions.ts';
import { noticeCard, replyVerbs, requestVerbs } from './cards/index.ts';
import { recordableMessage, registerConversation, teamsConversationWork } from './conversation.ts';
import type { Inbox } from '../../inbox/index.ts';
import type { TeamsCore } from './core-ports.ts';
import { createIdentityResolver } from './identity.ts';
import { extensionCommands, registerMessageExtension } from './message-extension.ts';
import { createProactiveMessenger } from './proactive.ts';
import { createTeamsStore, type TeamsStore } from './teams-store.ts';
import { createBotRegistrations } from './registrations.ts';
import { activityTenant, anonymousRefusal, createServiceUrlTrust, type Admission } from './trust.ts';
import { turnLanguage } from './turn.ts';

export interface TeamsChannelOptions {
  config: Config;
  logger: Logger;
  db: Database;
  core: TeamsCore;
  /** First retry wait for a failed proactive message (tests shorten it). */
  retryBaseMs?: number;
  /**
   * Where chat answers that involve the language model are recorded and worked on, outside the turn. Without
   * it, a message is answered inside its turn (no model: an answer takes milliseconds).
   */
  inbox?: Pick<Inbox, 'add' | 'handle' | 'arrived'>;
}

export interface TeamsChannel {
  /** Serves `POST /api/messages`. */
  router: express.Router;
  /** Sharing notifications as proactive Teams cards. */
  notifier: Notifier;
  /** Sends outbox messages that are due (retries); returns how many were tried. */
  deliverDue(now?: Date): Promise<number>;
  /** Retries due proactive messages every `intervalMs`; returns a function that stops it. */
  startDeliveryLoop(intervalMs?: number): () => void;
  store: TeamsStore;
  /** What the code handles, for checking the manifest against it. */
  registered: { messageExtensionCommands: string[]; actionVerbs: string[] };
}

const unreadableMessages: Record<UnreadableBody['status'], string> = {
  400: 'The body is not valid JSON',
  413: 'The body is too large',
  415: 'The body must not be compressed',
};

/** The largest activity read (Teams' own messages are at most about 100 KB). */
const activityBytesLimit = 1024 * 1024;

/** Answers an invoke that failed with a short message in the user's language, in the shape its name expects. */
function invokeFailure(activity: Partial<Activity>, message: string): unknown {
  if (activity.name === 'adaptiveCard/action')
    return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: message };
  if (activity.name?.startsWith('composeExtension/')) {
    return activity.name === 'composeExtension/fetchTask' || activity.name === 'composeExtension/submitAction'
      ? { task: { type: 'message', value: message } }
      : { composeExtension: { type: 'message', text: message } };
  }
  return undefined;
}

/**
 * The Teams channel: a teams-ai `Application` over botbuilder's CloudAdapter, translating activities into
 * calls on the core and rendering replies as Adaptive Cards.
 */
export function createTeamsChannel(options: TeamsChannelOptions): TeamsChannel {
  const { config, logger, db, core } = options;
  // NOTE: one registration per tenant; each activity is checked, and each message sent, by its tenant's registration.
  const registrations = createBotRegistrations(config);
  const { adapter, appId: botAppId } = registrations.all[0]!;
  const store = createTeamsStore(db);
  const trust = createServiceUrlTrust(registrations, store);
  const proactive = createProactiveMessenger({
    registrations,
    store,
    trust,
    logger,
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
  });
  const identity = createIdentityResolver(core, store, logger);

  // NOTE: the Application's own adapter is never used to send: a turn replies through the adapter that checked it,
  // and proactive work picks the registration of the recipient's tenant.
  const app = new Application({
    adapter,
    botAppId,
    removeRecipientMention: true,
    // NOTE: the typing timer is one per Application, shared by concurrent turns; Pont replies fast enough without it.
    startTypingTimer: false,
    longRunningMessages: false,
    // NOTE: a card an action answers with is shown to the person who pressed alone (User Specific Views): what a
    // group chat or channel sees is changed only by updating the message with the card everyone there may see.
    // Request cards carry a `refresh`, which would make teams-ai replace the message for everyone, so their
    // handlers answer the invoke themselves (card-actions.ts).
    adaptiveCards: { actionExecuteResponseType: AdaptiveCardActionExecuteResponseType.REPLACE_FOR_INTERACTOR },
  });
  const handler = { core, config, logger, store, identity, proactive };
  registerConversation(app, handler, options.inbox ? { inbox: options.inbox, registrations } : undefined);
  registerMessageExtension(app, handler);
  registerCardActions(app, handler);

  // The channel's one error boundary: log with context, tell the user briefly in their language.
  app.error(async (context: TurnContext, error: Error) => {
    const activity = context.activity;
    logger.error(
      { err: error, activityType: activity.type, name: activity.name, activityId: activity.id },
      'Teams turn failed',
    );
    const message = describeError(error, turnLanguage(activity));
    try {
      if (activity.type === ActivityTypes.Invoke) {
        const body = invokeFailure(activity, message);
        if (body) await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
      } else if (activity.type === ActivityTypes.Message) {
        await context.sendActivity(
          MessageFactory.attachment(CardFactory.adaptiveCard(noticeCard(message, 'attention'))),
        );
      }
    } catch (sendError) {
      logger.error({ err: sendError }, 'could not tell the Teams user about the failure');
    }
  });

  const router = express.Router();
  const refuse = (response: express.Response, reason: string, log: Record<string, unknown>) => {
    logger.warn({ ...log, reason }, `Teams: refused an activity: ${reason}`);
    response.status(401).json({ error: 'Unauthorized' });
  };

  router.post(
    '/api/messages',
    (request, response, next) => {
      // NOTE: without credentials nothing proves who wrote, so only this computer may write (local development).
      const refusal = registrations.signed ? null : anonymousRefusal(request);
      if (refusal)
        refuse(response, `an unsigned activity was refused because ${refusal}`, {
          remoteAddress: request.socket.remoteAddress,
        });
      else next();
    },
    async (request, response) => {
      // NOTE: the body is read without body-parser and checked with zod's v4 API: a burst of deliveries waits for each
      // acknowledgement in turn, and the two together took about a quarter of one (docs/develop/benchmarks.md).
      let body: unknown;
      try {
        body = await readJsonBody(request, activityBytesLimit);
      } catch (error) {
        const status = error instanceof UnreadableBody ? error.status : 400;
        logger.warn({ reason: (error as Error).message }, 'Teams: refused an unreadable request body');
        // NOTE: a body over the limit may still be arriving; the connection is not kept for another request.
        if (status === 413) response.set('connection', 'close');
        response.status(status).json({ error: unreadableMessages[status] });
        return;
      }
      const parsed = activitySchema.safeParse(body);
      if (!parsed.success) {
        const problem = describeActivityProblem(parsed.error);
        logger.warn({ problem }, 'Teams: refused a malformed activity');
        response.status(400).json({ error: `Not a Bot Framework activity: ${problem}` });
        return;
      }
      const authorization = request.get('authorization') ?? '';
      // NOTE: the token is checked by the registration of the tenant the activity names (its app id is the audience),
      // so a token one tenant's registration was given never opens another's.
      const tenant = activityTenant(parsed.data as unknown as Activity);
      const registration = registrations.forTenant(tenant);
      if (!registration) {
        refuse(
          response,
          `the activity came from tenant ${tenant ?? '(none)'}, which is not a tenant Pont is registered in (${registrations.describe()})`,
          { tenant },
        );
        return;
      }
      const activity = parsed.data as unknown as Activity;
      // NOTE: anything thrown by the token check is a refusal (a forged token, or signing keys that could not be
      // fetched), never a server error.
      let authenticated: AuthenticateRequestResult;
      try {
        authenticated = await registration.adapter.authenticate(authorization, activity);
      } catch (error) {
        refuse(response, `the Bot Framework token was not accepted (${(error as Error).message ?? String(error)})`, {});
        return;
      }
      let admission: Admission;
      try {
        admission = await trust.admit(activity, authenticated.claimsIdentity, registration);
      } catch (error) {
        logger.error({ err: error, activityType: activity.type }, 'Teams: could not check where an activity came from');
        response.status(500).json({ error: 'Internal error' });
        return;
      }
      if (!admission.admitted) {
        refuse(response, admission.reason, admission.log);
        return;
      }
      // NOTE: a message for the language model is recorded and acknowledged here, without a turn: the acknowledgement
      // waits for the token check and the inbox record only, not for the connector clients, turn state and routing a
      // turn builds (the worker's proactive turn does that, after). A record that cannot be written is not
      // acknowledged, so Bot Framework sends the activity again.
      const recordable = options.inbox ? recordableMessage(activity) : null;
      if (options.inbox && recordable) {
        options.inbox.arrived();
        try {
          await options.inbox.add(teamsConversationWork, recordable.key, recordable.recorded);
        } catch (error) {
          logger.error(
            { err: error, key: recordable.key },
            'Teams: could not record a message; it is not acknowledged',
          );
          response.status(500).json({ error: 'Internal error' });
          return;
        }
        response.status(200).end();
        return;
      }
      // NOTE: Teams shows an error for an invoke not answered within 5 seconds (and gives up on any turn after 15):
      // what the turn causes for other people (notifications, their cards) is held until the answer has gone.
      const turn = holdUntilAnswered(() =>
        registration.adapter.handleActivity(authenticated, activity, async (context) => {
          await app.run(context);
        }),
      );
      const releaseHeld = () => {
        void turn.release((error) =>
          logger.error({ err: error, activityType: parsed.data.type }, 'Teams: work after the answer failed'),
        );
      };
      try {
        const result = await turn.result;
        if (result) response.status(result.status).json(result.body ?? {});
        else response.status(200).end();
        releaseHeld();
      } catch (error) {
        releaseHeld();
        if ((error as { statusCode?: number }).statusCode === 401) {
          refuse(
            response,
            `the Bot Framework token was not accepted (${(error as Error).message ?? String(error)})`,
            {},
          );
          return;
        }
        logger.error({ err: error, activityType: parsed.data.type }, 'Teams: could not process an activity');
        response.status(500).json({ error: 'Internal error' });
      }
    },
  );
  return {
    router,
    notifier: proactive.notifier,
    deliverDue: (now) => proactive.deliverDue(now),
    startDeliveryLoop(intervalMs = 30_000) {
      const timer = setInterval(() => {
        proactive.deliverDue().catch((error: unknown) => logger.error({ err: error }, 'Teams outbox delivery failed'));
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
    store,
    registered: {
      messageExtensionCommands: Object.values(extensionCommands),
      actionVerbs: [...Object.values(replyVerbs), ...Object.values(requestVerbs)],
    },
  };
}
