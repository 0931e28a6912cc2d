import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleHeldWork } from '../../src/channels/after-response.ts';
import { launchBrowser } from '../support/browser.ts';
import { deliverActivity, startFakeConnector, type FakeConnector } from '../support/fake-connector.ts';
import { eventPayload, shownText, startSlackHarness, unique, users, type SlackHarness } from './slack/harness.ts';
import { defaultConnectorLatencyMs, fixture } from './teams/harness.ts';

// A council website pairs its English page with its Welsh twin; an answer citing one links both, "English · Cymraeg",
// in Slack, in Teams and on the web chat page. One Pont serves all three channels.
let harness: SlackHarness;
let connector: FakeConnector;

const englishPage = 'https://www.torfaen.gov.uk/en/bins-and-recycling/household-waste-recycling-centres/';
const welshPage = 'https://www.torfaen.gov.uk/cy/biniau-ac-ailgylchu/canolfannau-ailgylchu-gwastraff-cartref/';
const question = 'When does the New Inn household waste recycling centre open on Thursdays?';
const sian = {
  id: '29:sian',
  name: 'Siân Morgan',
  aadObjectId: 'aad-sian',
  email: 'sian.morgan@torfaen.gov.uk',
  chat: 'a:sian-chat',
};

beforeAll(async () => {
  [harness, connector] = await Promise.all([
    startSlackHarness(),
    startFakeConnector({ latencyMs: defaultConnectorLatencyMs }),
  ]);
  connector.addMember(sian);
  // As the website connector indexes a page paired through hreflang: each document names its twin.
  await harness.pont.knowledge.putDocument({
    source: englishPage,
    title: 'Household waste recycling centres',
    language: 'en',
    published: '2025-03-11',
    kind: 'document',
    sections: [
      {
        heading: 'Opening times',
        paragraphs: [
          'The New Inn household waste recycling centre opens from 8am until 7pm on Thursdays from April 2025.',
        ],
      },
    ],
    metadata: { twin: welshPage },
  });
  await harness.pont.knowledge.putDocument({
    source: welshPage,
    title: 'Canolfannau ailgylchu gwastraff cartref',
    language: 'cy',
    published: '2025-03-11',
    kind: 'document',
    sections: [
      {
        heading: 'Amseroedd agor',
        paragraphs: [
          'Mae canolfan ailgylchu gwastraff cartref y Dafarn Newydd ar agor o 8am tan 7pm ar ddydd Iau o Ebrill 2025.',
        ],
      },
    ],
    metadata: { twin: englishPage },
  });
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await connector?.close();
});

describe('English and Welsh twins in citation lists', { timeout: 120_000 }, () => {
  it('links both languages under a Slack answer', async () => {
    const ts = unique('1732387300.');
    const response = await harness.sendEvent(
      eventPayload('message-im', { text: question, ts, event_ts: ts, user: users.sian.id }),
    );
    expect(response.status).toBe(200);
    const [posted] = await harness.slack.waitForCalls('chat.postMessage');
    const text = shownText(posted!.args);
    expect(text).toContain(
      `<${englishPage}|Household waste recycling centres> · 2025-03-11 · <${englishPage}|English> · <${welshPage}|Cymraeg>`,
    );
  });

  it('links both languages under a Teams answer', async () => {
    const activity = fixture('personal-message', connector.url, {
      id: unique('twins-'),
      text: question,
      locale: 'en-GB',
      from: { id: sian.id, name: sian.name, aadObjectId: sian.aadObjectId },
      conversation: { conversationType: 'personal', tenantId: 'tenant-1', id: sian.chat },
    });
    const delivered = await deliverActivity(harness.url, activity);
    await settleHeldWork();
    expect(delivered.status).toBeLessThan(300);
    const cards = connector.calls
      .filter((call) => (call.kind === 'send' || call.kind === 'reply') && call.conversationId === sian.chat)
      .flatMap((call) =>
        ((call.body.attachments ?? []) as { content: unknown }[]).map((attachment) =>
          JSON.stringify(attachment.content),
        ),
      );
    expect(cards.some((card) => card.includes(`[English](${englishPage}) · [Cymraeg](${welshPage})`))).toBe(true);
  });

  it('gives the web API the twin, and the chat page links both languages', async () => {
    const response = await fetch(`${harness.url}/api/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: question }),
    });
    const body = (await response.json()) as {
      reply: { answer: { citations: { source: string; twin?: string; language?: string }[] } };
    };
    expect(body.reply.answer.citations[0]).toMatchObject({ source: englishPage, twin: welshPage, language: 'en' });

    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
      await page.goto(harness.url + '/');
      await page.getByLabel('Your question or request').fill(question);
      await page.getByRole('button', { name: 'Send' }).click();
      const reply = page.locator('.turn.pont').first();
      await reply.and(page.locator(':not([aria-busy])')).waitFor();
      const english = reply
        .locator('.sources li')
        .first()
        .getByRole('link', { name: /^English/ });
      const welsh = reply
        .locator('.sources li')
        .first()
        .getByRole('link', { name: /^Cymraeg/ });
      expect(await english.getAttribute('href')).toBe(englishPage);
      expect(await welsh.getAttribute('href')).toBe(welshPage);
      expect(await welsh.getAttribute('lang')).toBe('cy');
      expect(await reply.locator('.sources li').first().textContent()).toContain('· English');
    } finally {
      await browser?.close();
    }
  });
});
