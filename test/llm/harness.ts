import type { PromptSet } from '../../src/core/model/index.ts';
import { createAssistant } from '../../src/core/assistant/index.ts';
import { createModelRouter } from '../../src/core/assistant/model/index.ts';
import type { Assistant, Incoming } from '../../src/core/assistant/types.ts';
import { createKnowledge } from '../../src/core/knowledge/create-knowledge.ts';
import { createGroundedAnswerer } from '../../src/core/knowledge/grounded-answer.ts';
import type { KnowledgeService } from '../../src/core/knowledge/types.ts';
import type { Council, PersonMatch, PersonRecord } from '../../src/core/people/types.ts';
import type { SharingRequest } from '../../src/core/sharing/types.ts';
import { createDocumentReader } from '../../src/ingest/index.ts';
import { createLanguageModels, loadPrompts } from '../../src/llm/index.ts';
import type { Database } from '../../src/store/index.ts';
import {
  createDocumentStore,
  defaultEnglishWordsFile,
  defaultLexiconFiles,
  readLexiconFile,
} from '../../src/store/knowledge/index.ts';
import { testConfig } from '../support/config.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.ts';
import { openTestPglite } from '../support/pglite-template.ts';

/** A staff record for the fake directory. */
export function person(
  email: string,
  name: string,
  council: Council,
  jobTitle: string,
  serviceArea: string,
  skills: string[],
  visible = true,
): PersonRecord {
  return {
    email,
    name,
    council,
    jobTitle,
    serviceArea,
    skills,
    welshLevel: 2,
    team: null,
    managerEmail: null,
    slackUserId: null,
    teamsUserId: null,
    visible,
    services: [],
    level: 'manager',
  };
}

export const staff: PersonRecord[] = [
  person('rhian.morgan@torfaen.gov.uk', 'Rhian Morgan', 'torfaen', 'Waste Services Manager', 'Waste and Recycling', [
    'route planning',
  ]),
  person(
    'dafydd.price@blaenau-gwent.gov.uk',
    'Dafydd Price',
    'blaenau-gwent',
    'Waste Services Manager',
    'Waste and Recycling',
    ['GIS', 'route planning'],
  ),
  person(
    'hidden.person@blaenau-gwent.gov.uk',
    'Gwenllian Cudd',
    'blaenau-gwent',
    'GIS Technician',
    'Planning',
    ['GIS'],
    false,
  ),
];

function match(record: PersonRecord, reason: string): PersonMatch {
  return {
    email: record.email,
    name: record.name,
    council: record.council,
    jobTitle: record.jobTitle,
    serviceArea: record.serviceArea,
    skills: record.skills,
    welshLevel: record.welshLevel,
    score: 1,
    reasons: [reason],
  };
}

/** A fake of the people capability that keeps its contract: hidden profiles never leave it. */
export function fakePeople() {
  const visible = () => staff.filter((record) => record.visible);
  return {
    async skillAsListed(skill: string) {
      return skill;
    },
    async findBySkill(query: string, options: { council?: Council; excludeEmails?: string[] } = {}) {
      const wanted = query.toLowerCase();
      return visible()
        .filter((record) =>
          record.skills.some((skill) => skill.toLowerCase().includes(wanted) || wanted.includes(skill.toLowerCase())),
        )
        .filter((record) => !options.council || record.council === options.council)
        .filter((record) => !options.excludeEmails?.includes(record.email))
        .map((record) => match(record, `skill: ${query}`));
    },
    async counterparts(emailOrRole: string) {
      const self = staff.find((record) => record.email === emailOrRole);
      const found = visible().filter((record) =>
        self
          ? record.council !== self.council && record.serviceArea === self.serviceArea
          : record.jobTitle.toLowerCase().includes(emailOrRole.toLowerCase()),
      );
      return { counterparts: found.map((record) => match(record, 'same service')) };
    },
    async getOwnProfile(email: string) {
      return staff.find((record) => record.email === email) ?? null;
    },
    async updateProfile(email: string) {
      return staff.find((record) => record.email === email)!;
    },
  };
}

/** A fake of the sharing capability: remembers what was opened, lists what it is given. */
export function fakeSharing(existing: SharingRequest[] = []) {
  const opened: { text: string; fromEmail: string }[] = [];
  return {
    opened,
    requests: existing,
    async open(input: { text: string; fromEmail: string }): Promise<SharingRequest> {
      opened.push(input);
      const request: SharingRequest = { ...sharingRequest(input.text, input.fromEmail), id: `r${opened.length}` };
      existing.push(request);
      return request;
    },
    async list() {
      return existing;
    },
  };
}

export function sharingRequest(detail: string, requesterEmail = staff[0]!.email): SharingRequest {
  return {
    id: 'r-existing',
    requesterEmail,
    requesterCouncil: 'torfaen',
    title: detail.slice(0, 60),
    detail,
    topic: { services: [], skills: [] },
    targetCouncils: ['blaenau-gwent'],
    status: 'routed',
    routedTo: ['dafydd.price@blaenau-gwent.gov.uk'],
    claimedBy: null,
    answer: null,
    answeredBy: null,
    helpful: null,
    language: 'en',
    createdAt: '2026-11-01T10:00:00Z',
    updatedAt: '2026-11-01T10:00:00Z',
    actions: [],
  };
}

export interface Harness {
  server: FakeOpenAI;
  db: Database;
  prompts: PromptSet;
  knowledge: KnowledgeService;
  assistant: Assistant;
  sharing: ReturnType<typeof fakeSharing>;
  say(text: string, asker?: PersonRecord | null): ReturnType<Assistant['handle']>;
  close(): Promise<void>;
}

/**
 * The real knowledge capability (PGlite, BM25) and the real assistant, with the real openai SDK pointed at
 * the fake OpenAI server; people and sharing are fakes that keep their contracts.
 */
export async function startHarness(
  options: {
    embeddings?: boolean;
    breaker?: { failureThreshold: number; coolDownMs: number; now?: () => number };
  } = {},
): Promise<Harness> {
  const server = await startFakeOpenAI();
  const db = await openTestPglite();
  const config = testConfig({
    OPENAI_BASE_URL: server.baseUrl,
    OPENAI_MODEL: 'gpt-test',
    ...(options.embeddings ? { OPENAI_EMBEDDING_MODEL: 'embed-test' } : {}),
  });
  const models = createLanguageModels(config.openai, {
    retry: { sleep: async () => undefined },
    ...(options.breaker ? { breaker: options.breaker } : {}),
  })!;
  const prompts = await loadPrompts();
  const knowledge = createKnowledge({
    store: createDocumentStore(db),
    reader: createDocumentReader(),
    lexiconText: () => readLexiconFile(defaultLexiconFiles),
    englishWordsText: () => readLexiconFile(defaultEnglishWordsFile),
    embeddingModel: models.embeddingModel,
    answerWriter: createGroundedAnswerer({ model: models.languageModel, prompt: prompts.answer }),
  });
  const sharing = fakeSharing();
  const assistant = createAssistant({
    knowledge,
    people: fakePeople(),
    sharing,
    modelRouter: createModelRouter({ model: models.languageModel, prompt: prompts.assistant }),
  });
  return {
    server,
    db,
    prompts,
    knowledge,
    assistant,
    sharing,
    say(text, asker = staff[0]!) {
      const incoming: Incoming = {
        channel: 'web',
        channelUserId: 'w1',
        person: asker,
        email: asker?.email ?? null,
        isAdmin: false,
        text,
      };
      return assistant.handle(incoming);
    },
    async close() {
      await server.close();
      await db.close();
    },
  };
}
