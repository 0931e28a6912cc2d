import { CardFactory, type MessagingExtensionResult, type TaskModuleTaskInfo, type TurnContext } from 'botbuilder';
import type { Application } from '@microsoft/teams-ai';
import { describeError } from '../../core/assistant/index.ts';
import { isPontError } from '../../errors.ts';
import { htmlText } from '../../ingest/html-walk.ts';
import { noTargetChosen, targetFromChoices } from '../../core/sharing/index.ts';
import { card, personCard, shareTargetInput, text } from './cards/index.ts';
import { teamsMessages } from './messages.ts';
import { actorFor, rememberSender, turnLanguage, type TeamsHandlerContext } from './turn.ts';

/** Message extension commands, as the manifest declares them. */
export const extensionCommands = {
  findSkills: 'findSkills',
  shareMessage: 'shareMessage',
} as const;

/** The one parameter of "Find skills", as the manifest names it. */
export const findSkillsParameter = 'skill';

interface MessagePayload {
  body?: { contentType?: string; content?: string };
}

/** The plain text of the message an action command was started from. */
function payloadText(context: TurnContext): string {
  const payload = (context.activity.value as { messagePayload?: MessagePayload } | undefined)?.messagePayload;
  const content = payload?.body?.content ?? '';
  const plain = payload?.body?.contentType === 'html' ? htmlText(content) : content;
  return plain.replace(/\s+/g, ' ').trim();
}

/**
 * "Find skills": a search-based extension returning people as cards a user can insert into any chat.
 * "Ask the other council": an action on a message that opens a sharing request prefilled with it.
 */
export function registerMessageExtension(app: Application, handler: TeamsHandlerContext): void {
  app.messageExtensions.query(
    extensionCommands.findSkills,
    async (context, _state, query): Promise<MessagingExtensionResult> => {
      const skill = String(query.parameters[findSkillsParameter] ?? '').trim();
      const language = turnLanguage(context.activity, skill);
      const messages = teamsMessages(language);
      if (!skill) return { type: 'message', text: messages.searchPrompt };
      try {
        const people = await handler.core.people.findBySkill(skill, {
          limit: Math.min(Math.max(query.count || 10, 1), 25),
          language,
        });
        if (people.length === 0) return { type: 'message', text: messages.noPeople };
        return {
          type: 'result',
          attachmentLayout: 'list',
          attachments: people.map((person) => ({
            ...CardFactory.adaptiveCard(personCard(person, language)),
            preview: CardFactory.thumbnailCard(person.name, `${person.jobTitle} · ${messages.council[person.council]}`),
          })),
        };
      } catch (error) {
        if (isPontError(error) && error.code === 'validation')
          return { type: 'message', text: describeError(error, language) };
        throw error;
      }
    },
  );

  app.messageExtensions.fetchTask(extensionCommands.shareMessage, async (context): Promise<TaskModuleTaskInfo> => {
    const prefill = payloadText(context);
    const language = turnLanguage(context.activity, prefill);
    const messages = teamsMessages(language);
    const identity = await handler.identity.resolve(context);
    const form = card(
      [
        text(messages.requestPrompt, { weight: 'Bolder' }),
        { type: 'Input.Text', id: 'request', value: prefill, isMultiline: true, maxLength: 5000 },
        shareTargetInput(language, identity.person?.council),
      ],
      [{ type: 'Action.Submit', title: messages.sendRequest }],
    );
    return {
      title: messages.requestDialogTitle,
      width: 'medium',
      height: 'medium',
      card: CardFactory.adaptiveCard(form),
    };
  });

  app.messageExtensions.submitAction<{ request?: string; target?: string }>(
    extensionCommands.shareMessage,
    async (context, _state, data) => {
      const request = String(data.request ?? '').trim();
      const language = turnLanguage(context.activity, request);
      const messages = teamsMessages(language);
      if (!request) return messages.requestEmpty;
      // NOTE: a form opened before the councils were offered has no choice: it goes to the other councils.
      const target = data.target === undefined ? 'other' : targetFromChoices(String(data.target).split(','));
      if (!target) return noTargetChosen[language];
      await rememberSender(context, handler.store);
      const identity = await handler.identity.resolve(context);
      const actor = actorFor(identity, handler.config);
      if (!identity.person || !actor.email) return messages.unknownUser(handler.config.fallbackContact);
      try {
        const opened = await handler.core.sharing.open({
          text: request,
          fromEmail: actor.email,
          target,
          language,
          ...(context.activity.id ? { clientKey: `teams:${context.activity.id}` } : {}),
        });
        return messages.requestOpened(opened.routedTo.join(', '));
      } catch (error) {
        if (isPontError(error) && error.code !== 'upstream') return describeError(error, language);
        throw error;
      }
    },
  );
}
