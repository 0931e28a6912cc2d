import { ActivityTypes, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { Application } from '@microsoft/teams-ai';
import { replyCard, text, card } from './cards/index.ts';
import { teamsMessages } from './messages.ts';
import { messageText, rememberSender, toIncoming, turnLanguage, type TeamsHandlerContext } from './turn.ts';

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
    const reply = await handler.core.assistant.handle(toIncoming(context.activity, identity, input, handler.config));
    const footer = identity.person ? undefined : teamsMessages(reply.language).unknownUser(handler.config.fallbackContact);
    const rendered = replyCard(reply, { viewerEmail: identity.person?.email ?? null, ...(footer ? { footer } : {}) });
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
