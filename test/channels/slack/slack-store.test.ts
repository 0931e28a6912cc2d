import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackStore, type SlackStore } from '../../../src/channels/slack/slack-store.ts';
import type { Database } from '../../../src/store/index.ts';
import { storeTargets } from '../../support/stores.ts';

describe.each(await storeTargets())('the Slack store on $name', (target) => {
  let db: Database & { drop(): Promise<void> };
  let store: SlackStore;

  beforeAll(async () => {
    db = await target.open();
    store = createSlackStore(db);
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('accepts a delivery once, however often and however concurrently it is retried', async () => {
    const results = await Promise.all([
      store.firstDelivery('event:Ev1'),
      store.firstDelivery('event:Ev1'),
      store.firstDelivery('event:Ev1'),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.firstDelivery('event:Ev1')).toBe(false);
    expect(await store.firstDelivery('event:Ev2')).toBe(true);
  });

  it('forgets deliveries older than a day, and keeps a three-hour-old one for a late retry', async () => {
    await db.query(
      "insert into slack_deliveries (key, received_at) values ('event:old', now() - interval '25 hours'), ('event:late-retry', now() - interval '3 hours')",
    );
    expect(await store.pruneDeliveries()).toBeGreaterThanOrEqual(1);
    expect(await store.firstDelivery('event:old')).toBe(true);
    expect(await store.firstDelivery('event:late-retry')).toBe(false);
    expect(await store.firstDelivery('event:Ev2')).toBe(false);
  });

  it('keeps the messages that show a request, with who sees each, in which language and in which workspace', async () => {
    await store.saveRequestMessage({
      requestId: '12',
      channel: 'D0SIAN',
      ts: '1.1',
      role: 'requester',
      email: 'Sian.Morgan@torfaen.gov.uk',
      language: 'en',
    });
    await store.saveRequestMessage({
      requestId: '12',
      channel: 'U0KAREN',
      ts: '1.2',
      role: 'recipient',
      email: 'karen.phillips@blaenau-gwent.gov.uk',
      language: 'cy',
      teamId: 'T0BLAENAU',
      enterpriseId: null,
    });
    await store.saveRequestMessage({
      requestId: '13',
      channel: 'U0KAREN',
      ts: '1.3',
      role: 'recipient',
      email: 'karen.phillips@blaenau-gwent.gov.uk',
      language: 'en',
    });
    const messages = await store.requestMessages('12');
    expect(messages).toEqual([
      {
        requestId: '12',
        channel: 'D0SIAN',
        ts: '1.1',
        role: 'requester',
        email: 'sian.morgan@torfaen.gov.uk',
        language: 'en',
        teamId: null,
        enterpriseId: null,
      },
      {
        requestId: '12',
        channel: 'U0KAREN',
        ts: '1.2',
        role: 'recipient',
        email: 'karen.phillips@blaenau-gwent.gov.uk',
        language: 'cy',
        teamId: 'T0BLAENAU',
        enterpriseId: null,
      },
    ]);
  });

  it('gives a stored lookup back once, and only to the user who ran it', async () => {
    const id = await store.saveLookup({
      userId: 'U0SIAN',
      text: 'People who know about GIS',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Aled Jenkins' } }],
    });
    expect(await store.takeLookup(id, 'U0OTHER')).toBeNull();
    const lookup = await store.takeLookup(id, 'U0SIAN');
    expect(lookup?.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'Aled Jenkins' } }]);
    expect(await store.takeLookup(id, 'U0SIAN')).toBeNull();
  });
});
