import { z } from 'zod';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts';
import { councilIds, councilMentioned, councilName, otherCouncils } from './council.ts';
import { mayManageCouncil } from '../councils/index.ts';
import { parseDirectoryCsv, type ImportedPerson } from './csv-import.ts';
import type { AuditEntry, Directory, StoredPerson } from './directory.ts';
import { applyDirectoryProfiles } from './directory-profiles.ts';
import { inferLevel, levelName, levelRank, mentionsLevel } from './levels.ts';
import { errorText, messages, reasonText, type PeopleLanguage } from './messages.ts';
import { isGenericSkillWord, SkillIndex, type IndexHit } from './skill-index.ts';
import type { Taxonomy } from './taxonomy.ts';
import { isStopWord, normalise, words } from './text.ts';
import {
  type Actor,
  type Council,
  type ImportReport,
  type People,
  type Person,
  type PersonMatch,
  type PersonRecord,
  type ProfileChanges,
  type Topic,
  type AnnouncedField,
  type ProfileChange,
  type ProfileListener,
} from './types.ts';

type Text = { en: string; cy: string };

export interface CreatePeopleOptions {
  directory: Directory;
  taxonomy: Taxonomy;
}

/** The public PERSON shape of a record: nothing the directory keeps for Pont alone. */
export function publicPerson(record: Person): Person {
  return {
    email: record.email,
    name: record.name,
    council: record.council,
    jobTitle: record.jobTitle,
    serviceArea: record.serviceArea,
    skills: [...record.skills],
    welshLevel: record.welshLevel,
  };
}

const profileIssues = errorText.profile;

/** A refused profile change: each problem once, in English and Welsh, joined as the English always was. */
function profileError(issues: readonly { message: string }[]): ValidationError {
  const known = Object.values(profileIssues) as { en: string; cy: string }[];
  const texts = [...new Set(issues.map((issue) => issue.message))].map((message) => known.find((text) => text.en === message) ?? { en: message, cy: message });
  return new ValidationError(issues.map((issue) => issue.message).join('; '), {
    text: { en: texts.map((text) => text.en).join('; '), cy: texts.map((text) => text.cy).join('; ') },
  });
}

const profileChangesSchema = z.object({
  skills: z
    .array(z.string().trim().min(1, profileIssues.skillEmpty.en).max(100, profileIssues.skillTooLong.en))
    .max(50, profileIssues.tooManySkills.en)
    .optional(),
  welshLevel: z.number().int(profileIssues.welshLevelWhole.en).min(0, profileIssues.welshLevelRange.en).max(5, profileIssues.welshLevelRange.en).optional(),
  visible: z.boolean().optional(),
});

const comparedFields = ['name', 'council', 'jobTitle', 'serviceArea', 'team', 'managerEmail', 'skills', 'welshLevel', 'slackUserId', 'teamsUserId', 'visible'] as const;

function changedFields(before: StoredPerson, after: StoredPerson): string[] {
  return comparedFields.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

function checkQuery(query: string, tooShort: [string, Text], tooLong: [string, Text]): string {
  const text = (query ?? '').trim();
  if (text.length >= 500) throw new ValidationError(tooLong[0], { text: tooLong[1] });
  if (normalise(text).replace(/ /g, '').length < 2) throw new ValidationError(tooShort[0], { text: tooShort[1] });
  return text;
}

/** Higher score first, then by name: a plain comparison, as ICU collation is too slow for thousands of ties. */
function byScoreThenName<T>(score: (item: T) => number, name: (item: T) => string) {
  return (left: T, right: T) => {
    const difference = score(right) - score(left);
    if (difference !== 0) return difference;
    const leftName = name(left);
    const rightName = name(right);
    return leftName < rightName ? -1 : leftName > rightName ? 1 : 0;
  };
}

/** Whether others may see a stored profile: HR left it visible and the person did not hide it. */
function shownToOthers(stored: StoredPerson): boolean {
  return stored.visible && !stored.hiddenBySelf;
}

/** One council, several, or 'both' (every council). */
type CouncilScope = Council | Council[] | 'both';

function inScope(scope: CouncilScope, council: Council): boolean {
  return scope === 'both' || (Array.isArray(scope) ? scope.includes(council) : scope === council);
}

/** The person themselves, or an admin of the council the profile belongs to. */
function isSelf(actor: Actor, email: string): boolean {
  return actor.email !== null && actor.email.toLowerCase() === email;
}

/** The person themselves, or an admin of the council the profile belongs to. */
function maySelfServe(actor: Actor, email: string, council: Council): boolean {
  return isSelf(actor, email) || mayManageCouncil(actor, council);
}

/**
 * The people capability: import the HR directory, find colleagues by skill and counterparts by role, route
 * topics to people, and let each person see, edit, hide or erase their own profile. Hidden profiles never leave
 * it except to the person themselves.
 */
export function createPeople({ directory, taxonomy }: CreatePeopleOptions): People {
  // NOTE: thousands of people share a service area and a job title; each is read against the taxonomy once.
  const servicesCache = new Map<string, string[]>();
  const levelCache = new Map<string, string>();
  const servicesOf = (text: string) => {
    let services = servicesCache.get(text);
    if (!services) {
      services = taxonomy.servicesFor(text);
      if (servicesCache.size > 50_000) servicesCache.clear();
      servicesCache.set(text, services);
    }
    return services;
  };
  const levelOf = (jobTitle: string) => {
    let level = levelCache.get(jobTitle);
    if (!level) {
      level = inferLevel(jobTitle);
      if (levelCache.size > 50_000) levelCache.clear();
      levelCache.set(jobTitle, level);
    }
    return level;
  };

  const toRecord = (stored: StoredPerson): PersonRecord => {
    let services = servicesOf(stored.serviceArea);
    if (services.length === 0 && stored.team) services = servicesOf(stored.team);
    if (services.length === 0) services = servicesOf(stored.jobTitle);
    return {
      email: stored.email,
      name: stored.name,
      council: stored.council,
      jobTitle: stored.jobTitle,
      serviceArea: stored.serviceArea,
      skills: [...stored.skills],
      welshLevel: stored.welshLevel,
      team: stored.team,
      managerEmail: stored.managerEmail,
      slackUserId: stored.slackUserId,
      teamsUserId: stored.teamsUserId,
      visible: shownToOthers(stored),
      services: [...services],
      level: levelOf(stored.jobTitle),
    };
  };

  let cached: { version: number; index: SkillIndex } | undefined;
  let building: { version: number; promise: Promise<SkillIndex> } | undefined;

  // NOTE: the index lives in this process but follows the database: one cheap version read per call, and a
  // rebuild when any replica changed the directory.
  let versionRead: Promise<number> | undefined;
  /** After a write here, the next call reads the version afresh instead of sharing a read begun before it. */
  const wrote = () => {
    versionRead = undefined;
  };
  async function currentIndex(): Promise<SkillIndex> {
    // NOTE: calls arriving while a version read is on its way share it, so a busy process asks once, not per call.
    versionRead ??= directory.version().finally(() => {
      versionRead = undefined;
    });
    const version = await versionRead;
    if (cached && cached.version === version) return cached.index;
    if (building && building.version === version) return building.promise;
    const promise = (async () => {
      const rows = await directory.listVisible();
      const index = new SkillIndex(rows.map(toRecord).filter((record) => record.visible), taxonomy);
      if (!cached || cached.version <= version) cached = { version, index };
      return index;
    })();
    building = { version, promise };
    try {
      return await promise;
    } finally {
      if (building?.promise === promise) building = undefined;
    }
  }

  const listeners = new Set<ProfileListener>();
  /** Tells every listener, one change after another, once the changes are saved. */
  async function announce(changes: ProfileChange[]): Promise<void> {
    for (const change of changes) for (const listener of [...listeners]) await listener(change);
  }

  const serviceName = (id: string, language: PeopleLanguage) => taxonomy.service(id)?.name[language] ?? id;

  const toMatch = (record: PersonRecord, score: number, reasons: string[]): PersonMatch => ({
    ...publicPerson(record),
    score: Math.round(score * 10) / 10,
    reasons: [...new Set(reasons)],
  });

  const hitToMatch = (hit: IndexHit, language: PeopleLanguage): PersonMatch =>
    toMatch(hit.person, hit.score, hit.evidence.map((evidence) => reasonText(evidence, language)));

  /** The most senior visible people of `services` in `council`, or of the nearest related service. */
  function seniorOf(index: SkillIndex, services: string[], council: CouncilScope, language: PeopleLanguage, exclude?: Set<string>) {
    const bySeniority = (list: PersonRecord[]) => list.sort(byScoreThenName((record) => levelRank(record.level), (record) => record.name));
    const inCouncil = (record: PersonRecord) => inScope(council, record.council) && !exclude?.has(record.email);
    const direct = bySeniority(index.inServices(services).filter(inCouncil));
    if (direct.length > 0) {
      const service = direct[0]!.services.find((id) => services.includes(id))!;
      return { person: direct[0]!, service, nearest: false, reason: messages.counterpart.seniorContact(serviceName(service, language), language) };
    }
    for (const service of taxonomy.nearestServices(services)) {
      const nearby = bySeniority(index.inServices([service]).filter(inCouncil));
      if (nearby.length > 0) {
        return { person: nearby[0]!, service, nearest: true, reason: messages.counterpart.seniorContact(serviceName(service, language), language) };
      }
    }
    return null;
  }

  async function topicMatches(topic: Topic, options: { council: CouncilScope; limit: number; excludeEmails?: string[] }, language: PeopleLanguage) {
    const index = await currentIndex();
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
      .sort(byScoreThenName((value) => value.score, (value) => value.record.name))
      .slice(0, Math.max(0, options.limit))
      .map((value) => toMatch(value.record, Math.min(100, value.score), value.reasons));
  }

  function mergeImported(existing: StoredPerson | undefined, incoming: ImportedPerson): StoredPerson {
    if (!existing) return { ...incoming, hiddenBySelf: false, selfEdited: [] };
    return {
      ...incoming,
      // NOTE: what a person set about themselves outlives the next HR export; so does a linked chat account.
      skills: existing.selfEdited.includes('skills') ? existing.skills : incoming.skills,
      welshLevel: existing.selfEdited.includes('welshLevel') ? existing.welshLevel : incoming.welshLevel,
      slackUserId: incoming.slackUserId ?? existing.slackUserId,
      teamsUserId: incoming.teamsUserId ?? existing.teamsUserId,
      hiddenBySelf: existing.hiddenBySelf,
      selfEdited: existing.selfEdited,
    };
  }

  async function importCsv(csv: string, actor: Actor, options: { readmitErased?: boolean } = {}): Promise<ImportReport> {
    if (!actor.isAdmin) throw new ForbiddenError(messages.importAdminsOnly, { text: errorText.importAdminsOnly });
    const parsed = parseDirectoryCsv(csv);
    const emails = parsed.rows.map((row) => row.person.email);
    const existing = new Map((await directory.getMany(emails)).map((person) => [person.email, person]));
    // NOTE: UK GDPR: someone who erased their profile is not quietly re-created by the next HR export.
    const erased = options.readmitErased ? new Set<string>() : new Set(await directory.erasedAmong(emails.filter((email) => !existing.has(email))));
    if (erased.size > 0) {
      for (const row of parsed.rows) if (erased.has(row.person.email)) parsed.rejected.push({ line: row.line, reason: messages.erasedNotReadded });
      parsed.rejected.sort((left, right) => left.line - right.line);
      parsed.rows = parsed.rows.filter((row) => !erased.has(row.person.email));
    }
    // NOTE: an admin of one council imports that council's people only: a row for another council, or one that would
    // move someone out of another council's directory, is rejected and the rest go in.
    const foreign = (row: (typeof parsed.rows)[number]) => {
      const before = existing.get(row.person.email);
      if (!mayManageCouncil(actor, row.person.council)) return row.person.council;
      if (before && !mayManageCouncil(actor, before.council)) return before.council;
      return null;
    };
    const outside = parsed.rows.filter((row) => foreign(row) !== null);
    if (outside.length > 0) {
      for (const row of outside) parsed.rejected.push({ line: row.line, reason: messages.otherCouncilRow(councilName(foreign(row)!)) });
      parsed.rejected.sort((left, right) => left.line - right.line);
      parsed.rows = parsed.rows.filter((row) => foreign(row) === null);
    }
    const changed: StoredPerson[] = [];
    const audit: AuditEntry[] = [];
    let imported = 0;
    let updated = 0;
    let unchanged = 0;
    for (const { person } of parsed.rows) {
      const before = existing.get(person.email);
      const after = mergeImported(before, person);
      if (!before) {
        imported += 1;
        changed.push(after);
        audit.push({ actorEmail: actor.email, via: actor.via, action: 'people.import.added', subject: after.email, detail: {} });
        continue;
      }
      const fields = changedFields(before, after);
      if (fields.length === 0) {
        unchanged += 1;
        continue;
      }
      updated += 1;
      changed.push(after);
      audit.push({ actorEmail: actor.email, via: actor.via, action: 'people.import.updated', subject: after.email, detail: { fields } });
    }
    const report: ImportReport = { imported, updated, unchanged, rejected: parsed.rejected, warnings: parsed.warnings };
    audit.unshift({
      actorEmail: actor.email,
      via: actor.via,
      action: 'people.import',
      subject: null,
      detail: { imported, updated, unchanged, rejected: parsed.rejected.length, warnings: parsed.warnings.length },
    });
    await directory.save(changed, audit);
    wrote();
    // NOTE: an HR export that hides, shows, renames or moves someone already in the directory changes what others see of them.
    await announce(
      changed.flatMap((after) => {
        const before = existing.get(after.email);
        if (!before) return [];
        const fields: AnnouncedField[] = shownToOthers(before) !== shownToOthers(after) ? ['visible'] : [];
        for (const field of ['name', 'jobTitle', 'council'] as const) if (before[field] !== after[field]) fields.push(field);
        return fields.length > 0 ? [{ email: after.email, visible: shownToOthers(after), erased: false, fields }] : [];
      }),
    );
    return report;
  }

  async function counterparts(emailOrRole: string, options: { limit?: number; language?: PeopleLanguage } = {}) {
    const language = options.language ?? 'en';
    const limit = options.limit ?? 10;
    const text = (emailOrRole ?? '').trim();
    if (text === '') throw new ValidationError(messages.roleEmpty, { text: errorText.roleEmpty });
    checkQuery(text, [messages.roleEmpty, errorText.roleEmpty], [messages.roleTooLong, errorText.roleTooLong]);
    const index = await currentIndex();

    let services: string[];
    let level: string | undefined;
    let target: Council[];
    let selfEmail: string | undefined;
    if (/^[^\s@]+@[^\s@]+$/.test(text)) {
      const email = text.toLowerCase();
      const person = index.get(email);
      if (!person) throw new NotFoundError(messages.noVisibleProfile(email), { text: errorText.noVisibleProfile(email) });
      services = person.services;
      level = person.level;
      target = otherCouncils(person.council);
      selfEmail = email;
      if (services.length === 0) throw new ValidationError(messages.unknownService(person.serviceArea || person.jobTitle), { text: errorText.unknownService(person.serviceArea || person.jobTitle) });
    } else {
      const mentions = taxonomy.servicesMentioned(text);
      services = mentions.map((mention) => mention.id);
      if (services.length === 0) throw new ValidationError(messages.unknownService(text), { text: errorText.unknownService(text) });
      level = mentionsLevel(text) ? inferLevel(text) : undefined;
      const named = councilMentioned(text);
      target = named ? otherCouncils(named) : councilIds();
    }

    const rank = level === undefined ? undefined : levelRank(level);
    const candidates = index.inServices(services).filter((record) => target.includes(record.council) && record.email !== selfEmail);
    const scored = candidates
      .map((record) => {
        const own = levelRank(record.level);
        const shared = record.services.filter((id) => services.includes(id)).length;
        const score = Math.min(100, (rank === undefined ? 60 + 8 * own : 100 - 15 * Math.abs(own - rank)) + 2 * (shared - 1));
        return { record, score };
      })
      .sort(byScoreThenName((value) => value.score, (value) => value.record.name));
    // NOTE: a counterpart in each other council: the best of every council that has one is kept, the rest by score.
    const bestOfEach = new Set(target.map((council) => scored.find((value) => value.record.council === council)).filter((value) => value !== undefined));
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
      target.length > 1 && target.length === all.length ? messages.counterpart.bothCouncils(language, all.length) : target.map((council) => councilName(council)).join(language === 'cy' ? ' na ' : ' or ');
    const wanted = serviceName(services[0]!, language);
    const nearest = seniorOf(index, services, target, language, selfEmail ? new Set([selfEmail]) : undefined);
    if (!nearest) return { counterparts: [], note: messages.counterpart.noneAtAll(where, wanted, language) };
    return {
      counterparts: [toMatch(nearest.person, 50, [nearest.reason])],
      note: messages.counterpart.none(where, wanted, serviceName(nearest.service, language), nearest.person.name, language),
    };
  }

  async function changeProfile(email: string, actor: Actor, change: (stored: StoredPerson) => { after: StoredPerson; fields: string[]; action: string }) {
    const key = email.trim().toLowerCase();
    if (!isSelf(actor, key) && !actor.isAdmin) throw new ForbiddenError(messages.ownProfileOnly, { text: errorText.ownProfileOnly });
    const stored = await directory.get(key);
    if (!stored) throw new NotFoundError(messages.noProfile(key), { text: errorText.noProfile(key) });
    if (!maySelfServe(actor, key, stored.council)) throw new ForbiddenError(messages.otherCouncilProfile(councilName(stored.council)), { text: errorText.otherCouncilProfile(councilName(stored.council)) });
    const { after, fields, action } = change(stored);
    await directory.save([after], [{ actorEmail: actor.email, via: actor.via, action, subject: key, detail: { fields } }]);
    wrote();
    // NOTE: setting visibility to what it already is announces it too, so hiding again retries what failed to follow.
    if (shownToOthers(stored) !== shownToOthers(after) || fields.includes('visible')) await announce([{ email: key, visible: shownToOthers(after), erased: false, fields: ['visible'] }]);
    return toRecord(after);
  }

  async function eraseProfile(email: string, actor: Actor): Promise<void> {
    const key = email.trim().toLowerCase();
    if (!isSelf(actor, key) && !actor.isAdmin) throw new ForbiddenError(messages.ownProfileOnly, { text: errorText.ownProfileOnly });
    if (!isSelf(actor, key)) {
      const stored = await directory.get(key);
      if (stored && !mayManageCouncil(actor, stored.council)) {
        throw new ForbiddenError(messages.otherCouncilProfile(councilName(stored.council)), { text: errorText.otherCouncilProfile(councilName(stored.council)) });
      }
    }
    const erased = await directory.erase(key, { actorEmail: actor.email, via: actor.via, action: 'people.erase', subject: key, detail: {} });
    wrote();
    if (!erased) throw new NotFoundError(messages.noProfile(key), { text: errorText.noProfile(key) });
    await announce([{ email: key, visible: false, erased: true, fields: ['visible'] }]);
  }

  return {
    importCsv,

    async applyDirectoryProfiles(changes, actor) {
      if (!actor.isAdmin) throw new ForbiddenError(messages.importAdminsOnly, { text: errorText.importAdminsOnly });
      const outside = changes.accounts.find((account) => !mayManageCouncil(actor, account.profile.council));
      if (outside) throw new ForbiddenError(messages.notCouncilAdmin(councilName(outside.profile.council)));
      return applyDirectoryProfiles({ directory, shownToOthers, changedFields, announce, wrote, erase: eraseProfile }, changes, actor);
    },

    async importSampleIfEmpty(csv, actor) {
      if ((await directory.count()) > 0 || (await directory.hasImported())) return null;
      return importCsv(csv, actor);
    },

    async findBySkill(query, options = {}) {
      const text = checkQuery(query, [messages.queryTooShort, errorText.queryTooShort], [messages.queryTooLong, errorText.queryTooLong]);
      const index = await currentIndex();
      const limit = Math.min(Math.max(options.limit ?? 20, 1), 200);
      const hits = index.search(text, {
        council: options.council,
        excludeEmails: new Set((options.excludeEmails ?? []).map((email) => email.toLowerCase())),
        limit,
      });
      return hits.map((hit) => hitToMatch(hit, options.language ?? 'en'));
    },

    counterparts,

    async getPerson(email) {
      const stored = await directory.get(email.trim().toLowerCase());
      if (!stored) return null;
      const record = toRecord(stored);
      return record.visible ? record : null;
    },

    async getOwnProfile(email) {
      const stored = await directory.get(email.trim().toLowerCase());
      return stored ? toRecord(stored) : null;
    },

    async findByChannelUser(channel, userId) {
      const stored = await directory.findByChannelUser(channel, userId);
      return stored ? toRecord(stored) : null;
    },

    async linkChannelUser(email, channel, userId) {
      const key = email.trim().toLowerCase();
      const stored = await directory.get(key);
      if (!stored) throw new NotFoundError(messages.noProfile(key), { text: errorText.noProfile(key) });
      const field = channel === 'slack' ? 'slackUserId' : 'teamsUserId';
      if (stored[field] === userId) return;
      const changed: StoredPerson[] = [{ ...stored, [field]: userId }];
      const previous = await directory.findByChannelUser(channel, userId);
      if (previous && previous.email !== key) changed.push({ ...previous, [field]: null });
      await directory.save(
        changed,
        changed.map((person) => ({ actorEmail: key, via: channel, action: 'people.link', subject: person.email, detail: { fields: [field] } })),
      );
      wrote();
    },

    async updateProfile(email, changes: ProfileChanges, actor) {
      const parsed = profileChangesSchema.safeParse(changes);
      if (!parsed.success) throw profileError(parsed.error.issues);
      const valid = parsed.data;
      return changeProfile(email, actor, (stored) => {
        const after: StoredPerson = { ...stored, selfEdited: [...stored.selfEdited] };
        const fields: string[] = [];
        if (valid.skills !== undefined) {
          const seen = new Set<string>();
          after.skills = valid.skills.map((skill) => skill.replace(/\s+/g, ' ')).filter((skill) => !seen.has(skill.toLowerCase()) && seen.add(skill.toLowerCase()));
          fields.push('skills');
        }
        if (valid.welshLevel !== undefined) {
          after.welshLevel = valid.welshLevel;
          fields.push('welshLevel');
        }
        if (valid.visible !== undefined) {
          after.hiddenBySelf = !valid.visible;
          fields.push('visible');
        }
        // NOTE: an administrator correcting a profile is not the person choosing; only self-edits outlive HR imports.
        if (actor.email?.toLowerCase() === stored.email) {
          for (const field of fields) if (field !== 'visible' && !after.selfEdited.includes(field)) after.selfEdited.push(field);
        }
        return { after, fields, action: valid.visible === false && fields.length === 1 ? 'people.profile.hide' : 'people.profile.update' };
      });
    },

    eraseProfile,

    onProfileChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    async inferTopic(text) {
      const services = new Set(taxonomy.servicesMentioned(text).map((mention) => mention.id));
      const skills = new Set<string>();
      for (const { group } of taxonomy.skillGroupsIn(text)) {
        const definition = taxonomy.skills[group]!;
        skills.add(definition.name);
        for (const id of definition.services) services.add(id);
      }
      const index = await currentIndex();
      // NOTE: words that are somebody's skill count too ("rota", "GIS"), so a topic the taxonomy lacks still routes.
      for (const word of words(text)) {
        if (word.length < 3 || isStopWord(word) || isGenericSkillWord(word) || /^\d+$/.test(word)) continue;
        if (index.hasSkillWord(word)) skills.add(word);
      }
      return { services: [...services], skills: [...skills] };
    },

    async matchTopic(topic, options) {
      return topicMatches(topic, options, options.language ?? 'en');
    },

    async seniorContact(topic, council, language = 'en') {
      const index = await currentIndex();
      const found = seniorOf(index, topic.services, council, language);
      if (found) return toMatch(found.person, found.nearest ? 50 : 100, [found.reason]);
      if (topic.skills.length === 0) return null;
      const [best] = await topicMatches({ services: [], skills: topic.skills }, { council, limit: 1 }, language);
      return best ?? null;
    },

    async auditTrail(actor, options = {}) {
      if (!actor.isAdmin) throw new ForbiddenError(messages.auditAdminsOnly, { text: errorText.auditAdminsOnly });
      return directory.auditTrail({ subject: options.subject?.toLowerCase(), limit: options.limit });
    },
  };
}
