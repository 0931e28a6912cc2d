import { ActivityTypes, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { StreamingResponse, type Application } from '@microsoft/teams-ai';
import type { Logger } from '../../logger.ts';
import { replyCard, text, card } from './cards/index.ts';
import { teamsMessages } from './messages.ts';
import { messageText, rememberSender, toIncoming, turnLanguage, type TeamsHandlerContext } from './turn.ts';

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
 * Personal chat and @mentions in channels and group chats: the text, without the mention, goes to the
 * core's assistant and the reply comes back as one Adaptive Card. Installing the app says hello.
 */
export function registerConversation(app: Application, handler: TeamsHandlerContext): void {
  app.activity(ActivityTypes.Message, async (context: TurnContext) => {
    const input = messageText(context.activity);
    // NOTE: a message with no text is a card submit or a file; nothing to answer.
    if (!input) return;
    await rememberSender(context, handler.store);
    const identity = await handler.identity.resolve(context);
    const stream = context.activity.conversation.conversationType === 'personal' ? createAnswerStream(context, handler.logger) : null;
    const reply = await handler.core.assistant.handle(
      toIncoming(context.activity, identity, input, handler.config),
      stream ? { onText: stream.push } : undefined,
    );
    const footer = identity.person ? undefined : teamsMessages(reply.language).unknownUser(handler.config.fallbackContact);
    const rendered = replyCard(reply, { viewerEmail: identity.person?.email ?? null, ...(footer ? { footer } : {}) });
    if (stream && (await stream.finish(rendered))) return;
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(rendered)));
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
