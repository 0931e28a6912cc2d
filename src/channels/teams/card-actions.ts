import { ActivityTypes, CardFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import type { Application } from '@microsoft/teams-ai';
import { describeError } from '../../core/assistant/index.ts';
import { languageFromLocale, type Language } from '../../core/language/index.ts';
import type { NotificationKind, SharingRequest } from '../../core/sharing/index.ts';
import { noTargetChosen, targetFromChoices } from '../../core/sharing/index.ts';
import { errorMessageIn, isPontError } from '../../errors.ts';
import { afterAnswer } from '../after-response.ts';
import {
  noticeCard,
  replyCard,
  replyVerbs,
  requestCard,
  requestVerbs,
  shareFormCard,
  type AdaptiveCard,
} from './cards/index.ts';
import type { TeamsIdentity } from './identity.ts';
import { teamsMessages } from './messages.ts';
import { createSharedRequestCards, isSharedConversation } from './shared-cards.ts';
import { actorFor, conversationReference, rememberSender, turnLanguage, type TeamsHandlerContext } from './turn.ts';

type ActionData = Record<string, unknown>;

const asText = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const notificationKinds = new Set<string>(Object.keys(teamsMessages('en').notification));
const isNotificationKind = (value: string): value is NotificationKind => notificationKinds.has(value);
const asFlag = (value: unknown): boolean => value === true || value === 'true';

/**
 * Answers the person who pressed (or whose Teams refreshed the card) with `card`, and leaves the message as it is
 * for everyone else: Teams shows an invoke's card to that person alone. Answered here rather than by returning the
 * card to teams-ai, which replaces the message for everyone when the card has a `refresh`.
 */
async function onlyForPresser(context: TurnContext, card: AdaptiveCard): Promise<AdaptiveCard> {
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } },
  });
  return card;
}

/**
 * Universal Actions (`Action.Execute`, invoke `adaptiveCard/action`): feedback on answers, "Ask a person",
 * and the sharing workflow (claim, not me, answer, helpful, close, refresh). Each returns the card that
 * replaces the one the user pressed; a stale or foreign request changes nothing and says so on the card.
 */
export function registerCardActions(app: Application, handler: TeamsHandlerContext): void {
  const { core, config, logger } = handler;
  const shared = createSharedRequestCards(handler);

  async function who(context: TurnContext): Promise<TeamsIdentity> {
    await rememberSender(context, handler.store);
    return handler.identity.resolve(context);
  }

  function unknown(language: Language): AdaptiveCard {
    return noticeCard(teamsMessages(language).unknownUser(config.fallbackContact), 'attention');
  }

  /**
   * Brings the cards Pont sent about this request up to date: the one pressed (in a personal chat its one reader's
   * card; in a group chat or channel the card everyone there sees), the other routed people's cards, and the cards
   * in group chats and channels.
   */
  async function updateCards(
    pressed: { activity: Activity; card: AdaptiveCard },
    request: SharingRequest,
  ): Promise<void> {
    const conversationId = pressed.activity.conversation.id;
    const activityId = pressed.activity.replyToId;
    if (activityId) {
      try {
        const card = isSharedConversation(pressed.activity)
          ? await shared.render(request.id, request.language)
          : pressed.card;
        await handler.proactive.updateCard(conversationReference(pressed.activity), activityId, card);
      } catch (error) {
        logger.warn({ err: error, requestId: request.id, activityId }, 'could not update the pressed Teams card');
      }
    }
    for (const sent of await handler.store.cardsFor(request.id)) {
      if (sent.conversationId === conversationId && sent.activityId === activityId) continue;
      try {
        if (sent.recipientEmail === null) {
          // NOTE: the card everyone in a group chat or channel reads shows only what anyone there may see.
          await handler.proactive.updateCard(
            sent.reference,
            sent.activityId,
            await shared.render(request.id, request.language),
          );
          continue;
        }
        // NOTE: the requester's cards are news about progress; each step sends them a new one.
        if (sent.recipientEmail === request.requesterEmail?.toLowerCase()) continue;
        const recipient = await handler.store.findByEmail(sent.recipientEmail);
        const language = languageFromLocale(recipient?.locale) ?? request.language;
        // NOTE: each card shows the request as its recipient may see it, not as the person who pressed the button.
        const seen = await core.sharing.get(request.id, { viewer: sent.recipientEmail });
        if (seen.requesterEmail !== null && sent.recipientEmail === seen.requesterEmail.toLowerCase()) continue;
        await handler.proactive.updateCard(
          sent.reference,
          sent.activityId,
          requestCard(seen, language, { viewerEmail: sent.recipientEmail }),
        );
      } catch (error) {
        // NOTE: the card also refreshes itself when viewed (Action.Execute refresh), so a failed update is only logged.
        logger.warn(
          { err: error, requestId: request.id, activityId: sent.activityId },
          'could not update a Teams card in place',
        );
      }
    }
  }

  /** Replaces the share form that was sent with the request it opened. */
  async function replaceForm(activity: Activity, card: AdaptiveCard, request: SharingRequest): Promise<void> {
    const activityId = activity.replyToId;
    if (!activityId) return;
    const reference = conversationReference(activity);
    try {
      if (!isSharedConversation(activity)) {
        await handler.proactive.updateCard(reference, activityId, card);
        return;
      }
      await handler.proactive.updateCard(reference, activityId, await shared.render(request.id, request.language));
      await handler.store.saveCard({
        conversationId: activity.conversation.id,
        activityId,
        requestId: request.id,
        recipientEmail: null,
        reference,
      });
    } catch (error) {
      logger.warn(
        { err: error, requestId: request.id, activityId },
        'could not replace the Teams share form with its request',
      );
    }
  }

  /** Runs a sharing action; a stale or foreign request id, or a conflict, gives a card that says nothing changed. */
  function requestAction(
    verb: string,
    act: (
      requestId: string,
      data: ActionData,
      identity: TeamsIdentity,
      language: Language,
    ) => Promise<{ request: SharingRequest; notice?: string; kind?: NotificationKind }>,
  ) {
    app.adaptiveCards.actionExecute<ActionData>(verb, async (context, _state, data) => {
      const language = turnLanguage(context.activity);
      const messages = teamsMessages(language);
      const identity = await who(context);
      const requestId = asText(data.requestId);
      const viewerEmail = identity.person?.email ?? null;
      const inShared = isSharedConversation(context.activity);
      try {
        if (!requestId) return onlyForPresser(context, noticeCard(messages.staleAction, 'attention'));
        if (verb !== requestVerbs.refresh && !identity.person) return onlyForPresser(context, unknown(language));
        const { request, notice, kind } = await act(requestId, data, identity, language);
        // NOTE: in a group chat or channel the presser's own card names the same people as the shared one, so
        // Teams keeps fetching each of them their own view.
        const userIds = inShared ? await shared.userIds(request.id) : undefined;
        const options = { viewerEmail, ...(userIds ? { userIds } : {}) };
        if (notice) {
          const answer = requestCard(request, language, { ...options, notice, noticeStyle: 'good' });
          // NOTE: the presser's card is the invoke's answer; the message itself and other people's cards are updated after it has gone.
          const activity = context.activity;
          await afterAnswer(() => updateCards({ activity, card: answer }, request));
          return onlyForPresser(context, answer);
        }
        // NOTE: a refresh changes nothing, so the message stays as it is: only this viewer's card is answered.
        return onlyForPresser(
          context,
          requestCard(request, language, {
            ...options,
            ...(kind ? { kind, notice: messages.notification[kind] } : {}),
          }),
        );
      } catch (error) {
        if (!isPontError(error) || error.code === 'upstream' || error.code === 'configuration') throw error;
        logger.info({ requestId, verb, code: error.code, user: identity.aadObjectId }, 'Teams card action refused');
        if (error.code === 'not_found' || error.code === 'forbidden')
          return onlyForPresser(context, noticeCard(messages.staleAction, 'attention'));
        const current = await core.sharing.get(requestId, { viewer: viewerEmail }).catch(() => null);
        const notice = describeError(error, language);
        return onlyForPresser(
          context,
          current
            ? requestCard(current, language, { viewerEmail, notice, noticeStyle: 'attention' })
            : noticeCard(notice, 'attention'),
        );
      }
    });
  }

  const needsPerson = (identity: TeamsIdentity) => actorFor(identity, config);

  requestAction(requestVerbs.claim, async (id, _data, identity, language) => ({
    request: await core.sharing.claim(id, needsPerson(identity)),
    notice: teamsMessages(language).claimed,
  }));
  requestAction(requestVerbs.decline, async (id, _data, identity, language) => ({
    request: await core.sharing.decline(id, needsPerson(identity)),
    notice: teamsMessages(language).declined,
  }));
  requestAction(requestVerbs.answer, async (id, data, identity, language) => ({
    request: await core.sharing.answer(id, asText(data.answer), needsPerson(identity), {
      consentToShare: asFlag(data.consentToShare),
    }),
    notice: teamsMessages(language).answered,
  }));
  requestAction(requestVerbs.helpful, async (id, data, identity, language) => ({
    request: await core.sharing.markHelpful(id, asFlag(data.helpful), needsPerson(identity)),
    notice: teamsMessages(language).helpfulRecorded,
  }));
  requestAction(requestVerbs.close, async (id, _data, identity, language) => ({
    request: await core.sharing.close(id, needsPerson(identity)),
    notice: teamsMessages(language).closed,
  }));
  requestAction(requestVerbs.cancel, async (id, _data, identity, language) => ({
    request: await core.sharing.cancel(id, needsPerson(identity)),
    notice: teamsMessages(language).requestWithdrawn,
  }));
  requestAction(requestVerbs.refresh, async (id, data, identity) => {
    const kind = asText(data.kind);
    return {
      request: await core.sharing.get(id, {
        viewer: identity.person?.email ?? null,
        isAdmin: needsPerson(identity).isAdmin,
      }),
      ...(isNotificationKind(kind) ? { kind } : {}),
    };
  });

  app.adaptiveCards.actionExecute<ActionData>(replyVerbs.feedback, async (context, _state, data) => {
    const messages = teamsMessages(turnLanguage(context.activity));
    const identity = await who(context);
    const answerId = asText(data.answerId);
    if (!answerId) return messages.feedbackNotRecorded;
    const actor = actorFor(identity, config);
    try {
      await core.assistant.feedback(
        answerId,
        asFlag(data.helpful),
        actor.email ?? identity.aadObjectId ?? identity.teamsUserId,
      );
    } catch (error) {
      if (isPontError(error) && (error.code === 'not_found' || error.code === 'validation'))
        return messages.feedbackNotRecorded;
      throw error;
    }
    return messages.feedbackThanks;
  });

  app.adaptiveCards.actionExecute<ActionData>(replyVerbs.askPerson, async (context, _state, data) => {
    const question = asText(data.question);
    const language = turnLanguage(context.activity, question);
    const identity = await who(context);
    if (!identity.person) return onlyForPresser(context, unknown(language));
    // NOTE: the form comes as a new message so the answer card stays readable above it.
    await context.sendActivity(
      MessageFactory.attachment(
        CardFactory.adaptiveCard(shareFormCard(language, question, undefined, identity.person.council)),
      ),
    );
    return teamsMessages(language).requestPrompt;
  });

  app.adaptiveCards.actionExecute<ActionData>(replyVerbs.shareCancel, async (context) =>
    noticeCard(teamsMessages(turnLanguage(context.activity)).requestCancelled),
  );

  app.adaptiveCards.actionExecute<ActionData>(replyVerbs.shareSend, async (context, _state, data) => {
    const request = asText(data.request);
    const language = turnLanguage(context.activity, request);
    const messages = teamsMessages(language);
    const identity = await who(context);
    const actor = actorFor(identity, config);
    if (!identity.person || !actor.email) return onlyForPresser(context, unknown(language));
    const own = identity.person.council;
    if (!request) return shareFormCard(language, '', messages.requestEmpty, own);
    // NOTE: a card sent before the councils were offered has no choice: it goes to the other councils.
    const target = data.target === undefined ? 'other' : targetFromChoices(asText(data.target).split(','));
    if (!target) return shareFormCard(language, request, noTargetChosen[language], own);
    try {
      const opened = await core.sharing.open({
        text: request,
        fromEmail: actor.email,
        target,
        language,
        ...(context.activity.id ? { clientKey: `teams:${context.activity.id}` } : {}),
      });
      const inShared = isSharedConversation(context.activity);
      const userIds = inShared ? await shared.userIds(opened.id) : undefined;
      const answer = requestCard(opened, language, {
        viewerEmail: actor.email,
        notice: messages.requestOpened(opened.routedTo.join(', ')),
        noticeStyle: 'good',
        ...(userIds ? { userIds } : {}),
      });
      // NOTE: the form becomes the request's card after the answer: in a group chat or channel the card everyone
      // there may see (and it is kept up to date from then on), in a personal chat the requester's own.
      const activity = context.activity;
      await afterAnswer(() => replaceForm(activity, answer, opened));
      return onlyForPresser(context, answer);
    } catch (error) {
      if (isPontError(error) && error.code === 'validation')
        return shareFormCard(language, request, errorMessageIn(error, language), own);
      throw error;
    }
  });

  app.adaptiveCards.actionExecute<ActionData>(replyVerbs.profileSave, async (context, _state, data) => {
    const language = turnLanguage(context.activity);
    const identity = await who(context);
    if (!identity.person || !identity.aadObjectId) return onlyForPresser(context, unknown(language));
    const skills = asText(data.skills)
      .split(/[;,\n]/)
      .map((skill) => skill.trim())
      .filter(Boolean);
    const welshLevel = Number(asText(data.welshLevel));
    try {
      const person = await core.people.updateProfile(
        identity.person.email,
        { skills, ...(Number.isInteger(welshLevel) ? { welshLevel } : {}), visible: asFlag(data.visible) },
        actorFor(identity, config),
      );
      handler.identity.forget(identity.aadObjectId);
      return replyCard(
        { kind: 'profile', language, text: teamsMessages(language).profileSaved, person },
        { viewerEmail: person.email },
      );
    } catch (error) {
      if (isPontError(error) && error.code === 'validation')
        return noticeCard(errorMessageIn(error, language), 'attention');
      throw error;
    }
  });

  // NOTE: registered last: a verb from an older card that this version no longer knows changes nothing.
  app.adaptiveCards.actionExecute<ActionData>(/.*/, async (context) =>
    onlyForPresser(context, noticeCard(teamsMessages(turnLanguage(context.activity)).staleAction, 'attention')),
  );
}
