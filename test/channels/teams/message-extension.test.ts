import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/store/index.ts';
import { createFakeCore, type FakeCore } from './fake-core.ts';
import { fixture, startTeamsHarness, type TeamsHarness } from './harness.ts';
import { openTestPglite } from '../../support/pglite-template.ts';

let db: Database;
let fake: FakeCore;
let harness: TeamsHarness;

const gareth = {
  id: '29:1CFIxRJBLjT_io3iNsDZxMk_4YPWQmr3DZUM1I6ihf5L2ocCDqg9S1vkHK6kRdGfK1P_2LFE2nQqFIvdu-GBOZA',
  name: 'Gareth Price',
  aadObjectId: '6b703ce3-6d14-4fe6-b90c-dc5f03657ae4',
  email: 'gareth.price@blaenau-gwent.gov.uk',
};

beforeAll(async () => {
  db = await openTestPglite();
  fake = createFakeCore();
  harness = await startTeamsHarness(db, fake.core);
  harness.connector.addMember(gareth);
});

afterAll(async () => {
  await harness?.close();
  await db?.close();
});

type ExtensionResult = {
  composeExtension: {
    type: string;
    text?: string;
    attachmentLayout?: string;
    attachments?: {
      contentType: string;
      content: Record<string, unknown>;
      preview: { content: { title: string; subtitle: string } };
    }[];
  };
};

function query(skill: string, locale = 'en-GB') {
  return harness.post(
    fixture('compose-extension-query', harness.connector.url, {
      id: `query-${skill}`,
      locale,
      value: {
        commandId: 'findSkills',
        parameters: [{ name: 'skill', value: skill }],
        queryOptions: { skip: 0, count: 25 },
      },
    }),
  );
}

describe('the "Find skills" message extension', () => {
  it('returns visible people with the skill as cards a user can insert, never a hidden profile', async () => {
    const response = await query('GIS');
    expect(response.status).toBe(200);
    const result = (response.body as ExtensionResult).composeExtension;
    expect(result.type).toBe('result');
    expect(result.attachmentLayout).toBe('list');
    expect(result.attachments!.map((attachment) => attachment.preview.content.title)).toEqual([
      'Gareth Price',
      'Alun Jones',
    ]);
    expect(result.attachments![0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(result.attachments![0]!.content)).toContain('GIS Technician');
    expect(JSON.stringify(response.body)).not.toContain('Hidden Person');
  });

  it('says plainly when nobody matches, in Welsh for a Welsh locale', async () => {
    const response = await query('hedfan', 'cy-GB');
    expect((response.body as ExtensionResult).composeExtension).toEqual({
      type: 'message',
      text: 'Doedd neb yn cyfateb.',
    });
  });

  it("passes on the core's message for a query that is too short", async () => {
    const response = await query('G');
    expect((response.body as ExtensionResult).composeExtension).toEqual({
      type: 'message',
      text: 'I could not do that: Type at least two letters of a skill.',
    });
  });
});

describe('the "Ask the other council" message action', () => {
  it('opens a form prefilled with the message text, then opens a sharing request from it', async () => {
    const fetched = await harness.post(fixture('compose-extension-fetch-task', harness.connector.url));
    expect(fetched.status).toBe(200);
    const task = (
      fetched.body as { task: { type: string; value: { title: string; card: { content: Record<string, unknown> } } } }
    ).task;
    expect(task.type).toBe('continue');
    expect(JSON.stringify(task.value.card.content)).toContain(
      'How does Blaenau Gwent run its waste collection rota over bank holidays?',
    );

    const submitted = await harness.post(
      fixture('compose-extension-fetch-task', harness.connector.url, {
        name: 'composeExtension/submitAction',
        id: 'submit-1',
        value: {
          commandId: 'shareMessage',
          commandContext: 'message',
          data: { request: 'How does Torfaen run its waste collection rota over bank holidays?' },
        },
      }),
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body).toEqual({
      task: { type: 'message', value: 'Your request is open and has gone to rhian.morgan@torfaen.gov.uk.' },
    });
    expect([...fake.requests.values()].at(-1)).toMatchObject({
      requesterEmail: gareth.email,
      detail: 'How does Torfaen run its waste collection rota over bank holidays?',
    });
  });
});
