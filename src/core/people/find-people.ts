import { levelRank } from './levels.ts';
import { errorText, messages, reasonText, type PeopleLanguage } from './messages.ts';
import type { PeopleContext } from './people-context.ts';
import { byScoreThenName, toMatch } from './person-records.ts';
import { checkQuery, inScope, type CouncilScope } from './query.ts';
import { isGenericSkillWord, type IndexHit, type SkillIndex } from './skill-index.ts';
import { peopleSearchStopWords } from '../language/index.ts';
import { words } from './text.ts';
import type { People, PersonRecord, Topic } from './types.ts';

/** Finding colleagues by skill, reading a topic from text, and the people a topic should go to. */
export type FindPeople = Pick<People, 'findBySkill' | 'skillAsListed' | 'inferTopic' | 'matchTopic' | 'seniorContact'>;

/** The most senior visible person of some services in a council scope, or of the nearest related service. */
export interface SeniorFound {
  person: PersonRecord;
  service: string;
  nearest: boolean;
  reason: string;
}

/** The most senior visible people of `services` in `council`, or of the nearest related service. */
export function seniorOf(
  { taxonomy, serviceName }: PeopleContext,
  index: SkillIndex,
  services: string[],
  council: CouncilScope,
  language: PeopleLanguage,
  exclude?: Set<string>,
): SeniorFound | null {
  const bySeniority = (list: PersonRecord[]) =>
    list.sort(
      byScoreThenName(
        (record) => levelRank(record.level),
        (record) => record.name,
      ),
    );
  const inCouncil = (record: PersonRecord) => inScope(council, record.council) && !exclude?.has(record.email);
  const direct = bySeniority(index.inServices(services).filter(inCouncil));
  if (direct.length > 0) {
    const service = direct[0]!.services.find((id) => services.includes(id))!;
    return {
      person: direct[0]!,
      service,
      nearest: false,
      reason: messages.counterpart.seniorContact(serviceName(service, language), language),
    };
  }
  for (const service of taxonomy.nearestServices(services)) {
    const nearby = bySeniority(index.inServices([service]).filter(inCouncil));
    if (nearby.length > 0) {
      return {
        person: nearby[0]!,
        service,
        nearest: true,
        reason: messages.counterpart.seniorContact(serviceName(service, language), language),
      };
    }
  }
  return null;
}

export function createFindPeople(context: PeopleContext): FindPeople {
  const { taxonomy, index: liveIndex, serviceName } = context;

  const hitToMatch = (hit: IndexHit, language: PeopleLanguage) =>
    toMatch(
      hit.person,
      hit.score,
      hit.evidence.map((evidence) => reasonText(evidence, language)),
    );

  async function topicMatches(
    topic: Topic,
    options: { council: CouncilScope; limit: number; excludeEmails?: string[] },
    language: PeopleLanguage,
  ) {
    const index = await liveIndex.current();
    const exclude = new Set((options.excludeEmails ?? []).map((email) => email.toLowerCase()));
    const scores = new Map<string, { record: PersonRecord; score: number; reasons: string[] }>();
    const entry = (record: PersonRecord) => {
      let value = scores.get(record.email);
      if (!value) {
        value = { record, score: 0, reasons: [] };
        scores.set(record.email, value);
      }
      return value;
    };
    const inCouncil = (record: PersonRecord) => inScope(options.council, record.council) && !exclude.has(record.email);
    if (topic.services.length > 0) {
      for (const record of index.inServices(topic.services).filter(inCouncil)) {
        const shared = record.services.filter((id) => topic.services.includes(id));
        const value = entry(record);
        value.score += 60 + 5 * (shared.length - 1);
        value.reasons.push(...shared.map((id) => messages.topic.worksIn(serviceName(id, language), language)));
      }
    }
    for (const skill of topic.skills) {
      const best = new Map<string, IndexHit>();
      for (const hit of index.search(skill, { council: options.council, excludeEmails: exclude, includeRole: false })) {
        if (!best.has(hit.person.email)) best.set(hit.person.email, hit);
      }
      for (const hit of best.values()) {
        const value = entry(hit.person);
        value.score += hit.score * 0.4;
        value.reasons.push(...hit.evidence.map((evidence) => reasonText(evidence, language)));
      }
    }
    return [...scores.values()]
      .filter((value) => value.score > 0)
      .map((value) => ({ ...value, score: value.score + levelRank(value.record.level) }))
      .sort(
        byScoreThenName(
          (value) => value.score,
          (value) => value.record.name,
        ),
      )
      .slice(0, Math.max(0, options.limit))
      .map((value) => toMatch(value.record, Math.min(100, value.score), value.reasons));
  }

  return {
    async findBySkill(query, options = {}) {
      const text = checkQuery(
        query,
        [messages.queryTooShort, errorText.queryTooShort],
        [messages.queryTooLong, errorText.queryTooLong],
      );
      const index = await liveIndex.current();
      const limit = Math.min(Math.max(options.limit ?? 20, 1), 200);
      const hits = index.search(text, {
        council: options.council,
        excludeEmails: new Set((options.excludeEmails ?? []).map((email) => email.toLowerCase())),
        limit,
      });
      return hits.map((hit) => hitToMatch(hit, options.language ?? 'en'));
    },

    async skillAsListed(skill) {
      // NOTE: only the first word: it is the one a preposition mutates ("gyda chaffael"); a later word's mutation
      // belongs to the phrase ("gis a chaffael") and stays.
      const index = await liveIndex.current();
      return skill.replace(/^\p{L}+/u, (word) => {
        const plain = word.toLowerCase();
        const form = index.dictionaryForm(plain);
        return form === plain ? word : form;
      });
    },

    async inferTopic(text) {
      const services = new Set(taxonomy.servicesMentioned(text).map((mention) => mention.id));
      const skills = new Set<string>();
      for (const { group } of taxonomy.skillGroupsIn(text)) {
        const definition = taxonomy.skills[group]!;
        skills.add(definition.name);
        for (const id of definition.services) services.add(id);
      }
      const index = await liveIndex.current();
      // NOTE: words that are somebody's skill count too ("rota", "GIS"), so a topic the taxonomy lacks still routes.
      for (const word of words(text)) {
        if (word.length < 3 || peopleSearchStopWords.has(word) || isGenericSkillWord(word) || /^\d+$/.test(word))
          continue;
        if (index.hasSkillWord(word)) skills.add(word);
      }
      return { services: [...services], skills: [...skills] };
    },

    async matchTopic(topic, options) {
      return topicMatches(topic, options, options.language ?? 'en');
    },

    async seniorContact(topic, council, language = 'en') {
      const index = await liveIndex.current();
      const found = seniorOf(context, index, topic.services, council, language);
      if (found) return toMatch(found.person, found.nearest ? 50 : 100, [found.reason]);
      if (topic.skills.length === 0) return null;
      const [best] = await topicMatches({ services: [], skills: topic.skills }, { council, limit: 1 }, language);
      return best ?? null;
    },
  };
}
