import { actorFor as councilActor } from '../../core/councils/index.ts';
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { Incoming } from '../../core/assistant/index.ts';
import { chooseLanguage } from '../../core/assistant/index.ts';
import type { Language } from '../../core/language/index.ts';
import type { Actor } from '../../core/people/index.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { TeamsCore } from './core-ports.ts';
import type { IdentityResolver, TeamsIdentity } from './identity.ts';
import type { ProactiveMessenger } from './proactive.ts';
import type { TeamsStore } from './teams-store.ts';

/** What every handler of the Teams channel works with. */
export interface TeamsHandlerContext {
  core: TeamsCore;
  config: Config;
  logger: Logger;
  store: TeamsStore;
  identity: IdentityResolver;
  proactive: ProactiveMessenger;
}

/** The locale Teams sent: on the activity, or in its clientInfo entity. */
export function activityLocale(activity: Partial<Activity>): string | null {
  if (activity.locale) return activity.locale;
  const clientInfo = activity.entities?.find((entity) => entity.type === 'clientInfo') as
    { locale?: string } | undefined;
  return clientInfo?.locale ?? null;
}

/** The language for fixed text: the core's choice from the message, else the Teams locale, else English. */
export function turnLanguage(activity: Partial<Activity>, text?: string): Language {
  return chooseLanguage(text ?? '', activityLocale(activity));
}

/** The message text without the bot's @mention and the markup Teams leaves around it. */
export function messageText(activity: Partial<Activity>): string {
  const withoutMention = activity.recipient ? TurnContext.removeRecipientMention(activity) : activity.text;
  return (withoutMention ?? '')
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function actorFor(identity: TeamsIdentity, _config: Config): Actor {
  const email = identity.person?.email ?? identity.email;
  return councilActor(email, 'teams');
}

/** The neutral message the core's assistant receives. */
export function toIncoming(
  activity: Partial<Activity>,
  identity: TeamsIdentity,
  text: string,
  config: Config,
): Incoming {
  const actor = actorFor(identity, config);
  return {
    channel: 'teams',
    channelUserId: identity.aadObjectId ?? identity.teamsUserId,
    person: identity.person,
    email: actor.email,
    isAdmin: actor.isAdmin,
    text,
    locale: activityLocale(activity),
    ...(activity.id ? { clientKey: `teams:${activity.id}` } : {}),
    ...(activity.conversation?.id ? { conversationId: activity.conversation.id } : {}),
  };
}

/**
 * The reference to a conversation, without the id of the activity it came from: a proactive message is a new
 * message in the chat, not a reply to an old one. The tenant is kept in it (conversation.tenantId), so whatever
 * is sent there later goes out through the bot registration of that tenant.
 */
export function conversationReference(activity: Partial<Activity>): Partial<ConversationReference> {
  const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(activity);
  const tenantId =
    activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  if (reference.conversation && !reference.conversation.tenantId && typeof tenantId === 'string') {
    reference.conversation = { ...reference.conversation, tenantId };
  }
  return reference;
}

/** Remembers the sender (and their 1:1 chat) so proactive messages can reach them from any replica. */
export async function rememberSender(context: TurnContext, store: TeamsStore): Promise<void> {
  const activity = context.activity;
  const aadObjectId = activity.from?.aadObjectId;
  if (!aadObjectId || !activity.serviceUrl) return;
  const personal = activity.conversation?.conversationType === 'personal';
  const tenantId =
    activity.conversation?.tenantId ??
    (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ??
    null;
  await store.rememberUser({
    aadObjectId,
    teamsUserId: activity.from.id,
    tenantId,
    serviceUrl: activity.serviceUrl,
    locale: activityLocale(activity),
    personalReference: personal ? conversationReference(activity) : null,
  });
}
