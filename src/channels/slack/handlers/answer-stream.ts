import type { ChatStreamer, WebClient } from '@slack/web-api';
import type { Logger } from '../../../logger.ts';
import { slackErrorCode, toUpstreamError } from '../slack-errors.ts';

/**
 * Characters of answer text sent to Slack per call: a couple of sentences at a time, so a long answer takes
 * a dozen or so calls rather than one per token (chat.appendStream is rate-limited per workspace).
 */
const charactersPerCall = 320;
/** Slack takes at most 12,000 characters of markdown per call; past that the final reply carries the rest. */
const streamedCharacterLimit = 12_000;

/** Where an answer streams: the thread it answers in, and the person who asked. */
export interface StreamTarget {
  channel: string;
  threadTs: string;
  /** The asker: Slack shows a streamed message to its recipient (required outside DMs). */
  userId: string;
  /** The asker's workspace (the organisation's id for an org-wide install). */
  teamId: string | undefined;
  /** Told the streamed message's ts once it exists (so a later attempt can remove it if this one dies). */
  onStart?: (ts: string) => Promise<void>;
}

/** One answer's stream in a Slack thread. */
export interface AnswerStream {
  /** For the core's `onText`: shows provisional answer text as it is written. Never throws. */
  push(delta: string): void;
  /**
   * Shows the final reply through `show` (given the streamed message it replaces) and removes what was streamed.
   * False when nothing was streamed (no text, or Slack refused the stream): the caller shows the reply itself.
   */
  finish(show: (provisional: string) => Promise<unknown>): Promise<boolean>;
  /** Removes whatever was streamed, when the reply goes another way or the turn failed. Never throws. */
  discard(): Promise<void>;
}

export interface AnswerStreams {
  open(target: StreamTarget): AnswerStream;
}

/**
 * Streams model-written answers into Slack threads with chat.startStream / appendStream / stopStream, through
 * the SDK's ChatStreamer (which buffers `charactersPerCall` characters before each call).
 *
 * NOTE: streamed text is provisional (the core may still drop a citation it cannot check, and with it the
 * sentence), so it must not be what the user is left with. chat.stopStream can only add blocks *under* the
 * streamed text, and Slack refuses to replace a streamed message's blocks with chat.update (`block_mismatch`),
 * so the stream is stopped, the final rendered reply is shown in the same thread (posted, or a channel's placeholder
 * edited), and the streamed message is then deleted: one final answer, and never a moment with no answer shown.
 */
export function createAnswerStreams(web: WebClient, logger: Logger): AnswerStreams {
  const reported = new Set<string>();
  // A workspace that refuses streaming refuses every answer: warn once per cause, then keep quiet.
  const report = (step: string, error: unknown, target: StreamTarget) => {
    const code = slackErrorCode(error) ?? 'failed';
    const first = !reported.has(`${step}:${code}`);
    reported.add(`${step}:${code}`);
    logger[first ? 'warn' : 'debug'](
      { err: toUpstreamError(step, error), step, code, channel: target.channel },
      'Slack answer streaming failed; the final answer is delivered without it',
    );
  };
  return { open: (target) => openStream(web, target, report) };
}

function openStream(
  web: WebClient,
  target: StreamTarget,
  report: (step: string, error: unknown, target: StreamTarget) => void,
): AnswerStream {
  let streamer: ChatStreamer | null = null;
  let pending = '';
  let streamed = 0;
  let scheduled = false;
  let broken = false;
  let closed = false;
  let started = false;
  // Calls to Slack go one after another; text that arrives meanwhile is sent together with the next call.
  let queue: Promise<void> = Promise.resolve();

  async function flush(): Promise<void> {
    scheduled = false;
    if (broken || closed) return;
    const text = pending;
    pending = '';
    streamer ??= web.chatStream({
      channel: target.channel,
      thread_ts: target.threadTs,
      recipient_user_id: target.userId,
      ...(target.teamId ? { recipient_team_id: target.teamId } : {}),
      buffer_size: charactersPerCall,
    });
    try {
      await streamer.append({ markdown_text: text });
    } catch (error) {
      broken = true;
      report(streamer.ts ? 'chat.appendStream' : 'chat.startStream', error, target);
    }
    if (streamer.ts && !started) {
      started = true;
      await target.onStart?.(streamer.ts).catch((error: unknown) => report('note', error, target));
    }
  }

  async function stop(ts: string): Promise<void> {
    try {
      await web.chat.stopStream({ channel: target.channel, ts });
    } catch (error) {
      // NOTE: a stream Slack already ended (its time limit, or the user pressed stop) answers
      // message_not_in_streaming_state or stopped_by_user; the message can be replaced all the same.
      const code = slackErrorCode(error);
      if (code !== 'message_not_in_streaming_state' && code !== 'stopped_by_user')
        report('chat.stopStream', error, target);
    }
  }

  async function remove(ts: string): Promise<void> {
    try {
      await web.chat.delete({ channel: target.channel, ts });
    } catch (error) {
      report('chat.delete', error, target);
    }
  }

  /** Waits for the calls in flight and closes the stream to new text; the streamed message's ts, if any. */
  async function settle(): Promise<string | undefined> {
    closed = true;
    await queue;
    return streamer?.ts;
  }

  return {
    push(delta) {
      if (broken || closed || !delta) return;
      if (streamed + delta.length > streamedCharacterLimit) {
        closed = true;
        return;
      }
      streamed += delta.length;
      pending += delta;
      if (scheduled) return;
      scheduled = true;
      queue = queue.then(flush);
    },

    async finish(show) {
      const ts = await settle();
      if (!ts) return false;
      await stop(ts);
      try {
        await show(ts);
      } finally {
        // NOTE: the provisional text goes whether or not the final reply could be posted (the caller's error
        // boundary then tells the user); it must never be left as if it were the answer.
        await remove(ts);
      }
      return true;
    },

    async discard() {
      const ts = await settle();
      if (!ts) return;
      await stop(ts);
      await remove(ts);
    },
  };
}
