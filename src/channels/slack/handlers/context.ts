import { actorFor as councilActor, councilIds } from '../../../core/councils/index.ts';
import type { WebClient } from '@slack/web-api';
import { chooseLanguage, describeError } from '../../../core/assistant/index.ts';
import { messagesFor } from '../../../core/assistant/index.ts';
import type { Incoming } from '../../../core/assistant/index.ts';
import type { Language } from '../../../core/language/index.ts';
import type { Actor } from '../../../core/people/index.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../errors.ts';
import type { Logger } from '../../../logger.ts';
import type { SlackMessage } from '../blocks/reply-blocks.ts';
import { chunkBlocks } from '../blocks/block-kit.ts';
import type { SlackCore } from '../core.ts';
import type { SlackIdentity, SlackUser } from '../identity.ts';
import type { RequestMessages } from '../request-messages.ts';
import type { SlackStore } from '../slack-store.ts';
import { toUpstreamError } from '../slack-errors.ts';
import { answerMetadata, type AnswerMark } from './posted-answers.ts';

/** Everything a Slack handler needs. */
export interface HandlerContext {
  core: SlackCore;
  web: WebClient;
  store: SlackStore;
  identity: SlackIdentity;
  requests: RequestMessages;
  /** Where answer work is recorded before the acknowledgement and done afterwards (commands and messages). */
  inbox: SlackCore['inbox'];
  logger: Logger;
}

/** The neutral message the core understands, from a Slack user and their text. */
export function incomingFrom(user: SlackUser, text: string, clientKey: string, conversationId?: string): Incoming {
  return {
    channel: 'slack',
    channelUserId: user.userId,
    person: user.person,
    email: user.email,
    isAdmin: user.isAdmin,
    text,
    locale: user.locale,
    clientKey,
    conversationId,
  };
}

export function actorFor(user: SlackUser): Actor {
  const actor = councilActor(user.email, 'slack');
  // NOTE: an admin by the Slack channel's own admin list (its tests) but not by the councils administers every council, as before.
  return user.isAdmin && !actor.isAdmin ? { ...actor, isAdmin: true, adminOf: councilIds() } : actor;
}

/** The language to answer a user in: the core's choice from the text, else their Slack locale. */
export function languageFor(user: SlackUser | null, text = ''): Language {
  return chooseLanguage(text, user?.locale);
}

/** True when this delivery was already handled (a Slack retry, or the same trigger twice). */
export async function isDuplicate(context: HandlerContext, key: string | undefined): Promise<boolean> {
  if (!key) return false;
  const first = await context.store.firstDelivery(key);
  if (!first) context.logger.info({ key }, 'Slack delivery already handled; ignoring the retry');
  return !first;
}

/** A mistake the person can see and fix (bad input, not allowed, not found, taken): trying again changes nothing. */
export function isExpected(error: unknown): boolean {
  return (
    error instanceof ValidationError ||
    error instanceof ConflictError ||
    error instanceof ForbiddenError ||
    error instanceof NotFoundError
  );
}

/**
 * The error boundary of work done from the inbox: an expected error is told to the user through `tell` and
 * the work is over; any other error is thrown, so the inbox tries again and, if it keeps failing, tells the
 * person once (see `giveUpText`).
 */
export async function guardWork(
  context: HandlerContext,
  details: Record<string, unknown>,
  language: () => Language,
  tell: (text: string) => Promise<unknown>,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!isExpected(error)) throw error;
    context.logger.info({ err: error, ...details }, 'Slack work refused');
    try {
      await tell(describeError(error, language()));
    } catch (reportError) {
      context.logger.error({ err: reportError, ...details }, 'Could not tell the Slack user about an error');
    }
  }
}

/** What a person is told, in their language, when their message could not be answered after every retry. */
export async function giveUpText(context: HandlerContext, userId: string, text: string): Promise<string> {
  const user = await context.identity.resolve(userId).catch(() => null);
  return messagesFor(languageFor(user, text)).errorGaveUp;
}

/**
 * The channel's error boundary: runs `work`, and on failure logs it with `details` and tells the user
 * through `tell` (never throws, so one bad event cannot take the process down).
 */
export async function guard(
  context: HandlerContext,
  details: Record<string, unknown>,
  language: () => Language,
  tell: (text: string) => Promise<unknown>,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    const expected = isExpected(error);
    context.logger[expected ? 'info' : 'error']({ err: error, ...details }, 'Slack handler failed');
    try {
      await tell(describeError(error, language()));
    } catch (reportError) {
      context.logger.error({ err: reportError, ...details }, 'Could not tell the Slack user about an error');
    }
  }
}

/** Posts a message (in a thread when given), split over several messages when it has more than 50 blocks. */
export async function postMessage(
  web: WebClient,
  channel: string,
  message: SlackMessage,
  threadTs?: string,
  mark?: AnswerMark,
): Promise<{ channel: string; ts: string }[]> {
  const posted: { channel: string; ts: string }[] = [];
  const chunks = chunkBlocks(message.blocks);
  for (const [part, blocks] of chunks.entries()) {
    try {
      const result = await web.chat.postMessage({
        channel,
        text: message.text,
        blocks,
        thread_ts: threadTs,
        unfurl_links: false,
        // NOTE: an answer carries the work it answers, so a retry after a crash can find it (posted-answers.ts).
        ...(mark ? { metadata: answerMetadata(mark, part, chunks.length) } : {}),
      });
      posted.push({ channel: String(result.channel ?? channel), ts: String(result.ts) });
    } catch (error) {
      throw toUpstreamError('chat.postMessage', error);
    }
  }
  return posted;
}
