import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackStore } from '../../src/channels/slack/slack-store.ts';
import { inboxRetention } from '../../src/inbox/create-inbox.ts';
import { createInboxStore } from '../../src/store/inbox/index.ts';
import { command, eventPayload, startSlackHarness, users, type SlackHarness } from '../channels/slack/harness.ts';

// Signed Slack requests replayed: from the future, and as a retry arriving hours after the first delivery.

let harness: SlackHarness;

beforeAll(async () => {
  harness = await startSlackHarness({ documents: false });
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

/** Sends a fresh mention and waits for its reply, so anything queued before it has been worked on. */
async function settleWith(ts: string): Promise<void> {
  await harness.sendEvent(
    eventPayload('app-mention', { text: '<@UPONTBOT1> who knows GIS?', ts, event_ts: ts, user: users.sian.id }),
  );
  await harness.slack.waitFor(
    (calls) => calls.some((call) => call.method === 'chat.postMessage' && call.args.thread_ts === ts),
    20_000,
  );
}

describe('Slack deliveries an attacker could replay', () => {
  it('refuses a correctly signed request whose timestamp is ten minutes in the future', async () => {
    harness.slack.reset();
    const response = await harness.sendCommand(command(harness, users.sian, '/skills', 'GIS'), {
      timestamp: Math.floor(Date.now() / 1000) + 10 * 60,
    });
    expect(response.status).toBe(401);
    // The same command signed now is answered, so the refusal was the timestamp's doing.
    const now = await harness.sendCommand(command(harness, users.sian, '/skills', 'GIS'));
    expect(now.status).toBe(200);
    await harness.slack.waitForCalls('response_url', 1, 20_000);
    await settleWith('1732400000.000900');
    expect(harness.slack.callsTo('response_url')).toHaveLength(1);
  });

  it('recognises a retry that arrives three hours after the first delivery, after old deliveries were pruned', async () => {
    harness.slack.reset();
    const ts = '1732400100.000100';
    const payload = eventPayload('app-mention', {
      text: '<@UPONTBOT1> who knows GIS?',
      ts,
      event_ts: ts,
      user: users.sian.id,
    });
    expect((await harness.sendEvent(payload)).status).toBe(200);
    await harness.slack.waitFor(
      (calls) => calls.some((call) => call.method === 'chat.postMessage' && call.args.thread_ts === ts),
      20_000,
    );

    // The first delivery's work is finished (its inbox item done) before time moves on.
    for (
      let waited = 0;
      (
        await harness.pont.db.query(`select 1 from inbox where key like $1 and status = 'done'`, [
          `%${payload.event_id}%`,
        ])
      ).length === 0;
      waited += 50
    ) {
      if (waited > 20_000) throw new Error('the first delivery was never finished');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Three hours pass; the inbox and the Slack store prune what they keep, as their timers do.
    await harness.pont.db.query(`update slack_deliveries set received_at = received_at - interval '3 hours'`);
    await harness.pont.db.query(
      `update inbox set created_at = created_at - interval '3 hours', finished_at = finished_at - interval '3 hours'`,
    );
    await createSlackStore(harness.pont.db).pruneDeliveries();
    await createInboxStore(harness.pont.db).prune(inboxRetention.doneMs, inboxRetention.failedMs);

    expect((await harness.sendEvent(payload, { retryNum: 3 })).status).toBe(200);
    await settleWith('1732400100.000900');
    expect(harness.slack.callsTo('chat.postMessage').filter((call) => call.args.thread_ts === ts)).toHaveLength(1);
  });
});
