import type { AssistantDependencies } from '../../../src/core/assistant/index.ts';
import type { QuestionEntry, QuestionLog } from '../../../src/core/assistant/question-log.ts';
import type { Answer } from '../../../src/core/knowledge/types.ts';
import type { Language } from '../../../src/core/language/index.ts';
import type { Council, PersonMatch, PersonRecord, ProfileChanges } from '../../../src/core/people/types.ts';
import type { SharingRequest } from '../../../src/core/sharing/types.ts';

/** A directory person for tests. */
export function person(overrides: Partial<PersonRecord> = {}): PersonRecord {
  return {
    email: 'rhian.morgan@torfaen.gov.uk',
    name: 'Rhian Morgan',
    council: 'torfaen',
    jobTitle: 'Head of Waste and Recycling',
    serviceArea: 'Neighbourhood Services',
    skills: ['waste strategy', 'fleet management'],
    welshLevel: 3,
    team: 'Waste',
    managerEmail: null,
    slackUserId: null,
    teamsUserId: null,
    visible: true,
    services: ['waste'],
    level: 'head-of-service',
    ...overrides,
  };
}

export function match(overrides: Partial<PersonMatch> = {}): PersonMatch {
  return {
    email: 'gareth.price@blaenau-gwent.gov.uk',
    name: 'Gareth Price',
    council: 'blaenau-gwent',
    jobTitle: 'GIS Technician',
    serviceArea: 'Planning',
    skills: ['GIS', 'mapping'],
    welshLevel: 1,
    score: 1,
    reasons: ['skill: GIS'],
    ...overrides,
  };
}

export function sharingRequest(overrides: Partial<SharingRequest> = {}): SharingRequest {
  return {
    id: 'req-1',
    requesterEmail: 'rhian.morgan@torfaen.gov.uk',
    requesterCouncil: 'torfaen',
    title: 'How do you run your waste rota?',
    detail: 'How do you run your waste rota?',
    topic: { services: ['waste'], skills: [] },
    targetCouncils: ['blaenau-gwent'],
    status: 'routed',
    routedTo: ['a@blaenau-gwent.gov.uk', 'b@blaenau-gwent.gov.uk'],
    claimedBy: null,
    answer: null,
    answeredBy: null,
    helpful: null,
    language: 'en',
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    actions: [],
    ...overrides,
  };
}

export interface Calls {
  ask: { question: string; language?: Language }[];
  findBySkill: { query: string; council?: Council; excludeEmails?: string[] }[];
  counterparts: string[];
  open: { text: string; fromEmail: string; clientKey?: string; language?: Language }[];
  list: { involving?: string }[];
  updateProfile: { email: string; changes: ProfileChanges; via: string }[];
  recorded: QuestionEntry[];
}

/**
 * Fakes of knowledge, people and sharing that answer from small fixed data and record every call.
 * `directory` is who getOwnProfile knows (hidden people included, as the real one does for themselves).
 */
export function fakeDependencies(
  options: {
    directory?: PersonRecord[];
    skilled?: PersonMatch[];
    counterparts?: PersonMatch[];
    answer?: (question: string, language: Language) => Answer;
    requests?: SharingRequest[];
    fail?: Partial<Record<'ask' | 'findBySkill' | 'counterparts' | 'open' | 'list' | 'updateProfile', unknown>>;
  } = {},
): { dependencies: AssistantDependencies; calls: Calls; log: QuestionLog } {
  const calls: Calls = {
    ask: [],
    findBySkill: [],
    counterparts: [],
    open: [],
    list: [],
    updateProfile: [],
    recorded: [],
  };
  const directory = options.directory ?? [person()];
  const fail = options.fail ?? {};
  const check = (name: keyof typeof fail) => {
    if (name in fail) throw fail[name];
  };
  const log: QuestionLog = {
    async record(entry) {
      calls.recorded.push(entry);
      return `00000000-0000-4000-8000-${String(calls.recorded.length).padStart(12, '0')}`;
    },
    async feedback() {},
    async figures() {
      throw new Error('not used');
    },
  };
  const dependencies: AssistantDependencies = {
    knowledge: {
      async ask(question, askOptions) {
        calls.ask.push({ question, ...(askOptions?.language ? { language: askOptions.language } : {}) });
        check('ask');
        const language = askOptions?.language ?? 'en';
        return (
          options.answer?.(question, language) ?? {
            answered: true,
            answer: 'No. It is a federation of two councils of equal status; each keeps its sovereignty.',
            language,
            citations: [{ title: 'Federation facts', source: 'data/federation-facts.md', quote: 'not a merger' }],
          }
        );
      },
    },
    people: {
      // NOTE: this directory lists "caffael"; a mutated form of it is shown as listed, like the real directory does.
      async skillAsListed(skill) {
        return skill.replace(/^(?:g|ch|ngh)affael\b/i, 'caffael');
      },
      async findBySkill(query, findOptions) {
        calls.findBySkill.push({
          query,
          ...(findOptions?.council ? { council: findOptions.council } : {}),
          ...(findOptions?.excludeEmails ? { excludeEmails: findOptions.excludeEmails } : {}),
        });
        check('findBySkill');
        return (options.skilled ?? []).filter(
          (candidate) =>
            candidate.skills.some((skill) => skill.toLowerCase() === query.toLowerCase()) &&
            (!findOptions?.council || candidate.council === findOptions.council) &&
            !(findOptions?.excludeEmails ?? []).includes(candidate.email),
        );
      },
      async counterparts(emailOrRole) {
        calls.counterparts.push(emailOrRole);
        check('counterparts');
        return { counterparts: options.counterparts ?? [] };
      },
      async getOwnProfile(email) {
        return directory.find((entry) => entry.email === email) ?? null;
      },
      async updateProfile(email, changes, actor) {
        calls.updateProfile.push({ email, changes, via: actor.via });
        check('updateProfile');
        const current = directory.find((entry) => entry.email === email)!;
        return { ...current, ...changes };
      },
    },
    sharing: {
      async open(input) {
        calls.open.push({
          text: input.text,
          fromEmail: input.fromEmail,
          ...(input.clientKey ? { clientKey: input.clientKey } : {}),
          ...(input.language ? { language: input.language } : {}),
        });
        check('open');
        return sharingRequest({ title: input.text, detail: input.text });
      },
      async list(listOptions) {
        calls.list.push({ ...(listOptions?.involving ? { involving: listOptions.involving } : {}) });
        check('list');
        return options.requests ?? [];
      },
    },
    questionLog: log,
  };
  return { dependencies, calls, log };
}
