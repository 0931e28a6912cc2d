import type { WebClient } from '@slack/web-api';
import { messagesFor } from '../../core/assistant/index.ts';
import { languageFromLocale, type Language } from '../../core/language/index.ts';
import type { RequestAction } from '../../core/sharing/index.ts';
import type { Notification, Notifier, SharingRequest } from '../../core/sharing/index.ts';
import type { Logger } from '../../logger.ts';
import { actions, sections, type Block } from './blocks/block-kit.ts';
import { renderRequestMessage, requestButtons, type RequestViewer } from './blocks/request-blocks.ts';
import { escapeMrkdwn } from './blocks/text.ts';
import type { SlackCore } from './core.ts';
import type { SlackIdentity } from './identity.ts';
import type { SlackStore } from './slack-store.ts';
import { toUpstreamError } from './slack-errors.ts';
import { currentWorkspace, type SlackWorkspaces } from './workspaces.ts';

/** Posts sharing requests to Slack and keeps every message that shows one up to date. */
export interface RequestMessages {
  /**
   * Posts the request as `viewer` sees it in `channel` (optionally in a thread) and remembers the message. With
   * `replace`, that message of Pont's (a placeholder, or a copy an earlier attempt posted) becomes the request instead.
   */
  post(
    request: SharingRequest,
    viewer: RequestViewer,
    channel: string,
    options?: { threadTs?: string; lead?: Block[]; replace?: string },
  ): Promise<{ channel: string; ts: string }>;
  /** Re-renders every remembered message of the request and updates it in place (chat.update). */
  refresh(requestId: string): Promise<void>;
  /** The Slack notifier for the sharing workflow: DMs by the directory's slack_user_id or users.lookupByEmail. */
  notifier: Notifier;
}

interface Dependencies {
  web: WebClient;
  store: SlackStore;
  identity: SlackIdentity;
  sharing: SlackCore['sharing'];
  /** Each message is posted and updated with the token of the workspace it is in. */
  workspaces: SlackWorkspaces;
  logger: Logger;
}

/**
 * Whether a Slack conversation is one person's direct messages with Pont: an IM id (D…), or a user id (U…, W…),
 * which Slack turns into that person's IM. Channels (C…) and private channels or group DMs (G…) are read by others.
 */
export function isDirect(channel: string): boolean {
  return /^[DUW]/.test(channel);
}

const toRecipient = new Set(['request-routed', 'request-rerouted', 'request-reminder', 'claim-nudge']);
const moveOn = new Set<RequestAction>(['claim', 'decline', 'answer']);

export function createRequestMessages({
  web,
  store,
  identity,
  sharing,
  workspaces,
  logger,
}: Dependencies): RequestMessages {
  const pending = new Map<string, Promise<void>>();

  /** Slack mentions for every person a request names, so messages show people as Slack shows them. */
  async function labels(request: SharingRequest): Promise<(email: string) => string> {
    const emails = [request.requesterEmail, ...request.routedTo, request.claimedBy, request.answeredBy].filter(
      (email): email is string => Boolean(email),
    );
    const known = new Map<string, string>();
    await Promise.all(
      [...new Set(emails.map((email) => email.toLowerCase()))].map(async (email) => {
        const userId = await identity.userIdForEmail(email).catch(() => null);
        if (userId) known.set(email, `<@${userId}>`);
      }),
    );
    return (email) => known.get(email.toLowerCase()) ?? escapeMrkdwn(email);
  }

  async function languageOf(userId: string, fallback: Language): Promise<Language> {
    const user = await identity.resolve(userId).catch(() => null);
    return languageFromLocale(user?.locale) ?? fallback;
  }

  async function post(
    request: SharingRequest,
    viewer: RequestViewer,
    channel: string,
    options: { threadTs?: string; lead?: Block[]; replace?: string } = {},
  ) {
    const label = await labels(request);
    const message = renderRequestMessage(request, viewer, label);
    // NOTE: a direct message goes out from the recipient's own workspace; anything else from the workspace of the
    // work in hand (the channel the person wrote in).
    const workspace =
      (isDirect(channel) ? await workspaces.ofUser(channel) : null) ??
      currentWorkspace() ??
      (await workspaces.ofUser(channel));
    const content = {
      channel,
      text: message.text,
      blocks: [...(options.lead ?? []), ...message.blocks],
      ...(workspace ? { token: workspace.botToken } : {}),
    };
    let result;
    try {
      result = options.replace
        ? await web.chat.update({ ...content, ts: options.replace })
        : await web.chat.postMessage({ ...content, thread_ts: options.threadTs, unfurl_links: false });
    } catch (error) {
      throw toUpstreamError(options.replace ? 'chat.update' : 'chat.postMessage', error);
    }
    const posted = { channel: String(result.channel ?? channel), ts: String(result.ts) };
    await store.saveRequestMessage({
      requestId: request.id,
      channel: posted.channel,
      ts: posted.ts,
      role: viewer.role,
      email: viewer.email,
      language: viewer.language,
      teamId: workspace?.teamId ?? null,
      enterpriseId: workspace?.enterpriseId ?? null,
    });
    return posted;
  }

  async function update(requestId: string): Promise<void> {
    const stored = await store.requestMessages(requestId);
    if (stored.length === 0) return;
    for (const message of stored) {
      try {
        // NOTE: each message shows the request as the core lets its readers see it: a direct message as its one
        // reader, a message in a channel as anyone there (an answer given without consent stays out of it).
        const request = await sharing.get(requestId, {
          viewer: message.email,
          audience: isDirect(message.channel) ? 'private' : 'shared',
        });
        const rendered = renderRequestMessage(
          request,
          { role: message.role, email: message.email, language: message.language },
          await labels(request),
        );
        const workspace = await workspaces.find({ teamId: message.teamId, enterpriseId: message.enterpriseId });
        if (!workspace)
          throw new Error(`Pont is no longer installed in Slack workspace ${message.teamId ?? message.enterpriseId}`);
        await web.chat.update({
          channel: message.channel,
          ts: message.ts,
          text: rendered.text,
          blocks: rendered.blocks,
          token: workspace.botToken,
        });
      } catch (error) {
        // NOTE: one message that cannot be updated (deleted, channel archived) must not stop the others.
        logger.warn(
          { err: toUpstreamError('chat.update', error), requestId, channel: message.channel },
          'Could not update a Slack request message',
        );
      }
    }
  }

  function refresh(requestId: string): Promise<void> {
    // NOTE: steps often come in bursts (routed to three people at once); updates of one request run one after
    // another, and a burst that arrives while one waits shares it.
    const previous = pending.get(requestId);
    const next = (previous ?? Promise.resolve()).catch(() => undefined).then(() => update(requestId));
    pending.set(requestId, next);
    void next
      .finally(() => {
        if (pending.get(requestId) === next) pending.delete(requestId);
      })
      .catch(() => undefined);
    return next;
  }

  const notifier: Notifier = {
    async notify(notification: Notification) {
      const { request, recipientEmail, kind } = notification;
      // Every step updates the messages already shown, wherever the step was taken (Slack, Teams, CLI).
      await refresh(request.id).catch((error: unknown) =>
        logger.warn({ err: error, requestId: request.id }, 'Could not refresh Slack request messages'),
      );

      const userId = await identity.userIdForEmail(recipientEmail).catch((error: unknown) => {
        throw toUpstreamError('users.lookupByEmail', error);
      });
      if (!userId) {
        // NOTE: not on Slack is not a failure: another channel (Teams) may deliver it.
        logger.info(
          { kind, requestId: request.id },
          'Sharing notification recipient has no Slack account; skipped by Slack',
        );
        return;
      }
      const language = await languageOf(userId, request.language);
      const messages = messagesFor(language);
      const label = await labels(request);

      if (kind === 'request-routed' || kind === 'request-rerouted') {
        const lead =
          kind === 'request-rerouted' ? sections(messages.notification(kind, escapeMrkdwn(request.title), null)) : [];
        await post(
          request,
          { role: 'recipient', email: recipientEmail, language, reasons: notification.reasons },
          userId,
          { lead },
        );
        return;
      }
      if (kind === 'request-answered') {
        const lead = sections(
          messages.notification(
            kind,
            escapeMrkdwn(request.title),
            request.answeredBy ? label(request.answeredBy) : null,
          ),
        );
        await post(request, { role: 'requester', email: recipientEmail, language }, userId, { lead });
        return;
      }
      const who = kind === 'request-claimed' && request.claimedBy ? label(request.claimedBy) : null;
      // NOTE: the title is escaped on its own; the person label is already Slack markup (<@U…>).
      const text = messages.notification(kind, escapeMrkdwn(request.title), who);
      const blocks: Block[] = [...sections(text)];
      if (toRecipient.has(kind)) {
        // NOTE: a reminder or a nudge carries the steps that move the request on, as the core lists them for its reader.
        const buttons = requestButtons(
          { ...request, actions: request.actions.filter((action) => moveOn.has(action)) },
          language,
        );
        if (buttons.length > 0) blocks.push(actions(`pont_request_${request.id}`, ...buttons));
      }
      try {
        const workspace = await workspaces.ofUser(userId);
        await web.chat.postMessage({
          channel: userId,
          text,
          blocks,
          ...(workspace ? { token: workspace.botToken } : {}),
        });
      } catch (error) {
        throw toUpstreamError('chat.postMessage', error);
      }
    },
  };

  return { post, refresh, notifier };
}
