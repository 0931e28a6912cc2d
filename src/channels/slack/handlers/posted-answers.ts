import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../../logger.ts';
import { slackErrorCode } from '../slack-errors.ts';

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

/**
 * Whether the answer to `work` is already in the thread, every part of it: posted by an earlier attempt whose process
 * died before it could record the work done. Reads the thread back with its metadata (conversations.replies, which
 * Pont may do in DMs with `im:history`). Null when it is not there or the thread cannot be read (a channel Pont may
 * not read, a rate limit): the answer is then posted, as before.
 */
export async function findPostedAnswer(
  web: WebClient,
  logger: Logger,
  target: { channel: string; threadTs: string },
  work: string,
): Promise<{ provisional?: string } | null> {
  let cursor: string | undefined;
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
        // NOTE: the parts are posted in order, so the last one there means the whole answer is.
        if (typeof payload.parts === 'number' && payload.part === payload.parts - 1)
          return typeof payload.provisional === 'string' ? { provisional: payload.provisional } : {};
      }
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!result.has_more || !cursor) return null;
    }
  } catch (error) {
    logger.info(
      { code: slackErrorCode(error) ?? 'failed', channel: target.channel },
      'Slack: could not read the thread back to see whether an answer was already posted; posting it',
    );
  }
  return null;
}
