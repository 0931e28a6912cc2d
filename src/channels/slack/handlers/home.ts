import type { App } from '@slack/bolt';
import { renderHome } from '../blocks/home-view.ts';
import { toUpstreamError } from '../slack-errors.ts';
import { guard, isDuplicate, languageFor, type HandlerContext } from './context.ts';

/** Builds and publishes a user's Home tab: their profile, their requests, requests sent to them. */
export async function publishHome(context: HandlerContext, userId: string): Promise<void> {
  const user = await context.identity.resolve(userId);
  const language = languageFor(user);
  const email = user.email?.toLowerCase();
  const involving = user.person && email ? await context.core.sharing.list({ involving: email, viewer: email }) : [];
  const myRequests = involving.filter((request) => request.requesterEmail?.toLowerCase() === email);
  const routedToMe = involving.filter(
    (request) =>
      request.requesterEmail?.toLowerCase() !== email &&
      (request.routedTo.some((routed) => routed.toLowerCase() === email) || request.claimedBy?.toLowerCase() === email),
  );
  const view = renderHome({ language, person: user.person, myRequests, routedToMe });
  try {
    await context.web.views.publish({ user_id: userId, view: view as never });
  } catch (error) {
    throw toUpstreamError('views.publish', error);
  }
}

/** The App Home tab is published whenever the user opens it. */
export function registerHome(app: App, context: HandlerContext): void {
  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab && event.tab !== 'home') return;
    const eventId = (body as { event_id?: string }).event_id;
    if (await isDuplicate(context, eventId ? `event:${eventId}` : undefined)) return;
    await guard(
      context,
      { event: 'app_home_opened', userId: event.user },
      () => 'en',
      async () => undefined,
      () => publishHome(context, event.user),
    );
  });
}
