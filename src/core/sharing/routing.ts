import { councilFallbackContact } from '../councils/index.ts';
import type { Council, People, PersonMatch, Topic } from '../people/index.ts';
import type { RequestStore } from './request-store.ts';
import type { RouteChoice } from './types.ts';

/** What routing needs from the people capability. */
export type RoutingPeople = Pick<People, 'matchTopic' | 'seniorContact' | 'getPerson'>;

export interface RouteOptions {
  topic: Topic;
  targetCouncils: Council[];
  /** Never routed to: the requester, and on a reroute everyone asked before. */
  excludeEmails: string[];
  limit: number;
  /** Try the senior contact and the fallback when nobody matches (first routing, not reroutes). */
  escalate: boolean;
  fallbackContact?: string;
}

// NOTE: look a little deeper than `limit` so that busy people can be passed over for free ones.
const poolFactor = 3;

/**
 * Chooses up to `limit` people for a request: the best topic matches in the target councils, ranked lower the more
 * open requests they already hold, and always the best match of each target council that has one (so a request to
 * more councils than `limit` reaches more people); when nobody matches, the most senior person of the nearest
 * service in each target council, then the configured fallback contact. Each choice says why.
 */
export async function chooseRoutes(
  people: RoutingPeople,
  store: Pick<RequestStore, 'openLoad'>,
  options: RouteOptions,
): Promise<RouteChoice[]> {
  const exclude = new Set(options.excludeEmails.map((email) => email.toLowerCase()));
  const council = options.targetCouncils.length > 1 ? [...options.targetCouncils] : options.targetCouncils[0]!;
  const pool = (
    await people.matchTopic(options.topic, { council, limit: options.limit * poolFactor, excludeEmails: [...exclude] })
  ).filter((person) => !exclude.has(person.email.toLowerCase()) && options.targetCouncils.includes(person.council));

  if (pool.length > 0) {
    const load = await store.openLoad(pool.map((person) => person.email));
    const ranked = pool
      .map((person, order) => {
        const open = load.get(person.email.toLowerCase()) ?? 0;
        return { person, open, order, rank: person.score / (1 + open) };
      })
      .sort((a, b) => b.rank - a.rank || a.order - b.order);
    // NOTE: a request sent to several councils reaches the best match in each council that has one, then the next
    // best overall up to `limit`, so one council's stronger matches never crowd another out.
    const firstOfEach = new Map<Council, (typeof ranked)[number]>();
    for (const entry of ranked)
      if (!firstOfEach.has(entry.person.council)) firstOfEach.set(entry.person.council, entry);
    const chosen = new Set(firstOfEach.values());
    for (const entry of ranked) if (chosen.size < options.limit) chosen.add(entry);
    return ranked
      .filter((entry) => chosen.has(entry))
      .map(({ person, open }) => ({
        email: person.email.toLowerCase(),
        council: person.council,
        score: person.score,
        basis: 'match' as const,
        reasons: [
          ...person.reasons,
          open === 0 ? 'no open requests in hand' : `${open} open request${open === 1 ? '' : 's'} in hand`,
        ],
      }));
  }
  if (!options.escalate) return [];

  const seniors: RouteChoice[] = [];
  for (const target of options.targetCouncils) {
    const senior: PersonMatch | null = await people.seniorContact(options.topic, target);
    if (!senior || exclude.has(senior.email.toLowerCase())) continue;
    seniors.push({
      email: senior.email.toLowerCase(),
      council: senior.council,
      score: senior.score,
      basis: 'senior-contact',
      reasons: ['nobody matched the topic closely', ...senior.reasons, 'the most senior person of the nearest service'],
    });
  }
  if (seniors.length > 0) return seniors;

  // NOTE: each target council's own fallback contact (councils file) first; PONT_FALLBACK_CONTACT for the rest.
  const fallbacks: RouteChoice[] = [];
  for (const target of options.targetCouncils) {
    const own = councilFallbackContact(target);
    const fallback = own ?? options.fallbackContact?.toLowerCase();
    if (!fallback || exclude.has(fallback) || fallbacks.some((route) => route.email === fallback)) continue;
    const person = await people.getPerson(fallback);
    fallbacks.push({
      email: fallback,
      council: person?.council ?? target,
      score: 0,
      basis: 'fallback',
      reasons: [
        'nobody matched the topic and no service lead was found',
        own
          ? "the council's fallback contact (councils file)"
          : 'the configured fallback contact (PONT_FALLBACK_CONTACT)',
      ],
    });
  }
  return fallbacks;
}
