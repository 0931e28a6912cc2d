import type { Activity } from 'botbuilder';
import type { Language } from '../../core/language/index.ts';
import { maxRefreshUsers, sharedRequestCard, type AdaptiveCard } from './cards/index.ts';
import type { TeamsHandlerContext } from './turn.ts';

/** Whether others read what is posted where `activity` came from (a group chat or a channel), not one person alone. */
export function isSharedConversation(activity: Partial<Activity>): boolean {
  const conversation = activity.conversation;
  return (
    conversation?.isGroup === true ||
    conversation?.conversationType === 'groupChat' ||
    conversation?.conversationType === 'channel'
  );
}

/**
 * Request cards in chats and channels many people read. The message itself holds the viewer-neutral card; the
 * people who take part in the request are named in its refresh, so Teams fetches their own card (with their
 * buttons) and shows it to them alone.
 */
export function createSharedRequestCards(handler: Pick<TeamsHandlerContext, 'core' | 'store'>) {
  /** The Teams ids of everyone who takes part in the request (asked it, was asked, picked it up, answered), as far as Pont knows them. */
  async function userIds(requestId: string): Promise<string[]> {
    // NOTE: read with no viewer (the workflow's own view) only to know whom to name; none of it is shown.
    const request = await handler.core.sharing.get(requestId);
    const emails = [request.requesterEmail, request.claimedBy, request.answeredBy, ...request.routedTo].filter(
      (email): email is string => Boolean(email),
    );
    const ids: string[] = [];
    for (const email of new Set(emails.map((email) => email.toLowerCase()))) {
      const user = await handler.store.findByEmail(email);
      if (user) ids.push(user.teamsUserId);
      if (ids.length >= maxRefreshUsers) break;
    }
    return ids;
  }

  return {
    userIds,
    /** The card everyone in a shared conversation sees for the request, as it stands now. */
    async render(requestId: string, language: Language): Promise<AdaptiveCard> {
      const [request, ids] = await Promise.all([
        handler.core.sharing.get(requestId, { audience: 'shared' }),
        userIds(requestId),
      ]);
      return sharedRequestCard(request, language, { userIds: ids });
    },
  };
}

export type SharedRequestCards = ReturnType<typeof createSharedRequestCards>;
