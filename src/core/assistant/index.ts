/**
 * The assistant: the one piece every chat channel calls. A channel turns its platform event into an
 * `Incoming`, calls `assistant.handle`, and renders the `Reply`; fixed strings come from `messagesFor`.
 */
export {
  chooseLanguage,
  createAssistant,
  type AssistantDependencies,
  type AssistantLogger,
  type IntentRouter,
} from './assistant.ts';
export { councilFromName, extractCouncil } from './council-mention.ts';
export { describeError } from './describe-error.ts';
export { messagesFor, type Messages } from './messages.ts';
export { questionIntents, type QuestionEntry, type QuestionLog } from './question-log.ts';
export { commandParts, matchIntent, normalise, routeIntent } from './router.ts';
export type * from './types.ts';
export { radicalForms } from './welsh-mutations.ts';
