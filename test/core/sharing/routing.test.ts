import { describe, expect, it } from 'vitest';
import { chooseRoutes } from '../../../src/core/sharing/index.ts';
import { sampleDirectory } from './fakes.ts';

const wasteRota = { services: ['waste'], skills: ['waste rota'] };
const loadOf = (load: Record<string, number>) => ({
  openLoad: async (emails: string[]) =>
    new Map(emails.filter((email) => email in load).map((email) => [email, load[email]!])),
});

describe('routing a request', () => {
  it('asks up to three matching people in the target council, never the requester or a hidden profile', async () => {
    const routes = await chooseRoutes(sampleDirectory(), loadOf({}), {
      topic: wasteRota,
      targetCouncils: ['torfaen'],
      excludeEmails: ['tom@torfaen.gov.uk'],
      limit: 3,
      escalate: true,
    });
    expect(routes).toHaveLength(3);
    expect(routes.map((route) => route.email)).not.toContain('tom@torfaen.gov.uk');
    expect(routes.map((route) => route.email)).not.toContain('hidden@torfaen.gov.uk');
    expect(routes.every((route) => route.council === 'torfaen' && route.basis === 'match')).toBe(true);
    expect(routes[0]!.reasons).toEqual(['skill: waste rota', 'works in waste', 'no open requests in hand']);
  });

  it('ranks people who already hold open requests lower, so the work spreads', async () => {
    const routes = await chooseRoutes(
      sampleDirectory(),
      loadOf({ 'ann@torfaen.gov.uk': 3, 'carys@torfaen.gov.uk': 2 }),
      {
        topic: wasteRota,
        targetCouncils: ['torfaen'],
        excludeEmails: [],
        limit: 3,
        escalate: true,
      },
    );
    expect(routes.map((route) => route.email).sort()).toEqual([
      'gareth@torfaen.gov.uk',
      'owain@torfaen.gov.uk',
      'tom@torfaen.gov.uk',
    ]);
    const busy = await chooseRoutes(sampleDirectory(), loadOf({ 'ann@torfaen.gov.uk': 3 }), {
      topic: wasteRota,
      targetCouncils: ['torfaen'],
      excludeEmails: ['tom@torfaen.gov.uk', 'gareth@torfaen.gov.uk', 'owain@torfaen.gov.uk', 'carys@torfaen.gov.uk'],
      limit: 3,
      escalate: true,
    });
    expect(busy.map((route) => route.email)).toEqual(['ann@torfaen.gov.uk']);
    expect(busy[0]!.reasons).toContain('3 open requests in hand');
  });

  it('falls back to the senior person of the nearest service, then the fallback contact, and on a reroute to nobody', async () => {
    const people = sampleDirectory();
    const senior = await chooseRoutes(people, loadOf({}), {
      topic: { services: ['planning'], skills: ['planning appeals'] },
      targetCouncils: ['torfaen'],
      excludeEmails: [],
      limit: 3,
      escalate: true,
    });
    expect(senior).toEqual([expect.objectContaining({ email: 'megan@torfaen.gov.uk', basis: 'senior-contact' })]);
    const fallback = await chooseRoutes(people, loadOf({}), {
      topic: { services: ['libraries'], skills: [] },
      targetCouncils: ['torfaen'],
      excludeEmails: [],
      limit: 3,
      escalate: true,
      fallbackContact: 'Help@Torfaen.gov.uk',
    });
    expect(fallback).toEqual([
      expect.objectContaining({ email: 'help@torfaen.gov.uk', basis: 'fallback', council: 'torfaen' }),
    ]);
    const reroute = await chooseRoutes(people, loadOf({}), {
      topic: { services: ['libraries'], skills: [] },
      targetCouncils: ['torfaen'],
      excludeEmails: [],
      limit: 3,
      escalate: false,
      fallbackContact: 'help@torfaen.gov.uk',
    });
    expect(reroute).toEqual([]);
  });

  it('asks both councils when the request is for both', async () => {
    const routes = await chooseRoutes(sampleDirectory(), loadOf({}), {
      topic: wasteRota,
      targetCouncils: ['blaenau-gwent', 'torfaen'],
      excludeEmails: ['rhian@blaenau-gwent.gov.uk'],
      limit: 10,
      escalate: true,
    });
    expect(new Set(routes.map((route) => route.council))).toEqual(new Set(['torfaen']));
    const withBronwen = await chooseRoutes(sampleDirectory(), loadOf({}), {
      topic: wasteRota,
      targetCouncils: ['blaenau-gwent', 'torfaen'],
      excludeEmails: ['tom@torfaen.gov.uk'],
      limit: 10,
      escalate: true,
    });
    expect(withBronwen.map((route) => route.email)).toContain('rhian@blaenau-gwent.gov.uk');
  });

  it('reaches the best match of each council asked, even when one council has more strong matches than the limit', async () => {
    // Torfaen has four people for a waste rota and Blaenau Gwent one: with a limit of three, both councils are asked.
    const routes = await chooseRoutes(sampleDirectory(), loadOf({}), {
      topic: wasteRota,
      targetCouncils: ['torfaen', 'blaenau-gwent'],
      excludeEmails: [],
      limit: 3,
      escalate: true,
    });
    expect(routes).toHaveLength(3);
    expect(routes.map((route) => route.email)).toContain('rhian@blaenau-gwent.gov.uk');
    expect(routes.filter((route) => route.council === 'torfaen')).toHaveLength(2);
  });
});
