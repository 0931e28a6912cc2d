import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import { messagesFor } from '../../../core/assistant/index.ts';
import type { SharingRequest } from '../../../core/sharing/index.ts';
import { ForbiddenError } from '../../../errors.ts';
import { holdUntilAnswered } from '../../after-response.ts';
import { context as contextBlock, type Block } from '../blocks/block-kit.ts';
import { answerModal, profileModal, shareModal } from '../blocks/modals.ts';
import { actionIds } from '../ids.ts';
import { slackMessagesFor } from '../messages.ts';
import { cannotPostCodes, slackErrorCode, toUpstreamError } from '../slack-errors.ts';
import { actorFor, guard, isDuplicate, languageFor, type HandlerContext } from './context.ts';
import type { SlackUser } from '../identity.ts';
import { publishHome } from './home.ts';

type ButtonBody = BlockAction<ButtonAction>;

interface ActionInput {
  body: ButtonBody;
  action: ButtonAction;
  respond: RespondFn;
  user: SlackUser;
}

async function openView(context: HandlerContext, triggerId: string, view: Block): Promise<void> {
  try {
    await context.web.views.open({ trigger_id: triggerId, view: view as never });
  } catch (error) {
    throw toUpstreamError('views.open', error);
  }
}

/** The thread a button's message sits in, so a follow-up lands in the same place. */
function threadOf(body: ButtonBody): { channel?: string; threadTs?: string } {
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  return {
    channel: body.channel?.id ?? body.container?.channel_id,
    threadTs: message?.thread_ts ?? message?.ts ?? body.container?.thread_ts,
  };
}

const handlers: Record<string, (context: HandlerContext, input: ActionInput) => Promise<void>> = {
  async [actionIds.feedbackHelpful](context, { action, respond, user }) {
    await context.core.assistant.feedback(String(action.value), true, user.email ?? `slack:${user.userId}`);
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: messagesFor(languageFor(user)).thanksForFeedback,
    });
  },
  async [actionIds.feedbackNotHelpful](context, { action, respond, user }) {
    await context.core.assistant.feedback(String(action.value), false, user.email ?? `slack:${user.userId}`);
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: messagesFor(languageFor(user)).thanksForFeedback,
    });
  },
  async [actionIds.askAPerson](context, { body, action, user }) {
    await openView(
      context,
      body.trigger_id,
      shareModal(
        languageFor(user, String(action.value ?? '')),
        String(action.value ?? ''),
        threadOf(body),
        user.person?.council,
      ),
    );
  },
  async [actionIds.confirmShare](context, { body, action, user }) {
    await openView(
      context,
      body.trigger_id,
      shareModal(
        languageFor(user, String(action.value ?? '')),
        String(action.value ?? ''),
        threadOf(body),
        user.person?.council,
      ),
    );
  },
  async [actionIds.shareInChannel](context, { body, action, respond, user }) {
    const language = languageFor(user);
    const lookup = await context.store.takeLookup(String(action.value), user.userId);
    if (!lookup) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: slackMessagesFor(language).lookupGone,
      });
      return;
    }
    const channel = body.channel?.id ?? body.container?.channel_id;
    try {
      await context.web.chat.postMessage({
        channel: String(channel),
        text: lookup.text,
        blocks: [
          ...(lookup.blocks as Block[]),
          contextBlock(slackMessagesFor(language).sharedBy(`<@${user.userId}>`)),
        ] as never,
        unfurl_links: false,
      });
    } catch (error) {
      if (cannotPostCodes.has(slackErrorCode(error) ?? '')) {
        context.logger.info({ channel, code: slackErrorCode(error) }, 'Pont cannot post in this channel');
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: slackMessagesFor(language).cannotPostHere,
        });
        return;
      }
      throw toUpstreamError('chat.postMessage', error);
    }
    await respond({ delete_original: true });
  },
  async [actionIds.claim](context, { body, action, user }) {
    // The claimer answers in a modal straight away (or later with the Answer button). NOTE: the trigger_id
    // expires 3 seconds after the click, so only the claim itself (the database) comes before the modal: the
    // requester's notification and the updates of every message showing the request are held until it is open.
    const held = holdUntilAnswered(async () => {
      const claimed = await context.core.sharing.claim(String(action.value), actorFor(user));
      await openView(context, body.trigger_id, answerModal(languageFor(user), claimed));
      return claimed;
    });
    let request: SharingRequest;
    try {
      request = await held.result;
    } finally {
      await held.release((error) =>
        context.logger.error(
          { err: error, requestId: String(action.value) },
          'Slack: work after opening the answer form failed',
        ),
      );
    }
    await context.requests.refresh(request.id);
  },
  async [actionIds.decline](context, { action, respond, user }) {
    const request = await context.core.sharing.decline(String(action.value), actorFor(user));
    await context.requests.refresh(request.id);
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: slackMessagesFor(languageFor(user)).declined,
    });
  },
  async [actionIds.answer](context, { body, action, user }) {
    const request = await context.core.sharing.get(String(action.value), {
      viewer: user.email ?? null,
      isAdmin: user.isAdmin,
    });
    if (!user.email || request.claimedBy?.toLowerCase() !== user.email)
      throw new ForbiddenError('Only the person who picked up the request can answer it.');
    await openView(context, body.trigger_id, answerModal(languageFor(user), request));
  },
  async [actionIds.markHelpful](context, { action, user }) {
    const request = await context.core.sharing.markHelpful(String(action.value), true, actorFor(user));
    await context.requests.refresh(request.id);
  },
  async [actionIds.markNotHelpful](context, { action, user }) {
    const request = await context.core.sharing.markHelpful(String(action.value), false, actorFor(user));
    await context.requests.refresh(request.id);
  },
  async [actionIds.close](context, { action, user }) {
    const request = await context.core.sharing.close(String(action.value), actorFor(user));
    await context.requests.refresh(request.id);
  },
  async [actionIds.cancel](context, { action, user }) {
    const request = await context.core.sharing.cancel(String(action.value), actorFor(user));
    await context.requests.refresh(request.id);
  },
  async [actionIds.editProfile](context, { body, user }) {
    if (!user.person) {
      await context.web.chat.postMessage({ channel: user.userId, text: messagesFor(languageFor(user)).notInDirectory });
      return;
    }
    await openView(context, body.trigger_id, profileModal(languageFor(user), user.person));
  },
};

/** Every button Pont puts in a message, a modal or the Home tab. Each is acknowledged first. */
export function registerActions(app: App, context: HandlerContext): void {
  // NOTE: one listener for all of Pont's buttons, not one each: Bolt runs every listener's filters for every
  // delivery, so fewer listeners is less work per command and event too.
  const buttons = new RegExp(`^(${Object.keys(handlers).join('|')})$`);
  app.action<ButtonBody>({ action_id: buttons }, async ({ ack, body, action, respond }) => {
    await ack();
    const actionId = action.action_id;
    const handle = handlers[actionId];
    if (!handle || (await isDuplicate(context, `action:${body.trigger_id}`))) return;
    let language = languageFor(null);
    const tell = async (text: string) => {
      if (body.response_url) {
        await respond({ response_type: 'ephemeral', replace_original: false, text });
      } else {
        await context.web.chat.postMessage({ channel: body.user.id, text });
      }
    };
    await guard(
      context,
      { actionId, userId: body.user.id },
      () => language,
      tell,
      async () => {
        const user = await context.identity.resolve(body.user.id);
        language = languageFor(user);
        await handle(context, { body, action, respond, user });
        // A button pressed on the Home tab changes what it shows: publish it again.
        if ((body.view as { type?: string } | undefined)?.type === 'home' && actionId !== actionIds.editProfile)
          await publishHome(context, body.user.id);
      },
    );
  });
}
