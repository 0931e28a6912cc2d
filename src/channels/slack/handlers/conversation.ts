import type { App } from '@slack/bolt';
import { sections } from '../blocks/block-kit.ts';
import { renderReply } from '../blocks/reply-blocks.ts';
import { escapeMrkdwn } from '../blocks/text.ts';
import { translateMentions } from '../mentions.ts';
import { createAnswerStreams, type AnswerStreams } from './answer-stream.ts';
import { guard, incomingFrom, isDuplicate, languageFor, postMessage, type HandlerContext } from './context.ts';

/** A DM or mention, as the handler needs it. */
interface Conversation {
  eventId: string | undefined;
  userId: string;
  text: string;
  channel: string;
  /** The thread to answer in: the message's thread, or the message itself. */
  threadTs: string;
  /** Pont's own user id, whose mention is dropped from the text. */
  botUserId?: string;
  /** The asker's workspace (or organisation), for streaming the answer to them. */
  teamId?: string;
}

/** Answers one message: core in, Block Kit out, in the message's thread. */
async function converse(context: HandlerContext, streams: AnswerStreams, conversation: Conversation): Promise<void> {
  const { web, core, identity, requests } = context;
  if (await isDuplicate(context, conversation.eventId ? `event:${conversation.eventId}` : undefined)) return;
  let language = languageFor(null, conversation.text);
  await guard(
    context,
    { userId: conversation.userId, channel: conversation.channel, eventId: conversation.eventId },
    () => language,
    (text) => postMessage(web, conversation.channel, { text, blocks: sections(escapeMrkdwn(text)) }, conversation.threadTs),
    async () => {
      const user = await identity.resolve(conversation.userId);
      language = languageFor(user, conversation.text);
      const text = await translateMentions(conversation.text, identity, conversation.botUserId);
      const incoming = incomingFrom(user, text, `slack:event:${conversation.eventId ?? conversation.threadTs}`, conversation.channel);
      // A model-written answer streams into the thread as it is written; the reply replaces it at the end.
      const stream = streams.open({ channel: conversation.channel, threadTs: conversation.threadTs, userId: conversation.userId, teamId: conversation.teamId });
      const reply = await core.assistant.handle(incoming, { onText: stream.push }).catch(async (error: unknown) => {
        await stream.discard();
        throw error;
      });
      if (reply.kind === 'request' && user.email) {
        await stream.discard();
        // The requester's copy of the request is updated in place at every step.
        await requests.post(reply.request, { role: 'requester', email: user.email, language: reply.language }, conversation.channel, {
          threadTs: conversation.threadTs,
          lead: sections(escapeMrkdwn(reply.text)),
        });
        return;
      }
      const message = renderReply(reply);
      if (await stream.finish(message)) return;
      await postMessage(web, conversation.channel, message, conversation.threadTs);
    },
  );
}

/** Direct messages (message.im) and @mentions (app_mention) are questions for the assistant. */
export function registerConversation(app: App, context: HandlerContext): void {
  const streams = createAnswerStreams(context.web, context.logger);
  app.event('app_mention', async ({ event, body, context: bolt }) => {
    if (!event.user) return;
    const conversation = { eventId: (body as { event_id?: string }).event_id, userId: event.user, text: event.text, channel: event.channel, threadTs: event.thread_ts ?? event.ts, botUserId: bolt.botUserId, teamId: bolt.teamId ?? bolt.enterpriseId };
    await context.work.run(() => converse(context, streams, conversation));
  });

  app.event('message', async ({ event, body, context: bolt }) => {
    // Only people's own new messages in the app's DM: no edits, joins, bot posts (including Pont's own).
    if (event.channel_type !== 'im' || event.subtype !== undefined) return;
    if ('bot_id' in event && event.bot_id) return;
    if (!event.user || typeof event.text !== 'string') return;
    const conversation = { eventId: (body as { event_id?: string }).event_id, userId: event.user, text: event.text, channel: event.channel, threadTs: event.thread_ts ?? event.ts, botUserId: bolt.botUserId, teamId: bolt.teamId ?? bolt.enterpriseId };
    await context.work.run(() => converse(context, streams, conversation));
  });
}
