import { normalise, peopleSearchStopWords, radicalForms } from '../language/index.ts';
import { editDistance, stem, typoAllowance, words } from './text.ts';
import type { Taxonomy } from './taxonomy.ts';
import type { Council, PersonRecord } from './types.ts';

/** How a query word met a person, strongest first. */
export type MatchKind = 'exact' | 'synonym' | 'stem' | 'typo' | 'role';

const kindWeight: Record<MatchKind, number> = { exact: 0.9, synonym: 0.8, stem: 0.6, typo: 0.4, role: 0.3 };

// NOTE: words that half the directory's skills contain say little about a specialism; they count a third as much,
// so "waste management" finds waste people, not everyone in "development management".
const genericWords = new Set([
  'management',
  'manage',
  'planning',
  'plan',
  'development',
  'service',
  'services',
  'officer',
  'support',
  'strategy',
  'policy',
  'work',
  'working',
  'assessment',
  'analysis',
  'systems',
  'system',
  'general',
  'advice',
  'rheoli',
  'cynllunio',
  'datblygu',
  'gwasanaethau',
  'cymorth',
  'swyddog',
]);

/** Whether a word is too common in skills to say much on its own ("management", "planning"). */
export function isGenericSkillWord(word: string): boolean {
  return genericWords.has(word);
}

/** A result scoring under this share of the best one is noise and is left out. */
const relativeFloor = 0.35;

interface SkillEntry {
  text: string;
  normal: string;
  words: string[];
  wordSet: Set<string>;
  stems: Set<string>;
  groups: Set<number>;
}

interface IndexedPerson {
  record: PersonRecord;
  skills: SkillEntry[];
  roleStems: Set<string>;
  /** Lower-cased name, for cheap tie-breaking. */
  sortName: string;
}

/** One way a person matched: the query word, the person's skill (or role) and how. */
export interface MatchEvidence {
  kind: MatchKind | 'phrase';
  queryWord: string;
  matched: string;
  /** The synonym phrase, for synonym matches. */
  via?: string;
}

export interface IndexHit {
  person: PersonRecord;
  /** 0-100. */
  score: number;
  evidence: MatchEvidence[];
}

export interface IndexSearchOptions {
  /** One council, several, or 'both' (every council). */
  council?: Council | Council[] | 'both';
  excludeEmails?: Set<string>;
  /** Count job title, service area and team words as weak matches (default true). */
  includeRole?: boolean;
  /** At most this many results (all by default). */
  limit?: number;
}

/**
 * Two words with one stem are inflections ("flooding", "flood") unless they differ by a slip of the keyboard
 * inside the word ("procurment", "procurement"), which is a typo that the stemmer happened to forgive.
 */
function stemOrTypo(word: string, skillWords: Set<string>): MatchKind {
  for (const skillWord of skillWords) {
    if (stem(skillWord) !== stem(word)) continue;
    if (skillWord.startsWith(word) || word.startsWith(skillWord)) return 'stem';
    const allowance = typoAllowance(word);
    return editDistance(word, skillWord, allowance) <= allowance ? 'typo' : 'stem';
  }
  return 'stem';
}

function addPosting<Key>(postings: Map<Key, number[]>, key: Key, position: number): void {
  const list = postings.get(key);
  if (!list) postings.set(key, [position]);
  else if (list[list.length - 1] !== position) list.push(position);
}

/**
 * An in-process index of visible profiles for skill search: exact words, Porter stems, taxonomy synonym groups
 * and a vocabulary for typos. It is rebuilt from the database whenever the directory's version changes.
 */
export class SkillIndex {
  readonly people: IndexedPerson[] = [];
  private readonly byEmail = new Map<string, number>();
  private readonly wordPostings = new Map<string, number[]>();
  private readonly stemPostings = new Map<string, number[]>();
  private readonly groupPostings = new Map<number, number[]>();
  private readonly rolePostings = new Map<string, number[]>();
  private readonly phrasePostings = new Map<string, number[]>();
  private readonly servicePostings = new Map<string, number[]>();
  private readonly vocabulary: string[] = [];
  private scoreBuffer = new Float64Array(0);
  /** Each person's place in name order, and back: results sort on one number (score, then name). */
  private nameRank = new Int32Array(0);
  private rankToPosition = new Int32Array(0);

  constructor(
    records: PersonRecord[],
    private readonly taxonomy: Taxonomy,
  ) {
    // NOTE: many people share a skill ("Safeguarding"); each distinct skill text is analysed once and shared.
    const skillCache = new Map<string, SkillEntry>();
    const roleCache = new Map<string, Set<string>>();
    const vocabulary = new Set<string>();
    records.forEach((record, position) => {
      const skills: SkillEntry[] = record.skills.map((text) => {
        let entry = skillCache.get(text);
        if (!entry) {
          const groups = new Set(taxonomy.skillGroupsIn(text).map((hit) => hit.group));
          const whole = taxonomy.skillGroupOf(text);
          if (whole >= 0) groups.add(whole);
          const skillWords = [...new Set(words(text).filter((word) => !peopleSearchStopWords.has(word)))];
          entry = {
            text,
            normal: normalise(text),
            words: skillWords,
            wordSet: new Set(skillWords),
            stems: new Set(skillWords.map(stem)),
            groups,
          };
          skillCache.set(text, entry);
        }
        return entry;
      });
      const roleText = `${record.jobTitle} ${record.serviceArea} ${record.team ?? ''}`;
      let roleStems = roleCache.get(roleText);
      if (!roleStems) {
        roleStems = new Set(
          words(roleText)
            .filter((word) => !peopleSearchStopWords.has(word))
            .map(stem),
        );
        roleCache.set(roleText, roleStems);
      }
      this.people.push({ record, skills, roleStems, sortName: record.name.toLowerCase() });
      this.byEmail.set(record.email, position);
      for (const skill of skills) {
        addPosting(this.phrasePostings, skill.normal, position);
        for (const word of skill.words) {
          addPosting(this.wordPostings, word, position);
          vocabulary.add(word);
        }
        for (const value of skill.stems) addPosting(this.stemPostings, value, position);
        for (const group of skill.groups) addPosting(this.groupPostings, group, position);
      }
      for (const value of roleStems) addPosting(this.rolePostings, value, position);
      for (const service of record.services) addPosting(this.servicePostings, service, position);
    });
    this.vocabulary = [...vocabulary];
    this.scoreBuffer = new Float64Array(this.people.length);
    const byName = this.people.map((_, position) => position);
    byName.sort((left, right) => {
      const leftName = this.people[left]!.sortName;
      const rightName = this.people[right]!.sortName;
      return leftName < rightName ? -1 : leftName > rightName ? 1 : left - right;
    });
    this.nameRank = new Int32Array(this.people.length);
    this.rankToPosition = Int32Array.from(byName);
    byName.forEach((position, rank) => {
      this.nameRank[position] = rank;
    });
  }

  get(email: string): PersonRecord | undefined {
    const position = this.byEmail.get(email);
    return position === undefined ? undefined : this.people[position]!.record;
  }

  /** People whose skills (and, weakly, roles) match the query, best first. */
  search(query: string, options: IndexSearchOptions = {}): IndexHit[] {
    // NOTE: a Welsh word after a mutation ("am gaffael", "fy nghyfieithu") is read in its dictionary form when
    // only that form is known to the directory or the taxonomy.
    const queryWords = words(query)
      .filter((word) => !peopleSearchStopWords.has(word))
      .map((word) => this.dictionaryForm(word));
    const queryNormal = queryWords.length === words(query).length ? queryWords.join(' ') : normalise(query);
    if (queryWords.length === 0) return [];
    const queryStems = queryWords.map(stem);
    const includeRole = options.includeRole ?? true;

    // Which taxonomy synonym group covers each query word ("caffael" → procurement).
    const wordGroups: { group: number; phrase: string }[][] = queryWords.map(() => []);
    const groupHits = this.taxonomy.skillGroupsIn(queryWords.join(' '));
    // NOTE: skillGroupsIn works on the same stop-word-free words, so positions line up; recompute spans by stems.
    for (const hit of groupHits) {
      const hitStems = words(hit.phrase)
        .filter((word) => !peopleSearchStopWords.has(word))
        .map(stem);
      for (let start = 0; start + hitStems.length <= queryStems.length; start += 1) {
        if (hitStems.every((value, offset) => queryStems[start + offset] === value)) {
          for (let offset = 0; offset < hitStems.length; offset += 1)
            wordGroups[start + offset]!.push({ group: hit.group, phrase: hit.phrase });
        }
      }
    }

    const typoWords: Map<string, string>[] = queryWords.map((word) => {
      const found = new Map<string, string>();
      const allowance = typoAllowance(word);
      if (allowance === 0) return found;
      for (const candidate of this.vocabulary) {
        if (candidate === word || candidate.length < 4) continue;
        if (editDistance(word, candidate, allowance) <= allowance) found.set(candidate, word);
      }
      return found;
    });

    const candidates = new Set<number>();
    const collect = (list: number[] | undefined) => list?.forEach((position) => candidates.add(position));
    collect(this.phrasePostings.get(queryNormal));
    queryWords.forEach((word, index) => {
      collect(this.wordPostings.get(word));
      collect(this.stemPostings.get(queryStems[index]!));
      for (const { group } of wordGroups[index]!) collect(this.groupPostings.get(group));
      for (const candidate of typoWords[index]!.keys()) collect(this.wordPostings.get(candidate));
    });

    // Each distinct skill is judged once per query word; people then just take their best skill.
    const judged: Map<SkillEntry, { kind: MatchKind; weight: number; via?: string } | null>[] = queryWords.map(
      () => new Map(),
    );
    const judge = (skill: SkillEntry, index: number) => {
      const memo = judged[index]!;
      let verdict = memo.get(skill);
      if (verdict !== undefined) return verdict;
      const word = queryWords[index]!;
      verdict = null;
      if (skill.wordSet.has(word)) verdict = { kind: 'exact', weight: kindWeight.exact };
      else {
        const group = wordGroups[index]!.find((candidate) => skill.groups.has(candidate.group));
        const typos = typoWords[index]!;
        const lexical: MatchKind | undefined = skill.stems.has(queryStems[index]!)
          ? stemOrTypo(word, skill.wordSet)
          : typos.size > 0 && skill.words.some((skillWord) => typos.has(skillWord))
            ? 'typo'
            : undefined;
        // NOTE: a skill in the query's synonym group that is also spelt like the query ("procurment" →
        // "Procurement") beats a mere synonym ("Contract management"), but not an exact word.
        if (group && lexical) verdict = { kind: lexical, weight: 0.85 };
        else if (group) verdict = { kind: 'synonym', weight: kindWeight.synonym, via: group.phrase };
        else if (lexical) verdict = { kind: lexical, weight: kindWeight[lexical] };
      }
      memo.set(skill, verdict);
      return verdict;
    };
    const wordWeights = queryWords.map((word) => (queryWords.length > 1 && genericWords.has(word) ? 1 / 3 : 1));
    const totalWeight = wordWeights.reduce((sum, weight) => sum + weight, 0);

    /** How one person meets the query: the score, and (with `detail`) which skill met each word. */
    const noDetail: never[] = [];
    const assess = (indexed: IndexedPerson, detail: boolean) => {
      let phrase: SkillEntry | undefined;
      for (const skill of indexed.skills) if (skill.normal === queryNormal) phrase = skill;
      let total = 0;
      const best: (SkillEntry | null)[] = detail ? [] : noDetail;
      const roles: boolean[] = detail ? [] : noDetail;
      for (let index = 0; index < queryWords.length; index += 1) {
        let bestSkill: SkillEntry | null = null;
        let bestWeight = 0;
        for (const skill of indexed.skills) {
          if (skill === phrase) continue;
          const verdict = judge(skill, index);
          if (verdict && verdict.weight > bestWeight) {
            bestWeight = verdict.weight;
            bestSkill = skill;
          }
        }
        const role = !bestSkill && includeRole && indexed.roleStems.has(queryStems[index]!);
        if (role) bestWeight = kindWeight.role;
        if (detail) {
          best.push(bestSkill);
          roles.push(role);
        }
        total += bestWeight * wordWeights[index]!;
      }
      const value = phrase ? 1 : total / totalWeight;
      return { score: Math.min(100, Math.round(value * 1000) / 10), phrase, best, roles };
    };

    // NOTE: the bulk pass keeps only a person and a score (thousands may match "safeguarding"); the details
    // are worked out again for the few returned.
    const scoredPositions: number[] = [];
    // NOTE: search is synchronous, so one score buffer per index is reused; only `scoredPositions` are read.
    const scores = this.scoreBuffer;
    const score = (positions: Iterable<number>) => {
      for (const position of positions) {
        const indexed = this.people[position]!;
        const record = indexed.record;
        if (
          options.council &&
          options.council !== 'both' &&
          (Array.isArray(options.council)
            ? !options.council.includes(record.council)
            : record.council !== options.council)
        )
          continue;
        if (options.excludeEmails?.has(record.email)) continue;
        const value = assess(indexed, false).score;
        if (value > 0) {
          scores[position] = value;
          scoredPositions.push(position);
        }
      }
    };
    score(candidates);
    // NOTE: people who match only by job title or service can score no more than `roleCeiling`; when that is under
    // the floor set by the skill matches, the (often thousands of) role-only candidates are not scored at all.
    let bestSoFar = 0;
    for (const position of scoredPositions) if (scores[position]! > bestSoFar) bestSoFar = scores[position]!;
    const roleCeiling =
      (100 *
        queryStems.reduce(
          (sum, value, index) => sum + (this.rolePostings.has(value) ? kindWeight.role * wordWeights[index]! : 0),
          0,
        )) /
      totalWeight;
    if (includeRole && roleCeiling > 0 && roleCeiling >= bestSoFar * relativeFloor) {
      const roleOnly = new Set<number>();
      for (const value of queryStems)
        for (const position of this.rolePostings.get(value) ?? [])
          if (!candidates.has(position)) roleOnly.add(position);
      score(roleOnly);
    }
    const floor = bestSoFar * relativeFloor;
    // NOTE: one numeric key per person (score descending, then name) sorts natively, even for thousands of ties.
    const nameSlots = 1 << 21;
    const keys = new Float64Array(scoredPositions.length);
    let keyCount = 0;
    for (const position of scoredPositions) {
      if (scores[position]! < floor) continue;
      keys[keyCount] = (1000 - Math.round(scores[position]! * 10)) * nameSlots + this.nameRank[position]!;
      keyCount += 1;
    }
    const sortedKeys = keys.subarray(0, keyCount).sort();
    const kept = Array.from(sortedKeys, (key) => this.rankToPosition[key % nameSlots]!);
    const limit = options.limit ?? kept.length;

    // Evidence (the reasons) is written out only for the people returned.
    return kept.slice(0, limit).map((position) => {
      const entry = { indexed: this.people[position]!, score: scores[position]! };
      const detail = assess(entry.indexed, true);
      const evidence: MatchEvidence[] = [];
      if (detail.phrase) evidence.push({ kind: 'phrase', queryWord: query.trim(), matched: detail.phrase.text });
      detail.best.forEach((skill, index) => {
        if (skill) {
          const verdict = judge(skill, index)!;
          evidence.push({
            kind: verdict.kind,
            queryWord: queryWords[index]!,
            matched: skill.text,
            ...(verdict.via ? { via: verdict.via } : {}),
          });
        } else if (detail.roles[index]) {
          const record = entry.indexed.record;
          // NOTE: the field the word is in (job title, service area or team) is the one named as the reason.
          const wanted = stem(queryWords[index]!);
          const field = [record.jobTitle, record.serviceArea, record.team ?? ''].find((text) =>
            words(text).some((word) => stem(word) === wanted),
          );
          evidence.push({
            kind: 'role',
            queryWord: queryWords[index]!,
            matched: field || record.jobTitle || record.serviceArea,
          });
        }
      });
      return { person: entry.indexed.record, score: entry.score, evidence };
    });
  }

  /**
   * A word as the directory reads it: a mutated Welsh word ("gaffael", "chaffael") in its dictionary form when only
   * that form is known to the directory or the taxonomy; the word itself otherwise.
   */
  dictionaryForm(word: string): string {
    return this.isKnownWord(word) ? word : (radicalForms(word).find((form) => this.isKnownWord(form)) ?? word);
  }

  /** Whether a word is some visible person's skill word or a term of the skill taxonomy. */
  private isKnownWord(word: string): boolean {
    return this.wordPostings.has(word) || this.taxonomy.skillGroupsIn(word).length > 0;
  }

  /** Whether some visible person's skill contains this word (in normal form). */
  hasSkillWord(word: string): boolean {
    return this.wordPostings.has(word);
  }

  /** Visible people in any of these canonical services. */
  inServices(services: string[]): PersonRecord[] {
    const positions = new Set<number>();
    for (const service of services)
      for (const position of this.servicePostings.get(service) ?? []) positions.add(position);
    return [...positions].sort((left, right) => left - right).map((position) => this.people[position]!.record);
  }
}
