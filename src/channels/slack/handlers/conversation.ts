import { messagesFor } from '../../../core/assistant/index.ts';
import type { Language } from '../../../core/language/index.ts';
import type { InboxAttempt } from '../../../inbox/index.ts';
import { sections } from '../blocks/block-kit.ts';
import { renderReply, type SlackMessage } from '../blocks/reply-blocks.ts';
import { escapeMrkdwn } from '../blocks/text.ts';
import { translateMentions } from '../mentions.ts';
import { isDirect } from '../request-messages.ts';
import { createAnswerStreams, type AnswerStreams } from './answer-stream.ts';
import { giveUpText, guardWork, incomingFrom, languageFor, postMessage, type HandlerContext } from './context.ts';
import { findPostedAnswer, showAnswer, type ShownAnswer } from './posted-answers.ts';

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

/** The progress note naming the messages that show an answer, part by part (see `ShownAnswer`). */
const shownNote = 'shown';
/** The progress note naming the provisional streamed message of the latest attempt that streamed. */
const draftNote = 'draft';

/** The messages noted as showing the answer so far (by this attempt or an earlier one). */
function notedParts(progress: Record<string, unknown>): (string | null)[] {
  const noted = progress[shownNote];
  return Array.isArray(noted) ? noted.map((ts) => (typeof ts === 'string' ? ts : null)) : [];
}

/**
 * Answers one message: core in, Block Kit out, in the message's thread. `work` is the inbox attempt; what it
 * shows the person is noted at once, so a later attempt (the process of an earlier one died, or it failed) edits
 * those messages rather than posting again. In a DM an answer an earlier attempt posted but did not live to note is
 * also found by reading the thread back. In a channel, which Pont may not read, a placeholder is posted and noted
 * first, and the answer (or the error, or the request) replaces it.
 */
async function converse(
  context: HandlerContext,
  streams: AnswerStreams,
  conversation: Conversation,
  work: InboxAttempt,
): Promise<void> {
  const { web, core, identity, requests } = context;
  const target = { channel: conversation.channel, threadTs: conversation.threadTs };
  const shown: ShownAnswer = {
    parts: notedParts(work.progress),
    note: (parts) => work.note({ [shownNote]: parts }),
  };
  const direct = isDirect(conversation.channel);
  const draft = work.progress[draftNote];
  if (typeof draft === 'string') {
    // NOTE: the provisional text an earlier attempt was streaming when its process stopped goes first.
    await web.chat.stopStream({ channel: conversation.channel, ts: draft }).catch(() => undefined);
    await web.chat.delete({ channel: conversation.channel, ts: draft }).catch(() => undefined);
  }
  if (work.attempt > 1 && direct) {
    const earlier = await findPostedAnswer(web, context.logger, target, work.key);
    if (earlier?.complete) {
      context.logger.info(
        { key: work.key, attempt: work.attempt },
        'Slack: this answer was posted before its process stopped; not posting it again',
      );
      // NOTE: the provisional streamed text the earlier attempt did not live to remove goes now.
      if (earlier.provisional)
        await web.chat.delete({ channel: conversation.channel, ts: earlier.provisional }).catch(() => undefined);
      return;
    }
    // NOTE: the parts an earlier attempt posted are edited in place; only the rest are posted.
    earlier?.shown.forEach((ts, part) => {
      if (ts && !shown.parts[part]) shown.parts[part] = ts;
    });
  }
  let language = languageFor(null, conversation.text);
  const placed = direct || shown.parts[0] ? Promise.resolve() : placeholder(context, conversation, shown, language);
  const show = async (message: SlackMessage, provisional?: string) => {
    await placed;
    await showAnswer(web, target, message, { work: work.key, ...(provisional ? { provisional } : {}) }, shown);
  };
  await guardWork(
    context,
    { userId: conversation.userId, channel: conversation.channel, eventId: conversation.eventId },
    () => language,
    (text) => show({ text, blocks: sections(escapeMrkdwn(text)) }),
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
        onStart: (ts) => work.note({ [draftNote]: ts }),
      });
      const reply = await core.assistant.handle(incoming, { onText: stream.push }).catch(async (error: unknown) => {
        await stream.discard();
        throw error;
      });
      if (reply.kind === 'request' && user.email) {
        await stream.discard();
        await placed;
        // NOTE: the request is opened once whatever the attempt (its client key is the event's); its copy here is
        // the message shown before (noted, or remembered with the request), else a new one.
        const remembered = (await context.store.requestMessages(reply.request.id)).find(
          (message) => message.role === 'requester' && message.channel === conversation.channel,
        );
        const replace = shown.parts[0] ?? remembered?.ts;
        // The requester's copy of the request is updated in place at every step.
        const posted = await requests.post(
          reply.request,
          { role: 'requester', email: user.email, language: reply.language },
          conversation.channel,
          {
            threadTs: conversation.threadTs,
            lead: sections(escapeMrkdwn(reply.text)),
            ...(replace ? { replace } : {}),
          },
        );
        if (!replace) await shown.note([posted.ts]);
        return;
      }
      const message = renderReply(reply);
      if (await stream.finish((provisional) => show(message, provisional))) return;
      await show(message);
    },
  );
}

/**
 * Posts the placeholder a channel's answer replaces, and notes it at once. A placeholder that could not be posted
 * is logged, and the answer is posted as a new message instead.
 */
async function placeholder(
  context: HandlerContext,
  conversation: Conversation,
  shown: ShownAnswer,
  language: Language,
): Promise<void> {
  const text = messagesFor(language).thinking;
  try {
    const [posted] = await postMessage(
      context.web,
      conversation.channel,
      { text, blocks: sections(escapeMrkdwn(text)) },
      conversation.threadTs,
    );
    shown.parts[0] = posted!.ts;
    await shown.note(shown.parts);
  } catch (error) {
    context.logger.warn(
      { err: error, channel: conversation.channel },
      'Slack: could not post the placeholder for an answer; the answer is posted instead',
    );
  }
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
    async giveUp(conversation, _error, progress) {
      const text = await giveUpText(context, conversation.userId, conversation.text);
      const message = { text, blocks: sections(escapeMrkdwn(text)) };
      // NOTE: a placeholder or an answer's first part already in the thread says so instead of a new message.
      const [first] = notedParts(progress);
      const edited =
        first &&
        (await context.web.chat
          .update({ channel: conversation.channel, ts: first, ...message })
          .then(() => true)
          .catch(() => false));
      if (!edited) await postMessage(context.web, conversation.channel, message, conversation.threadTs);
    },
  });
}
