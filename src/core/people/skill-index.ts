import { isStopWord, normalise, stem, typoAllowance, words, editDistance } from './text.ts';
import type { Taxonomy } from './taxonomy.ts';
import type { Council, PersonRecord } from './types.ts';

/** How a query word met a person, strongest first. */
export type MatchKind = 'exact' | 'synonym' | 'stem' | 'typo' | 'role';

const kindWeight: Record<MatchKind, number> = { exact: 0.9, synonym: 0.8, stem: 0.6, typo: 0.4, role: 0.3 };

// NOTE: words that half the directory's skills contain say little about a specialism; they count a third as much,
// so "waste management" finds waste people, not everyone in "development management".
const genericWords = new Set([
  'management', 'manage', 'planning', 'plan', 'development', 'service', 'services', 'officer', 'support', 'strategy',
  'policy', 'work', 'working', 'assessment', 'analysis', 'systems', 'system', 'general', 'advice', 'rheoli', 'cynllunio',
  'datblygu', 'gwasanaethau', 'cymorth', 'swyddog',
]);

/** A result scoring under this share of the best one is noise and is left out. */
const relativeFloor = 0.35;

interface SkillEntry {
  text: string;
  normal: string;
  words: Set<string>;
  stems: Set<string>;
  groups: Set<number>;
}

interface IndexedPerson {
  record: PersonRecord;
  skills: SkillEntry[];
  roleStems: Set<string>;
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
  council?: Council | 'both';
  excludeEmails?: Set<string>;
  /** Count job title, service area and team words as weak matches (default true). */
  includeRole?: boolean;
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
  private readonly vocabulary: string[] = [];

  constructor(
    records: PersonRecord[],
    private readonly taxonomy: Taxonomy,
  ) {
    const groupCache = new Map<string, Set<number>>();
    const vocabulary = new Set<string>();
    records.forEach((record, position) => {
      const skills: SkillEntry[] = record.skills.map((text) => {
        const normal = normalise(text);
        let groups = groupCache.get(normal);
        if (!groups) {
          groups = new Set(taxonomy.skillGroupsIn(text).map((hit) => hit.group));
          const whole = taxonomy.skillGroupOf(text);
          if (whole >= 0) groups.add(whole);
          groupCache.set(normal, groups);
        }
        const skillWords = words(text).filter((word) => !isStopWord(word));
        return { text, normal, words: new Set(skillWords), stems: new Set(skillWords.map(stem)), groups };
      });
      const roleStems = new Set(words(`${record.jobTitle} ${record.serviceArea} ${record.team ?? ''}`).filter((word) => !isStopWord(word)).map(stem));
      this.people.push({ record, skills, roleStems });
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
    });
    this.vocabulary = [...vocabulary];
  }

  get size(): number {
    return this.people.length;
  }

  get(email: string): PersonRecord | undefined {
    const position = this.byEmail.get(email);
    return position === undefined ? undefined : this.people[position]!.record;
  }

  /** People whose skills (and, weakly, roles) match the query, best first. */
  search(query: string, options: IndexSearchOptions = {}): IndexHit[] {
    const queryNormal = normalise(query);
    const queryWords = words(query).filter((word) => !isStopWord(word));
    if (queryWords.length === 0) return [];
    const queryStems = queryWords.map(stem);
    const includeRole = options.includeRole ?? true;

    // Which taxonomy synonym group covers each query word ("caffael" → procurement).
    const wordGroups: { group: number; phrase: string }[][] = queryWords.map(() => []);
    const groupHits = this.taxonomy.skillGroupsIn(queryWords.join(' '));
    // NOTE: skillGroupsIn works on the same stop-word-free words, so positions line up; recompute spans by stems.
    for (const hit of groupHits) {
      const hitStems = words(hit.phrase).filter((word) => !isStopWord(word)).map(stem);
      for (let start = 0; start + hitStems.length <= queryStems.length; start += 1) {
        if (hitStems.every((value, offset) => queryStems[start + offset] === value)) {
          for (let offset = 0; offset < hitStems.length; offset += 1) wordGroups[start + offset]!.push({ group: hit.group, phrase: hit.phrase });
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
      if (includeRole) collect(this.rolePostings.get(queryStems[index]!));
    });

    const hits: IndexHit[] = [];
    for (const position of candidates) {
      const indexed = this.people[position]!;
      const record = indexed.record;
      if (options.council && options.council !== 'both' && record.council !== options.council) continue;
      if (options.excludeEmails?.has(record.email)) continue;

      const evidence: MatchEvidence[] = [];
      const phrase = indexed.skills.find((skill) => skill.normal === queryNormal);
      let total = 0;
      let totalWeight = 0;
      queryWords.forEach((word, index) => {
        const wordWeight = queryWords.length > 1 && genericWords.has(word) ? 1 / 3 : 1;
        totalWeight += wordWeight;
        let best: MatchEvidence | undefined;
        let bestWeight = 0;
        const consider = (kind: MatchKind, matched: string, via?: string, weight = kindWeight[kind]) => {
          if (weight > bestWeight) {
            bestWeight = weight;
            best = { kind, queryWord: word, matched, ...(via ? { via } : {}) };
          }
        };
        for (const skill of indexed.skills) {
          if (phrase && skill === phrase) continue;
          if (skill.words.has(word)) {
            consider('exact', skill.text);
            continue;
          }
          const group = wordGroups[index]!.find((candidate) => skill.groups.has(candidate.group));
          const lexical: MatchKind | undefined = skill.stems.has(queryStems[index]!)
            ? stemOrTypo(word, skill.words)
            : [...skill.words].some((skillWord) => typoWords[index]!.has(skillWord))
              ? 'typo'
              : undefined;
          // NOTE: a skill in the query's synonym group that is also spelt like the query ("procurment" →
          // "Procurement") beats a mere synonym ("Contract management"), but not an exact word.
          if (group && lexical) consider(lexical, skill.text, undefined, 0.85);
          else if (group) consider('synonym', skill.text, group.phrase);
          else if (lexical) consider(lexical, skill.text);
        }
        if (!best && includeRole && indexed.roleStems.has(queryStems[index]!)) consider('role', record.jobTitle || record.serviceArea);
        if (best) evidence.push(best);
        total += bestWeight * wordWeight;
      });
      let score = total / totalWeight;
      if (phrase) {
        score = 1;
        evidence.unshift({ kind: 'phrase', queryWord: query.trim(), matched: phrase.text });
      }
      if (score <= 0) continue;
      hits.push({ person: record, score: Math.min(100, Math.round(score * 1000) / 10), evidence });
    }
    hits.sort((left, right) => right.score - left.score || left.person.name.localeCompare(right.person.name));
    const floor = (hits[0]?.score ?? 0) * relativeFloor;
    return hits.filter((hit) => hit.score >= floor);
  }

  /** Every indexed person that passes the filter (for topic matching and counterparts). */
  filter(predicate: (record: PersonRecord) => boolean): PersonRecord[] {
    return this.people.filter((indexed) => predicate(indexed.record)).map((indexed) => indexed.record);
  }
}
