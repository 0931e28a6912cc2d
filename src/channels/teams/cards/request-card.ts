import type { Language } from '../../../core/language/index.ts';
import type { NotificationKind, SharingRequest } from '../../../core/sharing/index.ts';
import { teamsMessages } from '../messages.ts';
import { card, escapeMarkdown, execute, facts, heading, text, type AdaptiveCard, type CardElement } from './card.ts';

/** Verbs of the sharing actions on request cards (`Action.Execute`). */
export const requestVerbs = {
  claim: 'request-claim',
  decline: 'request-decline',
  answer: 'request-answer',
  helpful: 'request-helpful',
  close: 'request-close',
  cancel: 'request-cancel',
  refresh: 'request-refresh',
} as const;

export interface RequestCardOptions {
  /** Who is looking at the card (the request must be as the core shows it to them: its `actions` are theirs). */
  viewerEmail: string | null;
  /** A line at the top: what just happened, or why the person got this card. */
  notice?: string;
  noticeStyle?: 'default' | 'good' | 'attention' | 'warning';
  kind?: NotificationKind;
  reasons?: string[];
  /**
   * In a chat or channel others read too: the Teams ids of the people whose own view of the card Teams fetches
   * when they see it (see `refreshFor`). Absent in a personal chat, where the one reader always refreshes.
   */
  userIds?: string[];
}

/** The most people Teams keeps their own view of one card for (User Specific Views). */
export const maxRefreshUsers = 60;

/**
 * The card's `refresh`: Teams sends it as an `adaptiveCard/action` invoke when the card is seen, and shows the card
 * in the invoke's answer to that person alone. With `userIds`, only those people refresh on their own (at most 60;
 * anyone else may still choose Refresh on the message); without, everyone in a chat of up to 60 members does.
 * See https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/user-specific-views
 */
function refreshFor(
  request: SharingRequest,
  kind: NotificationKind | undefined,
  userIds: string[] | undefined,
): CardElement {
  const data = kind ? { requestId: request.id, kind } : { requestId: request.id };
  return {
    action: { type: 'Action.Execute', title: 'refresh', verb: requestVerbs.refresh, data },
    ...(userIds ? { userIds: [...new Set(userIds)].slice(0, maxRefreshUsers) } : {}),
  };
}

/** The facts every reader may see: the request, its status and who holds it (the core has left out what they may not). */
function requestBody(request: Omit<SharingRequest, 'actions'>, language: Language, why: string): CardElement[] {
  const messages = teamsMessages(language);
  const body: CardElement[] = [heading(escapeMarkdown(request.title))];
  if (request.detail && request.detail !== request.title) body.push(text(escapeMarkdown(request.detail)));
  body.push(
    facts([
      [messages.request, request.id],
      [messages.requestStatus, messages.status[request.status]],
      [messages.routedTo, escapeMarkdown(request.routedTo.join(', '))],
      [messages.claimedBy, escapeMarkdown(request.claimedBy ?? '')],
      [messages.answeredBy, escapeMarkdown(request.answeredBy ?? '')],
      [messages.why, why],
    ]),
  );
  if (request.answer) {
    body.push(text(messages.answer, { weight: 'Bolder', spacing: 'Medium' }), text(escapeMarkdown(request.answer)));
  }
  return body;
}

/**
 * The card everyone in a chat or channel sees (the base card of User Specific Views): the request as the core
 * shows it to anyone there (`audience: 'shared'`), with no buttons. The people who may act (`userIds`) see their
 * own card, with their buttons, through the refresh; nobody's buttons are ever shown to the others.
 */
export function sharedRequestCard(
  request: SharingRequest,
  language: Language,
  options: { userIds: string[] },
): AdaptiveCard {
  return card(requestBody(request, language, ''), [], { refresh: refreshFor(request, undefined, options.userIds) });
}

/**
 * A sharing request as a card. The actions depend on the viewer and the request's state, and the card asks
 * Teams to refresh it when viewed, so a card sent hours ago shows who has since picked the request up.
 */
export function requestCard(request: SharingRequest, language: Language, options: RequestCardOptions): AdaptiveCard {
  const messages = teamsMessages(language);
  const viewer = options.viewerEmail?.toLowerCase() ?? null;
  const body: CardElement[] = [];
  if (options.notice) body.push(text(options.notice, { weight: 'Bolder', color: toColor(options.noticeStyle) }));
  body.push(
    ...requestBody(
      request,
      language,
      viewer && request.routedTo.includes(viewer) ? escapeMarkdown((options.reasons ?? []).join('; ')) : '',
    ),
  );

  const data = { requestId: request.id };
  const actions: CardElement[] = [];
  // NOTE: exactly the actions the core lists for this viewer, in its order; the card decides none of them.
  for (const action of request.actions) {
    if (action === 'claim') actions.push(execute(messages.claim, requestVerbs.claim, data, { style: 'positive' }));
    else if (action === 'decline') actions.push(execute(messages.notMe, requestVerbs.decline, data));
    else if (action === 'answer') {
      body.push(
        {
          type: 'Input.Text',
          id: 'answer',
          label: messages.yourAnswer,
          isMultiline: true,
          maxLength: 4000,
          isRequired: true,
          errorMessage: messages.yourAnswer,
        },
        {
          type: 'Input.Toggle',
          id: 'consentToShare',
          title: messages.consentToShare,
          value: 'true',
          valueOn: 'true',
          valueOff: 'false',
        },
      );
      actions.push(
        execute(messages.sendAnswer, requestVerbs.answer, data, { style: 'positive', associatedInputs: 'auto' }),
      );
    } else if (action === 'markHelpful') {
      actions.push(
        execute(messages.markHelpful, requestVerbs.helpful, { ...data, helpful: true }),
        execute(messages.markNotHelpful, requestVerbs.helpful, { ...data, helpful: false }),
      );
    } else if (action === 'close') actions.push(execute(messages.closeRequest, requestVerbs.close, data));
    else actions.push(execute(messages.cancelRequest, requestVerbs.cancel, data));
  }

  // NOTE: the refresh carries the notification kind, so a refreshed card keeps saying why it was sent.
  return card(body, actions, { refresh: refreshFor(request, options.kind, options.userIds) });
}

function toColor(style: RequestCardOptions['noticeStyle']): string {
  if (style === 'good') return 'Good';
  if (style === 'attention') return 'Attention';
  if (style === 'warning') return 'Warning';
  return 'Default';
}
