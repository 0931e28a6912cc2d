import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../src/app.ts';
import { settleHeldWork } from '../../src/channels/after-response.ts';
import { actionIds } from '../../src/channels/slack/index.ts';
import type { SharingRequest } from '../../src/core/sharing/types.ts';
import { createHttpApp, listen } from '../../src/server.ts';
import { deliverActivity, startFakeConnector, type FakeConnector } from '../support/fake-connector.ts';
import { createTestPont } from '../support/test-pont.ts';
import {
  buttonIds,
  buttonPress,
  eventPayload,
  shownText,
  startSlackHarness,
  users,
  type SlackHarness,
} from './slack/harness.ts';
import { defaultConnectorLatencyMs, fixture } from './teams/harness.ts';
import { startWebTestServer, type WebTestServer } from './web/web-test-pont.ts';

// A requester can withdraw a request they no longer need, in every channel, with the button the core offers.

describe('a requester cancels in Slack (signed HTTP)', () => {
  let harness: SlackHarness;
  beforeAll(async () => {
    harness = await startSlackHarness({ documents: false });
  }, 60_000);
  afterAll(async () => harness?.close());

  it("shows Cancel on the requester's own message, and pressing it cancels the request and updates the message", async () => {
    const ts = '1732391000.000100';
    await harness.sendEvent(
      eventPayload('message-im', {
        text: 'share how do you plan your waste collection rota?',
        user: users.sian.id,
        channel: 'D0SIANMORG',
        ts,
        event_ts: ts,
      }),
    );
    const own = (call: { method: string; args: Record<string, unknown> }) =>
      call.method === 'chat.postMessage' && call.args.channel === 'D0SIANMORG';
    const posted = (await harness.slack.waitFor((calls) => calls.some(own))).find(own)!;
    expect(buttonIds(posted.args.blocks)).toEqual([actionIds.cancel]);
    const requestId = /Sharing request #(\d+)/.exec(shownText(posted.args))![1]!;

    harness.slack.reset();
    const pressed = await harness.sendInteraction(
      buttonPress(harness, users.sian, actionIds.cancel, requestId, {
        channel: 'D0SIANMORG',
        messageTs: '1732391000.000200',
        threadTs: ts,
      }),
    );
    expect(pressed.status).toBe(200);
    const updated = (
      await harness.slack.waitFor((calls) =>
        calls.some((call) => call.method === 'chat.update' && call.args.channel === 'D0SIANMORG'),
      )
    )
      .filter((call) => call.method === 'chat.update' && call.args.channel === 'D0SIANMORG')
      .at(-1)!;
    expect(shownText(updated.args)).toContain('Cancelled');
    expect(buttonIds(updated.args.blocks)).toEqual([]);
    expect((await harness.pont.sharing.get(requestId)).status).toBe('cancelled');
  });
});

describe('a requester cancels in Teams (Bot Framework activities)', () => {
  let pont: Pont;
  let connector: FakeConnector;
  let server: http.Server;
  let url: string;
  const sian = {
    id: '29:sian',
    name: 'Siân Morgan',
    aadObjectId: 'aad-sian',
    email: 'sian.morgan@torfaen.gov.uk',
    chat: 'a:sian-chat',
  };
  const from = { id: sian.id, name: sian.name, aadObjectId: sian.aadObjectId };
  const conversation = { conversationType: 'personal', tenantId: 'tenant-1', id: sian.chat };

  beforeAll(async () => {
    connector = await startFakeConnector({ latencyMs: defaultConnectorLatencyMs });
    pont = await createTestPont();
    server = await listen(await createHttpApp(pont), 0, '127.0.0.1');
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    connector.addMember(sian);
  }, 60_000);
  afterAll(async () => {
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await connector?.close();
    await pont?.close();
  });

  async function deliver(activity: unknown): Promise<{ status: number; body: unknown }> {
    const delivered = await deliverActivity(url, activity);
    await settleHeldWork();
    return delivered;
  }

  it('offers Cancel on the card of the request just opened, and the press cancels it', async () => {
    await deliver(
      fixture('personal-message', connector.url, {
        id: 'cancel-1',
        text: 'share How do you plan the waste collection rota over bank holidays?',
        from,
        conversation,
      }),
    );
    const cards = connector.calls
      .filter((call) => (call.kind === 'send' || call.kind === 'reply') && call.conversationId === sian.chat)
      .flatMap((call) =>
        (call.body.attachments as { content: { actions?: { verb?: string; data?: { requestId?: string } }[] } }[]).map(
          (attachment) => attachment.content,
        ),
      );
    const card = cards.find((content) => (content.actions ?? []).some((action) => action.verb === 'request-cancel'))!;
    expect((card.actions ?? []).map((action) => action.verb)).toEqual(['request-cancel']);
    const requestId = card.actions![0]!.data!.requestId!;

    const response = await deliver(
      fixture('adaptive-card-action', connector.url, {
        id: 'cancel-2',
        from,
        conversation,
        value: { action: { type: 'Action.Execute', verb: 'request-cancel', data: { requestId } }, trigger: 'manual' },
      }),
    );
    expect(response.status).toBe(200);
    const shown = JSON.stringify(response.body);
    expect(shown).toContain('The request is cancelled.');
    expect(shown).not.toContain('request-cancel"');
    expect((await pont.sharing.get(requestId)).status).toBe('cancelled');
  });
});

describe('a requester cancels on the web page (web API)', () => {
  let web: WebTestServer;
  beforeAll(async () => {
    web = await startWebTestServer();
  }, 120_000);
  afterAll(async () => web?.stop());

  it('lists Cancel for the requester alone, and cancels through the API', async () => {
    const signIn = async (email: string) => {
      const response = await fetch(`${web.url}/api/identity`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email }),
      });
      expect(response.status).toBe(200);
      return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    };
    const requester = await signIn('sian.morgan@torfaen.gov.uk');
    const opened = await fetch(`${web.url}/api/requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', cookie: requester },
      body: JSON.stringify({ text: 'How do you plan your waste collection rota?' }),
    });
    expect(opened.status).toBe(200);
    const request = ((await opened.json()) as { request: SharingRequest }).request;
    expect(request.actions).toEqual(['cancel']);
    const routed = await signIn(request.routedTo[0]!);
    const theirs = (
      (await (await fetch(`${web.url}/api/requests`, { headers: { cookie: routed } })).json()) as {
        requests: SharingRequest[];
      }
    ).requests.find((entry) => entry.id === request.id);
    expect(theirs?.actions).toEqual(['claim', 'decline']);

    const cancelled = await fetch(`${web.url}/api/requests/${request.id}/cancel`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', cookie: requester },
      body: '{}',
    });
    expect(cancelled.status).toBe(200);
    const after = ((await cancelled.json()) as { request: SharingRequest }).request;
    expect(after).toMatchObject({ status: 'cancelled', actions: [] });
    const refused = await fetch(`${web.url}/api/requests/${request.id}/cancel`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', cookie: requester },
      body: '{}',
    });
    expect(refused.status).toBe(409);
  });
});
