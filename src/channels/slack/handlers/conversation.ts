import { sections } from '../blocks/block-kit.ts';
import { renderReply } from '../blocks/reply-blocks.ts';
import { escapeMrkdwn } from '../blocks/text.ts';
import { translateMentions } from '../mentions.ts';
import { createAnswerStreams, type AnswerStreams } from './answer-stream.ts';
import { giveUpText, guardWork, incomingFrom, languageFor, postMessage, type HandlerContext } from './context.ts';
import { findPostedAnswer } from './posted-answers.ts';

/** The inbox kind of a DM or mention to answer. */
export const conversationWork = 'slack.conversation';

/** A DM or mention, as the handler needs it (and as the inbox keeps it). */
export interface Conversation {
  eventId: string | undefined;
  userId: string;
  text: string;
  channel: string;
  /** The thread to answer in: the message's thread, or the message itself. */
  threadTs: string;
  /** Pont's own user id, whose mention is dropped from the text. */
  botUserId?: string;
  /** The workspace (or organisation) the delivery came to, for streaming the answer and replying with its token. */
  teamId?: string;
  /** The Enterprise Grid organisation, if any. */
  enterpriseId?: string;
  /** The writer's own workspace when it is another (a Slack Connect channel shared between organisations). */
  userTeamId?: string;
}

interface EventEnvelope {
  type?: string;
  event_id?: string;
  team_id?: string;
  enterprise_id?: string;
  authorizations?: { user_id?: string }[];
  event?: {
    type?: string;
    subtype?: string;
    channel_type?: string;
    bot_id?: string;
    user?: string;
    user_team?: string;
    text?: unknown;
    channel?: string;
    ts?: string;
    thread_ts?: string;
  };
}

/**
 * The conversation a Slack Events API delivery asks Pont to answer, or null: DMs to the app (message.im) and
 * @mentions (app_mention) from people; no edits, joins or bot posts (Pont's own included).
 */
export function conversationFrom(body: unknown): Conversation | null {
  const envelope = body as EventEnvelope | null;
  if (envelope?.type !== 'event_callback' || !envelope.event) return null;
  const event = envelope.event;
  if (!event.user || typeof event.text !== 'string' || !event.channel || !event.ts) return null;
  if (event.bot_id) return null;
  const isMention = event.type === 'app_mention';
  const isDirectMessage = event.type === 'message' && event.channel_type === 'im' && event.subtype === undefined;
  if (!isMention && !isDirectMessage) return null;
  return {
    eventId: envelope.event_id,
    userId: event.user,
    text: event.text,
    channel: event.channel,
    threadTs: event.thread_ts ?? event.ts,
    botUserId: envelope.authorizations?.[0]?.user_id,
    teamId: envelope.team_id ?? envelope.enterprise_id,
    ...(envelope.enterprise_id ? { enterpriseId: envelope.enterprise_id } : {}),
    ...(event.user_team && event.user_team !== envelope.team_id ? { userTeamId: event.user_team } : {}),
  };
}

/**
 * Answers one message: core in, Block Kit out, in the message's thread. `work` is the inbox item being worked on;
 * on a later attempt (the process of an earlier one died, or it failed) an answer the earlier attempt already posted
 * is found in the thread and not posted again.
 */
async function converse(
  context: HandlerContext,
  streams: AnswerStreams,
  conversation: Conversation,
  work: { key: string; attempt: number },
): Promise<void> {
  const { web, core, identity, requests } = context;
  if (work.attempt > 1) {
    const earlier = await findPostedAnswer(web, context.logger, conversation, work.key);
    if (earlier) {
      context.logger.info(
        { key: work.key, attempt: work.attempt },
        'Slack: this answer was posted before its process stopped; not posting it again',
      );
      // NOTE: the provisional streamed text the earlier attempt did not live to remove goes now.
      if (earlier.provisional)
        await web.chat.delete({ channel: conversation.channel, ts: earlier.provisional }).catch(() => undefined);
      return;
    }
  }
  let language = languageFor(null, conversation.text);
  await guardWork(
    context,
    { userId: conversation.userId, channel: conversation.channel, eventId: conversation.eventId },
    () => language,
    (text) =>
      postMessage(web, conversation.channel, { text, blocks: sections(escapeMrkdwn(text)) }, conversation.threadTs),
    async () => {
      const user = await identity.resolve(conversation.userId);
      language = languageFor(user, conversation.text);
      const text = await translateMentions(conversation.text, identity, conversation.botUserId);
      const incoming = incomingFrom(
        user,
        text,
        `slack:event:${conversation.eventId ?? conversation.threadTs}`,
        conversation.channel,
      );
      // A model-written answer streams into the thread as it is written; the reply replaces it at the end.
      const stream = streams.open({
        channel: conversation.channel,
        threadTs: conversation.threadTs,
        userId: conversation.userId,
        teamId: conversation.teamId,
      });
      const reply = await core.assistant.handle(incoming, { onText: stream.push }).catch(async (error: unknown) => {
        await stream.discard();
        throw error;
      });
      if (reply.kind === 'request' && user.email) {
        await stream.discard();
        // The requester's copy of the request is updated in place at every step.
        await requests.post(
          reply.request,
          { role: 'requester', email: user.email, language: reply.language },
          conversation.channel,
          {
            threadTs: conversation.threadTs,
            lead: sections(escapeMrkdwn(reply.text)),
          },
        );
        return;
      }
      const message = renderReply(reply);
      if (await stream.finish(message, work.key)) return;
      await postMessage(web, conversation.channel, message, conversation.threadTs, { work: work.key });
    },
  );
}

/**
 * Direct messages (message.im) and @mentions (app_mention) are questions for the assistant. The delivery is
 * recorded in the inbox before Slack gets its acknowledgement (see create-slack-channel.ts); the answer is
 * worked on here, by whichever replica takes it.
 */
export function registerConversation(context: HandlerContext): void {
  const streams = createAnswerStreams(context.web, context.logger);
  context.inbox.handle<Conversation>(conversationWork, {
    run: (conversation, attempt) => converse(context, streams, conversation, attempt),
    async giveUp(conversation) {
      const text = await giveUpText(context, conversation.userId, conversation.text);
      await postMessage(
        context.web,
        conversation.channel,
        { text, blocks: sections(escapeMrkdwn(text)) },
        conversation.threadTs,
      );
    },
  });
}
