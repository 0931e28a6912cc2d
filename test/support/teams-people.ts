import { settleHeldWork } from '../../src/channels/after-response.ts';
import type { Database } from '../../src/store/index.ts';
import { createFakeCore, type FakeCore } from '../channels/teams/fake-core.ts';
import { fixture, startTeamsHarness, type TeamsHarness } from '../channels/teams/harness.ts';

/** One person as Teams knows them: their Teams and Entra ids, their email and their 1:1 chat with Pont. */
export interface TeamsPerson {
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
  chat: string;
}

/** A requester in Torfaen and two people of Blaenau Gwent whom the fake core routes requests to. */
export const teamsPeople = {
  rhian: {
    id: '29:rhian',
    name: 'Rhian Morgan',
    aadObjectId: 'aad-rhian',
    email: 'rhian.morgan@torfaen.gov.uk',
    chat: 'a:rhian-chat',
  },
  alun: {
    id: '29:alun',
    name: 'Alun Jones',
    aadObjectId: 'aad-alun',
    email: 'alun.jones@blaenau-gwent.gov.uk',
    chat: 'a:alun-chat',
  },
  gareth: {
    id: '29:gareth',
    name: 'Gareth Price',
    aadObjectId: 'aad-gareth',
    email: 'gareth.price@blaenau-gwent.gov.uk',
    chat: 'a:gareth-chat',
  },
} satisfies Record<string, TeamsPerson>;

/** The `from` of an activity sent by `person`. */
export const fromPerson = (person: TeamsPerson) => ({
  id: person.id,
  name: person.name,
  aadObjectId: person.aadObjectId,
});

/** The `conversation` of `person`'s 1:1 chat with Pont. */
export const personalChat = (person: TeamsPerson, tenantId = 'tenant-1') => ({
  conversationType: 'personal',
  tenantId,
  id: person.chat,
});

/** Says something in a 1:1 chat; resolves once what it caused for others (sent after the answer) has finished too. */
export async function sayInPersonalChat(
  harness: TeamsHarness,
  person: TeamsPerson,
  text: string,
  id: string,
  tenantId?: string,
): Promise<{ status: number; body: unknown }> {
  const response = await harness.post(
    fixture('personal-message', harness.connector.url, {
      from: fromPerson(person),
      conversation: personalChat(person, tenantId),
      text,
      id,
    }),
  );
  await settleHeldWork();
  return response;
}

/**
 * The Teams channel on `db` over the fake core, with `people` members of the tenant who have each said hello to Pont
 * once in a 1:1 chat (so Pont can reach them there); the connector's record starts empty. `round` tells apart the
 * hello messages of several starts on one database.
 */
export async function startTeamsWithPeople(
  db: Database,
  people: TeamsPerson[],
  options: { round?: string; tenantId?: string } = {},
): Promise<{ harness: TeamsHarness; fake: FakeCore }> {
  const fake = createFakeCore();
  const harness = await startTeamsHarness(db, fake.core);
  fake.addNotifier(harness.teams.notifier);
  for (const person of people) harness.connector.addMember(person);
  const prefix = options.round ? `hello-${options.round}-` : 'hello-';
  for (const person of people)
    await sayInPersonalChat(harness, person, 'hello', `${prefix}${person.aadObjectId}`, options.tenantId);
  harness.connector.reset();
  return { harness, fake };
}
