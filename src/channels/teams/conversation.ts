import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  type Activity,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { StreamingResponse, type Application } from '@microsoft/teams-ai';
import { messagesFor } from '../../core/assistant/index.ts';
import type { Inbox } from '../../inbox/index.ts';
import type { Logger } from '../../logger.ts';
import type { BotRegistrations } from './registrations.ts';
import type { Reply } from '../../core/assistant/index.ts';
import { noticeCard, replyCard, text, card, type AdaptiveCard } from './cards/index.ts';
import type { TeamsIdentity } from './identity.ts';
import { createSharedRequestCards, isSharedConversation, type SharedRequestCards } from './shared-cards.ts';
import { teamsMessages } from './messages.ts';
import {
  conversationReference,
  messageText,
  rememberSender,
  toIncoming,
  turnLanguage,
  type TeamsHandlerContext,
} from './turn.ts';

/**
 * Teams' streaming response for a model-written answer in a personal chat: the text appears as it is
 * written, and the final message carries the answer card (the Reply is final; the streamed text provisional).
 * Nothing streams when the core answers without a model; then the card is sent as usual.
 */
function createAnswerStream(context: TurnContext, logger: Logger) {
  let stream: StreamingResponse | null = null;
  let broken = false;
  const watch = () => {
    stream?.waitForQueue().catch((error: unknown) => {
      broken = true;
      logger.warn({ err: error }, 'Teams streaming update failed; the answer will be sent as a card');
    });
  };
  return {
    push(delta: string) {
      if (broken || !delta) return;
      stream ??= new StreamingResponse(context);
      stream.queueTextChunk(delta);
      watch();
    },
    /** Ends the stream with the card; false when nothing was streamed (or it broke) and the card still has to go. */
    async finish(card: Record<string, unknown>): Promise<boolean> {
      if (!stream || broken) return false;
      try {
        stream.setAttachments([CardFactory.adaptiveCard(card)]);
        await stream.endStream();
        return true;
      } catch (error) {
        logger.warn({ err: error }, 'Teams streaming could not finish; sending the answer as a card');
        return false;
      }
    },
  };
}

/**
 * The card for `reply` where `activity` was said. In a group chat or channel a sharing request is shown as the card
 * everyone there may see (the requester's own card, with their buttons, comes through its refresh); `requestId`
 * says so, and the sent card is then kept so later steps update it. A profile or a list of one's own requests is
 * not shown there at all.
 */
async function renderReply(
  handler: TeamsHandlerContext,
  shared: SharedRequestCards,
  activity: Pick<Activity, 'conversation'>,
  reply: Reply,
  identity: TeamsIdentity,
): Promise<{ card: AdaptiveCard; sharedRequestId?: string }> {
  if (reply.kind === 'request' && isSharedConversation(activity)) {
    return { card: await shared.render(reply.request.id, reply.language), sharedRequestId: reply.request.id };
  }
  // NOTE: a profile (with its Save button) or someone's own requests would be shown to the whole chat, and the
  // button would act for whoever pressed it: they stay in the person's 1:1 chat.
  if ((reply.kind === 'profile' || reply.kind === 'requests') && isSharedConversation(activity)) {
    return { card: noticeCard(teamsMessages(reply.language).personalOnly) };
  }
  const footer = identity.person
    ? undefined
    : teamsMessages(reply.language).unknownUser(handler.config.fallbackContact);
  return { card: replyCard(reply, { viewerEmail: identity.person?.email ?? null, ...(footer ? { footer } : {}) }) };
}

/**
 * Sends a rendered reply into the turn's conversation, or with `replace` puts it in place of that message of Pont's
 * (updateActivity), and keeps a shared request card so later steps update it.
 */
async function sendReply(
  handler: TeamsHandlerContext,
  context: TurnContext,
  rendered: { card: AdaptiveCard; sharedRequestId?: string },
  replace?: string,
): Promise<void> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(rendered.card));
  const sent = replace
    ? ((await context.updateActivity({ ...activity, id: replace })) ?? { id: replace })
    : await context.sendActivity(activity);
  if (rendered.sharedRequestId && sent?.id) {
    await handler.store.saveCard({
      conversationId: context.activity.conversation.id,
      activityId: sent.id,
      requestId: rendered.sharedRequestId,
      recipientEmail: null,
      reference: conversationReference(context.activity),
    });
  }
}

/** The progress note naming the message an attempt showed while it worked, which the answer replaces. */
const shownNote = 'shown';

/** The message an earlier attempt (or this one) noted as showing the answer, if any. */
function notedMessage(progress: Record<string, unknown>): string | undefined {
  const noted = progress[shownNote];
  return typeof noted === 'string' ? noted : undefined;
}

/** The inbox kind of a Teams message whose answer involves the language model. */
export const teamsConversationWork = 'teams.conversation';

/** What the inbox keeps of a Teams message: the parts of the activity an answer reads, and where to send it. */
interface RecordedMessage {
  input: string;
  activity: Pick<Activity, 'id' | 'locale' | 'entities' | 'conversation' | 'from'>;
  reference: Partial<ConversationReference>;
}

/**
 * The inbox record of a message the language model is to answer, or null when the activity is not one (not a
 * message, no text once the bot's mention is taken out, no id to know a redelivery by, or a caller that waits for
 * the replies in the response). Keyed by conversation and activity id, so a redelivered activity is one piece of work.
 */
export function recordableMessage(activity: Activity): { key: string; recorded: RecordedMessage } | null {
  if (activity.type !== ActivityTypes.Message || !activity.id || activity.deliveryMode === 'expectReplies') return null;
  const input = messageText(activity);
  if (!input) return null;
  const { id, locale, entities, conversation, from } = activity;
  return {
    key: `teams:activity:${conversation.id}:${id}`,
    recorded: {
      input,
      activity: { id, locale, entities, conversation, from },
      reference: conversationReference(activity),
    },
  };
}

/** Where answers that involve the language model are worked on, outside the incoming turn. */
export interface TeamsAnswerWork {
  inbox: Pick<Inbox, 'add' | 'handle' | 'arrived'>;
  /** The answer goes out through the registration of the conversation's tenant. */
  registrations: Pick<BotRegistrations, 'forReference'>;
}

/** Runs `work` in the person's conversation (a proactive turn); a failure inside it is thrown here, not swallowed by the adapter. */
async function inConversation(
  answers: TeamsAnswerWork,
  reference: Partial<ConversationReference>,
  work: (context: TurnContext) => Promise<void>,
): Promise<void> {
  const registration = answers.registrations.forReference(reference);
  if (!registration)
    throw new Error(
      `no bot registration serves tenant ${(reference.conversation as { tenantId?: string } | undefined)?.tenantId ?? '(none)'} any more`,
    );
  let failure: unknown;
  await registration.adapter.continueConversationAsync(registration.appId, reference, async (context) => {
    try {
      await work(context);
    } catch (error) {
      failure = error;
    }
  });
  if (failure) throw failure;
}

/**
 * Answers recorded Teams messages from the inbox: the answer card goes to the conversation as a proactive
 * message, so a model call never runs inside Teams' 15-second turn, and a crash or restart loses nothing.
 */
function registerAnswerWork(handler: TeamsHandlerContext, shared: SharedRequestCards, answers: TeamsAnswerWork): void {
  answers.inbox.handle<RecordedMessage>(teamsConversationWork, {
    run: (recorded, work) =>
      inConversation(answers, recorded.reference, async (context) => {
        // NOTE: the sender is remembered here, not during the turn: the acknowledgement waits for one database
        // write only (the record of the work). The proactive turn carries the same sender, chat and service URL.
        await rememberSender(context, handler.store);
        // NOTE: a bot cannot read a chat back, so the answer is not posted after the work: a placeholder is sent
        // (from here rather than during the turn, so the turn ends without waiting on the connector), its id noted
        // at once, and the answer replaces it. An attempt after a crash replaces the same message: the person sees
        // one answer, and at worst, if the process stopped between sending the placeholder and noting it, a spare
        // placeholder.
        let shown = notedMessage(work.progress);
        if (!shown) {
          const language = turnLanguage(recorded.activity, recorded.input);
          const sent = await context.sendActivity(
            MessageFactory.attachment(CardFactory.adaptiveCard(noticeCard(messagesFor(language).thinking))),
          );
          if (sent?.id) await work.note({ [shownNote]: (shown = sent.id) });
        }
        const identity = await handler.identity.resolve(context);
        const reply = await handler.core.assistant.handle(
          toIncoming(recorded.activity, identity, recorded.input, handler.config),
        );
        await sendReply(
          handler,
          context,
          await renderReply(handler, shared, recorded.activity, reply, identity),
          shown,
        );
      }),
    giveUp: (recorded, _error, progress) =>
      inConversation(answers, recorded.reference, async (context) => {
        const message = messagesFor(turnLanguage(recorded.activity, recorded.input)).errorGaveUp;
        const activity = MessageFactory.attachment(CardFactory.adaptiveCard(noticeCard(message, 'attention')));
        // NOTE: the placeholder an attempt showed says so instead of a new message.
        const shown = notedMessage(progress);
        const replaced =
          shown &&
          (await context
            .updateActivity({ ...activity, id: shown })
            .then(() => true)
            .catch(() => false));
        if (!replaced) await context.sendActivity(activity);
      }),
  });
}

/**
 * Personal chat and @mentions in channels and group chats: the text, without the mention, goes to the
 * core's assistant and the reply comes back as one Adaptive Card. Installing the app says hello. With
 * `answers` (a language model is configured), the message is recorded in the inbox during the turn, which
 * then ends; whichever replica takes the work shows Pont typing and sends the answer as a proactive message.
 */
export function registerConversation(app: Application, handler: TeamsHandlerContext, answers?: TeamsAnswerWork): void {
  const shared = createSharedRequestCards(handler);
  if (answers) registerAnswerWork(handler, shared, answers);
  app.activity(ActivityTypes.Message, async (context: TurnContext) => {
    answers?.inbox.arrived();
    const input = messageText(context.activity);
    // NOTE: a message with no text is a card submit or a file; nothing to answer.
    if (!input) return;
    const recordable = answers ? recordableMessage(context.activity) : null;
    if (answers && recordable) {
      await answers.inbox.add(teamsConversationWork, recordable.key, recordable.recorded);
      return;
    }
    await rememberSender(context, handler.store);
    const identity = await handler.identity.resolve(context);
    const stream =
      context.activity.conversation.conversationType === 'personal'
        ? createAnswerStream(context, handler.logger)
        : null;
    const reply = await handler.core.assistant.handle(
      toIncoming(context.activity, identity, input, handler.config),
      stream ? { onText: stream.push } : undefined,
    );
    const rendered = await renderReply(handler, shared, context.activity, reply, identity);
    if (stream && (await stream.finish(rendered.card))) return;
    await sendReply(handler, context, rendered);
  });

  app.conversationUpdate('membersAdded', async (context: TurnContext) => {
    const added = context.activity.membersAdded ?? [];
    if (!added.some((member) => member.id === context.activity.recipient.id)) return;
    await rememberSender(context, handler.store);
    const language = turnLanguage(context.activity);
    const messages = teamsMessages(language);
    const body = [text(messages.welcome)];
    if (context.activity.conversation.conversationType === 'personal') {
      const identity = await handler.identity.resolve(context);
      if (!identity.person) body.push(text(messages.unknownUser(handler.config.fallbackContact), { isSubtle: true }));
    }
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card(body))));
  });
}
