import { NotFoundError, ValidationError } from '../../errors.ts';
import { councilIds, councilMentioned, councilName, otherCouncils } from './council.ts';
import { seniorOf } from './find-people.ts';
import { inferLevel, levelName, levelRank, mentionsLevel } from './levels.ts';
import { errorText, messages, type PeopleLanguage } from './messages.ts';
import type { PeopleContext } from './people-context.ts';
import { byScoreThenName, toMatch } from './person-records.ts';
import { checkQuery } from './query.ts';
import type { Council, People, PersonMatch } from './types.ts';

/**
 * A manager's counterparts across the border: from an email, the people of the other councils in the same services
 * at the nearest level; from a role ("head of planning in Torfaen"), the people of that service and level.
 */
export function createCounterparts(context: PeopleContext): People['counterparts'] {
  const { taxonomy, index: liveIndex, serviceName } = context;

  async function counterparts(
    emailOrRole: string,
    options: { limit?: number; language?: PeopleLanguage } = {},
  ): Promise<{ counterparts: PersonMatch[]; note?: string }> {
    const language = options.language ?? 'en';
    const limit = options.limit ?? 10;
    const text = (emailOrRole ?? '').trim();
    if (text === '') throw new ValidationError(messages.roleEmpty, { text: errorText.roleEmpty });
    checkQuery(text, [messages.roleEmpty, errorText.roleEmpty], [messages.roleTooLong, errorText.roleTooLong]);
    const index = await liveIndex.current();

    let services: string[];
    let level: string | undefined;
    let target: Council[];
    let selfEmail: string | undefined;
    if (/^[^\s@]+@[^\s@]+$/.test(text)) {
      const email = text.toLowerCase();
      const person = index.get(email);
      if (!person)
        throw new NotFoundError(messages.noVisibleProfile(email), { text: errorText.noVisibleProfile(email) });
      services = person.services;
      level = person.level;
      target = otherCouncils(person.council);
      selfEmail = email;
      if (services.length === 0)
        throw new ValidationError(messages.unknownService(person.serviceArea || person.jobTitle), {
          text: errorText.unknownService(person.serviceArea || person.jobTitle),
        });
    } else {
      const mentions = taxonomy.servicesMentioned(text);
      services = mentions.map((mention) => mention.id);
      if (services.length === 0)
        throw new ValidationError(messages.unknownService(text), { text: errorText.unknownService(text) });
      level = mentionsLevel(text) ? inferLevel(text) : undefined;
      const named = councilMentioned(text);
      target = named ? otherCouncils(named) : councilIds();
    }

    const rank = level === undefined ? undefined : levelRank(level);
    const candidates = index
      .inServices(services)
      .filter((record) => target.includes(record.council) && record.email !== selfEmail);
    const scored = candidates
      .map((record) => {
        const own = levelRank(record.level);
        const shared = record.services.filter((id) => services.includes(id)).length;
        const score = Math.min(
          100,
          (rank === undefined ? 60 + 8 * own : 100 - 15 * Math.abs(own - rank)) + 2 * (shared - 1),
        );
        return { record, score };
      })
      .sort(
        byScoreThenName(
          (value) => value.score,
          (value) => value.record.name,
        ),
      );
    // NOTE: a counterpart in each other council: the best of every council that has one is kept, the rest by score.
    const bestOfEach = new Set(
      target
        .map((council) => scored.find((value) => value.record.council === council))
        .filter((value) => value !== undefined),
    );
    const kept = new Set(bestOfEach);
    for (const value of scored) {
      if (kept.size >= limit) break;
      kept.add(value);
    }
    const ranked = scored.filter((value) => kept.has(value));
    // Reasons are written out only for the people returned.
    const results = ranked.map(({ record, score }) => {
      const reasons = record.services
        .filter((id) => services.includes(id))
        .map((id) => messages.counterpart.sameService(serviceName(id, language), language));
      const own = levelRank(record.level);
      if (rank === undefined) reasons.push(messages.counterpart.level(levelName(record.level, language), language));
      else {
        const steps = own - rank;
        reasons.push(
          steps === 0
            ? messages.counterpart.sameLevel(levelName(record.level, language), language)
            : messages.counterpart.otherLevel(levelName(record.level, language), steps, language),
        );
      }
      return toMatch(record, score, reasons);
    });
    if (results.length > 0) return { counterparts: results };

    const all = councilIds();
    const where =
      target.length > 1 && target.length === all.length
        ? messages.counterpart.bothCouncils(language, all.length)
        : target.map((council) => councilName(council)).join(language === 'cy' ? ' na ' : ' or ');
    const wanted = serviceName(services[0]!, language);
    const nearest = seniorOf(context, index, services, target, language, selfEmail ? new Set([selfEmail]) : undefined);
    if (!nearest) return { counterparts: [], note: messages.counterpart.noneAtAll(where, wanted, language) };
    return {
      counterparts: [toMatch(nearest.person, 50, [nearest.reason])],
      note: messages.counterpart.none(
        where,
        wanted,
        serviceName(nearest.service, language),
        nearest.person.name,
        language,
      ),
    };
  }

  return counterparts;
}
