import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMessage } from '../../../src/channels/slack/handlers/context.ts';
import { answerMetadata, findPostedAnswer, showAnswer } from '../../../src/channels/slack/handlers/posted-answers.ts';
import { silentLogger } from '../../../src/logger.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../../support/fake-slack-api.ts';

// An answer marked with its work is found again by reading the thread back, as a retry after a crash does.

describe('finding an answer already posted in a Slack thread', () => {
  let slack: FakeSlackApi;
  let web: WebClient;
  beforeAll(async () => {
    slack = await startFakeSlackApi();
    web = new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(async () => {
    await slack.close();
  });

  const answer = (text: string) => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });

  it('finds the answer among more messages than one page holds, and only the answer to that work', async () => {
    const thread = { channel: 'DTHREAD1', threadTs: '1732390000.000100' };
    for (let index = 0; index < 205; index += 1)
      await postMessage(web, thread.channel, answer(`earlier ${index}`), thread.threadTs, { work: `other:${index}` });
    const [posted] = await postMessage(web, thread.channel, answer('the answer'), thread.threadTs, {
      work: 'slack:event:Ev1',
      provisional: '1732390001.000001',
    });
    expect(await findPostedAnswer(web, silentLogger, thread, 'slack:event:Ev1')).toEqual({
      shown: [posted!.ts],
      complete: true,
      provisional: '1732390001.000001',
    });
    expect(await findPostedAnswer(web, silentLogger, thread, 'slack:event:Ev2')).toBeNull();
    const reads = slack.callsTo('conversations.replies');
    expect(reads.length).toBeGreaterThan(1);
    expect(reads.every((call) => String(call.args.include_all_metadata) === 'true')).toBe(true);
  });

  it('does not count an answer whose last part never reached Slack', async () => {
    const thread = { channel: 'DTHREAD2', threadTs: '1732390000.000200' };
    const part = (index: number) =>
      web.chat.postMessage({
        channel: thread.channel,
        thread_ts: thread.threadTs,
        text: `part ${index + 1}`,
        metadata: answerMetadata({ work: 'w' }, index, 2),
      });
    expect(await findPostedAnswer(web, silentLogger, thread, 'w')).toBeNull();
    const first = await part(0);
    expect(await findPostedAnswer(web, silentLogger, thread, 'w')).toEqual({ shown: [first.ts], complete: false });
    const second = await part(1);
    expect(await findPostedAnswer(web, silentLogger, thread, 'w')).toEqual({
      shown: [first.ts, second.ts],
      complete: true,
    });
  });

  it('posts only the parts an interrupted attempt did not, and edits the ones it did', async () => {
    const thread = { channel: 'DTHREAD4', threadTs: '1732390000.000400' };
    // 60 blocks go out as two messages (Slack takes 50 a message).
    const long = {
      text: 'a long answer',
      blocks: Array.from({ length: 60 }, (_, index) => ({
        type: 'section',
        text: { type: 'mrkdwn', text: `line ${index + 1}` },
      })),
    };
    const noted: (string | null)[][] = [];
    const attempt = (parts: (string | null)[]) =>
      showAnswer(
        web,
        thread,
        long,
        { work: 'w2' },
        {
          parts,
          async note(shown) {
            noted.push([...shown]);
            // The first attempt is cut off once its first part is out.
            if (noted.length === 1) slack.failNext('chat.postMessage', { error: 'fatal_error' });
          },
        },
      );
    await expect(attempt([])).rejects.toThrow(/fatal_error/);
    expect(slack.thread(thread.channel, thread.threadTs)).toHaveLength(1);
    // A later attempt that has no note of it (the process stopped first) finds the first part by reading back.
    const earlier = await findPostedAnswer(web, silentLogger, thread, 'w2');
    expect(earlier).toEqual({ shown: [noted[0]![0]], complete: false });
    await attempt([...earlier!.shown]);
    const shown = slack.thread(thread.channel, thread.threadTs);
    expect(shown.map((message) => message.blocks?.length)).toEqual([50, 10]);
    expect(shown[0]!.ts).toBe(noted[0]![0]);
    expect(await findPostedAnswer(web, silentLogger, thread, 'w2')).toMatchObject({ complete: true });
  });

  it('posts the answer anew when the message it was to replace was deleted', async () => {
    const thread = { channel: 'C0THREAD5', threadTs: '1732390000.000500' };
    const placeholder = await web.chat.postMessage({ ...thread, thread_ts: thread.threadTs, text: 'Looking…' });
    await web.chat.delete({ channel: thread.channel, ts: String(placeholder.ts) });
    const noted: (string | null)[][] = [];
    await showAnswer(
      web,
      thread,
      answer('the answer'),
      { work: 'w3' },
      {
        parts: [String(placeholder.ts)],
        note: async (parts) => void noted.push([...parts]),
      },
    );
    const shown = slack.thread(thread.channel, thread.threadTs);
    expect(shown.map((message) => message.text)).toEqual(['the answer']);
    expect(noted).toEqual([[shown[0]!.ts]]);
  });

  it('refuses metadata Slack would refuse', async () => {
    await expect(
      web.chat.postMessage({
        channel: 'DTHREAD3',
        text: 'x',
        metadata: { event_type: 'not allowed!', event_payload: {} },
      }),
    ).rejects.toThrow(/invalid_metadata_format/);
  });

  it('posts again when the thread cannot be read (a channel Pont may not read)', async () => {
    slack.failNext('conversations.replies', { error: 'missing_scope' });
    expect(
      await findPostedAnswer(web, silentLogger, { channel: 'C0PUBLIC1', threadTs: '1732390000.000300' }, 'w'),
    ).toBeNull();
  });
});
