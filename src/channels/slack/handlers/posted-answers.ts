import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../../logger.ts';
import { chunkBlocks } from '../blocks/block-kit.ts';
import type { SlackMessage } from '../blocks/reply-blocks.ts';
import { slackErrorCode, toUpstreamError } from '../slack-errors.ts';

/** The `event_type` of the metadata Pont attaches to an answer it posts (chat.postMessage `metadata`). */
export const answerEventType = 'pont_answer';

/** Which piece of work an answer message belongs to, and where it sits in the answer. */
export interface AnswerMark {
  /** The inbox key of the delivery the answer is for. */
  work: string;
  /** The provisional streamed message the answer replaces, deleted once the answer is posted. */
  provisional?: string;
}

/** The metadata of part `part` of `parts` of an answer. */
export function answerMetadata(
  mark: AnswerMark,
  part: number,
  parts: number,
): { event_type: string; event_payload: Record<string, string | number> } {
  return {
    event_type: answerEventType,
    event_payload: {
      work: mark.work,
      part,
      parts,
      ...(mark.provisional ? { provisional: mark.provisional } : {}),
    },
  };
}

/** Threads read at most, in pages of this many messages. */
const pageSize = 200;
const maxPages = 5;

/** An answer an earlier attempt posted in a thread, as far as it got. */
export interface PostedAnswer {
  /** The message of each part found, by part number (a part not found is missing). */
  shown: (string | null)[];
  /** True when every part is there. */
  complete: boolean;
  /** The provisional streamed message the answer replaced, if it was streamed. */
  provisional?: string;
}

/**
 * The answer to `work` as far as it is already in the thread: posted by an earlier attempt whose process died before
 * it could record the work done, in full or only its first parts. Reads the thread back with its metadata
 * (conversations.replies, which Pont may do in DMs with `im:history`). Null when none of it is there or the thread
 * cannot be read (a channel Pont may not read, a rate limit): the answer is then posted, as before.
 */
export async function findPostedAnswer(
  web: WebClient,
  logger: Logger,
  target: { channel: string; threadTs: string },
  work: string,
): Promise<PostedAnswer | null> {
  let cursor: string | undefined;
  const shown: (string | null)[] = [];
  let complete = false;
  let provisional: string | undefined;
  try {
    for (let page = 0; page < maxPages; page += 1) {
      const result = await web.conversations.replies({
        channel: target.channel,
        ts: target.threadTs,
        include_all_metadata: true,
        limit: pageSize,
        ...(cursor ? { cursor } : {}),
      });
      for (const message of result.messages ?? []) {
        const metadata = message.metadata as
          | {
              event_type?: string;
              event_payload?: { work?: unknown; part?: unknown; parts?: unknown; provisional?: unknown };
            }
          | undefined;
        const payload = metadata?.event_payload;
        if (metadata?.event_type !== answerEventType || payload?.work !== work) continue;
        if (typeof payload.part !== 'number' || typeof payload.parts !== 'number' || !message.ts) continue;
        for (let part = shown.length; part < payload.part; part += 1) shown.push(null);
        shown[payload.part] = message.ts;
        // NOTE: the parts are posted in order, so the last one there means the whole answer is.
        if (payload.part === payload.parts - 1) complete = true;
        if (typeof payload.provisional === 'string') provisional = payload.provisional;
      }
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!result.has_more || !cursor) break;
    }
  } catch (error) {
    logger.info(
      { code: slackErrorCode(error) ?? 'failed', channel: target.channel },
      'Slack: could not read the thread back to see whether an answer was already posted; posting it',
    );
    return null;
  }
  if (shown.length === 0) return null;
  return { shown, complete, ...(provisional ? { provisional } : {}) };
}

/** The messages that show an answer, part by part, and how to note a new one for later attempts. */
export interface ShownAnswer {
  /** The message (ts) showing each part so far: posted by this attempt or an earlier one, or a placeholder. */
  parts: (string | null)[];
  /** Records `parts` at once, so an attempt after a crash edits these messages rather than posting again. */
  note(parts: (string | null)[]): Promise<void>;
}

/**
 * Shows `message` as the answer to `mark.work` in the thread, one message per 50 blocks: a part that already has a
 * message (a placeholder, or a part an earlier attempt posted) is edited in place with chat.update; a part that has
 * none is posted and noted at once; messages left over from a longer earlier answer are removed.
 */
export async function showAnswer(
  web: WebClient,
  target: { channel: string; threadTs: string },
  message: SlackMessage,
  mark: AnswerMark,
  shown: ShownAnswer,
): Promise<void> {
  const chunks = chunkBlocks(message.blocks);
  for (const [part, blocks] of chunks.entries()) {
    const metadata = answerMetadata(mark, part, chunks.length);
    const ts = shown.parts[part];
    if (ts) {
      try {
        await web.chat.update({ channel: target.channel, ts, text: message.text, blocks, metadata });
        continue;
      } catch (error) {
        // NOTE: a message someone deleted meanwhile is posted again; any other refusal is the attempt's failure.
        if (slackErrorCode(error) !== 'message_not_found') throw toUpstreamError('chat.update', error);
      }
    }
    let result;
    try {
      result = await web.chat.postMessage({
        channel: target.channel,
        text: message.text,
        blocks,
        thread_ts: target.threadTs,
        unfurl_links: false,
        metadata,
      });
    } catch (error) {
      throw toUpstreamError('chat.postMessage', error);
    }
    for (let missing = shown.parts.length; missing < part; missing += 1) shown.parts.push(null);
    shown.parts[part] = String(result.ts);
    await shown.note(shown.parts);
  }
  const leftOver = shown.parts.slice(chunks.length).filter((ts): ts is string => Boolean(ts));
  if (leftOver.length === 0) return;
  for (const ts of leftOver) await web.chat.delete({ channel: target.channel, ts }).catch(() => undefined);
  shown.parts.length = chunks.length;
  await shown.note(shown.parts);
}
