import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../../src/app.ts';
import { settleHeldWork } from '../../../src/channels/after-response.ts';
import { createHttpApp, listen } from '../../../src/server.ts';
import { deliverActivity, startFakeConnector, type FakeConnector } from '../../support/fake-connector.ts';
import { createTestPont } from '../../support/test-pont.ts';
import { monmouthshireStaffCsv, writeThreeCouncilsFile } from '../../support/three-councils.ts';
import { defaultConnectorLatencyMs, fixture } from './harness.ts';

// With three councils in the councils file, the Teams share forms (the card and the message action's task module)
// offer each of them by name, and the request goes to exactly the councils chosen, through Bot Framework invokes.
let pont: Pont;
let connector: FakeConnector;
let server: http.Server;
let url: string;
let councils: ReturnType<typeof writeThreeCouncilsFile>;

const sian = {
  id: '29:sian',
  name: 'Siân Morgan',
  aadObjectId: 'aad-sian',
  email: 'sian.morgan@torfaen.gov.uk',
  chat: 'a:sian-chat',
};
const from = { id: sian.id, name: sian.name, aadObjectId: sian.aadObjectId };
const personal = { conversationType: 'personal', tenantId: 'tenant-1', id: sian.chat };

interface ChoiceSet {
  type: 'Input.ChoiceSet';
  id: string;
  isMultiSelect: boolean;
  value: string;
  choices: { title: string; value: string }[];
}

async function deliver(activity: unknown): Promise<{ status: number; body: unknown }> {
  const delivered = await deliverActivity(url, activity);
  await settleHeldWork();
  return delivered;
}

/** The councils choice in a card, wherever it sits. */
function choiceSetIn(card: unknown): ChoiceSet | undefined {
  let found: ChoiceSet | undefined;
  const walk = (value: unknown): void => {
    if (found || !value || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach(walk);
    const record = value as Record<string, unknown>;
    if (record.type === 'Input.ChoiceSet' && record.id === 'target') found = record as unknown as ChoiceSet;
    else Object.values(record).forEach(walk);
  };
  walk(card);
  return found;
}

/** Presses "Send request" on the share card with `request` and the councils `target` (Teams joins them with commas). */
function pressSend(id: string, request: string, target: string | undefined, locale = 'en-GB') {
  return deliver(
    fixture('adaptive-card-action', connector.url, {
      id,
      locale,
      entities: [{ locale, country: 'GB', platform: 'Windows', type: 'clientInfo' }],
      from,
      conversation: personal,
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'share-send',
          data: { request, ...(target === undefined ? {} : { target }) },
        },
        trigger: 'manual',
      },
    }),
  );
}

/** The request Siân opened with `text`. */
async function requestWith(text: string) {
  const request = (await pont.sharing.list({ involving: sian.email })).find((each) => each.detail === text);
  expect(request).toBeDefined();
  return request!;
}

beforeAll(async () => {
  councils = writeThreeCouncilsFile();
  connector = await startFakeConnector({ latencyMs: defaultConnectorLatencyMs });
  pont = await createTestPont({ documents: false, environment: councils.environment });
  await pont.people.importCsv(monmouthshireStaffCsv, { email: null, isAdmin: true, via: 'test' });
  const app = await createHttpApp(pont);
  server = await listen(app, 0, '127.0.0.1');
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  connector.addMember(sian);
}, 120_000);

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  await connector?.close();
  await pont?.close();
  councils?.remove();
});

describe('the Teams share forms with three councils', { timeout: 120_000 }, () => {
  it('offers every other council by name in the message action form, all chosen, and the requester’s own', async () => {
    const fetched = await deliver(fixture('compose-extension-fetch-task', connector.url, { id: 'fetch-three', from }));
    expect(fetched.status).toBe(200);
    const choices = choiceSetIn(fetched.body)!;
    expect(choices.isMultiSelect).toBe(true);
    expect(choices.choices).toEqual([
      { title: 'Blaenau Gwent', value: 'blaenau-gwent' },
      { title: 'Monmouthshire', value: 'monmouthshire' },
      { title: 'Torfaen (your own council)', value: 'torfaen' },
    ]);
    expect(choices.value).toBe('blaenau-gwent,monmouthshire');
    expect(JSON.stringify(fetched.body)).toContain('What would you like to ask the other councils?');
  });

  it('sends the message action’s request to the one council chosen', async () => {
    const text = 'How do you plan refuse collection rounds after a bank holiday?';
    const submitted = await deliver(
      fixture('compose-extension-fetch-task', connector.url, {
        name: 'composeExtension/submitAction',
        id: 'submit-three',
        from,
        value: {
          commandId: 'shareMessage',
          commandContext: 'message',
          data: { request: text, target: 'monmouthshire' },
        },
      }),
    );
    expect(submitted.status).toBe(200);
    const request = await requestWith(text);
    expect(request.targetCouncils).toEqual(['monmouthshire']);
    expect(request.routedTo.length).toBeGreaterThan(0);
    expect(request.routedTo.every((email) => email.endsWith('@monmouthshire.gov.uk'))).toBe(true);
    expect(JSON.stringify(submitted.body)).toContain('monmouthshire.gov.uk');
  });

  it('sends the card’s request to several councils chosen', async () => {
    const text = 'How do you plan your waste collection rota over Christmas?';
    const response = await pressSend('send-several', text, 'blaenau-gwent,monmouthshire');
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body)).toContain('Your request is open');
    const request = await requestWith(text);
    expect([...request.targetCouncils].sort()).toEqual(['blaenau-gwent', 'monmouthshire']);
    expect(new Set(request.routedTo.map((email) => email.split('@')[1]))).toEqual(
      new Set(['blaenau-gwent.gov.uk', 'monmouthshire.gov.uk']),
    );
  });

  it('sends the card’s request to all the others when all stay chosen', async () => {
    const text = 'How do you organise bank holiday collections?';
    await pressSend('send-all', text, 'blaenau-gwent,monmouthshire,');
    expect([...(await requestWith(text)).targetCouncils].sort()).toEqual(['blaenau-gwent', 'monmouthshire']);
  });

  it('gives the form back with a message, in Welsh for a Welsh locale, when no council is chosen', async () => {
    const before = (await pont.sharing.list()).length;
    const english = JSON.stringify((await pressSend('send-none', 'How do you plan rounds?', '')).body);
    expect(english).toContain('Choose at least one council to send your request to.');
    expect(english).toContain('How do you plan rounds?');
    const welsh = await pressSend('send-none-cy', 'Sut ydych chi’n cynllunio?', '', 'cy-GB');
    expect(JSON.stringify(welsh.body)).toContain('Dewiswch o leiaf un cyngor i anfon eich cais ato.');
    expect(choiceSetIn(welsh.body)!.choices.map((choice) => choice.title)).toEqual([
      'Blaenau Gwent',
      'Sir Fynwy',
      'Torfaen (eich cyngor chi)',
    ]);
    expect((await pont.sharing.list()).length).toBe(before);
  });
});
