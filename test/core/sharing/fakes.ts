import type { TextDocument } from '../../../src/core/knowledge/types.ts';
import type { Council, People, PersonMatch, PersonRecord, Topic } from '../../../src/core/people/types.ts';
import type { Notification, Notifier } from '../../../src/core/sharing/types.ts';

type FakePerson = Pick<
  PersonRecord,
  'email' | 'name' | 'council' | 'jobTitle' | 'serviceArea' | 'services' | 'skills' | 'level'
> & { visible?: boolean };

const levelRank: Record<string, number> = {
  'chief-officer': 5,
  'head-of-service': 4,
  manager: 3,
  'team-leader': 2,
  officer: 1,
};

// Words the fake directory understands, and the service or skill each stands for.
const vocabulary: Record<string, { service?: string; skill?: string }> = {
  waste: { service: 'waste', skill: 'waste rota' },
  rota: { skill: 'waste rota' },
  recycling: { service: 'waste' },
  dpia: { skill: 'data protection impact assessment', service: 'information-governance' },
  'data protection': { skill: 'data protection impact assessment', service: 'information-governance' },
  copilot: { skill: 'microsoft 365' },
  'section 113': { skill: 'section 113 agreements', service: 'legal' },
  planning: { service: 'planning' },
  appeals: { skill: 'planning appeals', service: 'planning' },
  libraries: { service: 'libraries' },
};

/** A small staff directory that behaves like the people capability, for core tests. */
export function createFakePeople(people: FakePerson[]): Pick<
  People,
  'inferTopic' | 'matchTopic' | 'seniorContact' | 'getPerson' | 'getOwnProfile'
> & {
  records: PersonRecord[];
} {
  const records: PersonRecord[] = people.map((person) => ({
    team: null,
    managerEmail: null,
    slackUserId: null,
    teamsUserId: null,
    welshLevel: 0,
    ...person,
    visible: person.visible ?? true,
  }));
  const visible = () => records.filter((record) => record.visible);
  const toMatch = (record: PersonRecord, score: number, reasons: string[]): PersonMatch => ({
    email: record.email,
    name: record.name,
    council: record.council,
    jobTitle: record.jobTitle,
    serviceArea: record.serviceArea,
    skills: record.skills,
    welshLevel: record.welshLevel,
    score,
    reasons,
  });

  return {
    records,
    async inferTopic(text: string): Promise<Topic> {
      const lower = text.toLowerCase();
      const services = new Set<string>();
      const skills = new Set<string>();
      for (const [word, meaning] of Object.entries(vocabulary)) {
        if (!lower.includes(word)) continue;
        if (meaning.service) services.add(meaning.service);
        if (meaning.skill) skills.add(meaning.skill);
      }
      return { services: [...services], skills: [...skills] };
    },
    async matchTopic(topic, options) {
      const exclude = new Set(options.excludeEmails ?? []);
      return visible()
        .filter(
          (record) =>
            (options.council === 'both' ||
              (Array.isArray(options.council)
                ? options.council.includes(record.council)
                : record.council === options.council)) &&
            !exclude.has(record.email),
        )
        .map((record) => {
          const skills = record.skills.filter((skill) => topic.skills.includes(skill));
          const services = record.services.filter((service) => topic.services.includes(service));
          const reasons = [
            ...skills.map((skill) => `skill: ${skill}`),
            ...services.map((service) => `works in ${service}`),
          ];
          // A topic that names skills needs someone with one of them; otherwise the service is enough.
          const fits = topic.skills.length > 0 ? skills.length > 0 : services.length > 0;
          return toMatch(record, fits ? skills.length * 2 + services.length : 0, reasons);
        })
        .filter((match) => match.score > 0)
        .sort((a, b) => b.score - a.score || a.email.localeCompare(b.email))
        .slice(0, options.limit);
    },
    async seniorContact(topic, council: Council) {
      const candidates = visible()
        .filter(
          (record) => record.council === council && record.services.some((service) => topic.services.includes(service)),
        )
        .sort((a, b) => (levelRank[b.level] ?? 0) - (levelRank[a.level] ?? 0));
      const senior = candidates[0];
      return senior ? toMatch(senior, 1, [`${senior.jobTitle}, the most senior in ${senior.serviceArea}`]) : null;
    },
    async getPerson(email) {
      return visible().find((record) => record.email === email.toLowerCase()) ?? null;
    },
    async getOwnProfile(email) {
      return records.find((record) => record.email === email.toLowerCase()) ?? null;
    },
  };
}

/** The directory most sharing tests use: a waste team in each council, a legal lead, a hidden expert. */
export function sampleDirectory() {
  return createFakePeople([
    {
      email: 'rhian@blaenau-gwent.gov.uk',
      name: 'Rhian Evans',
      council: 'blaenau-gwent',
      jobTitle: 'Waste Services Manager',
      serviceArea: 'Waste',
      services: ['waste'],
      skills: ['waste rota'],
      level: 'manager',
    },
    {
      email: 'dai@blaenau-gwent.gov.uk',
      name: 'Dai Morgan',
      council: 'blaenau-gwent',
      jobTitle: 'Information Governance Officer',
      serviceArea: 'Information Governance',
      services: ['information-governance'],
      skills: ['data protection impact assessment'],
      level: 'officer',
    },
    {
      email: 'tom@torfaen.gov.uk',
      name: 'Tom Price',
      council: 'torfaen',
      jobTitle: 'Waste Operations Team Leader',
      serviceArea: 'Waste',
      services: ['waste'],
      skills: ['waste rota'],
      level: 'team-leader',
    },
    {
      email: 'sian@torfaen.gov.uk',
      name: 'Siân Jones',
      council: 'torfaen',
      jobTitle: 'Head of Neighbourhood Services',
      serviceArea: 'Waste',
      services: ['waste'],
      skills: [],
      level: 'head-of-service',
    },
    {
      email: 'ann@torfaen.gov.uk',
      name: 'Ann Hughes',
      council: 'torfaen',
      jobTitle: 'Recycling Officer',
      serviceArea: 'Waste',
      services: ['waste'],
      skills: ['waste rota'],
      level: 'officer',
    },
    {
      email: 'gareth@torfaen.gov.uk',
      name: 'Gareth Lewis',
      council: 'torfaen',
      jobTitle: 'Fleet Officer',
      serviceArea: 'Waste',
      services: ['waste'],
      skills: ['waste rota'],
      level: 'officer',
    },
    {
      email: 'owain@torfaen.gov.uk',
      name: 'Owain Davies',
      council: 'torfaen',
      jobTitle: 'Waste Supervisor',
      serviceArea: 'Waste',
      services: ['waste'],
      skills: ['waste rota'],
      level: 'team-leader',
    },
    {
      email: 'carys@torfaen.gov.uk',
      name: 'Carys Thomas',
      council: 'torfaen',
      jobTitle: 'Waste Scheduler',
      serviceArea: 'Waste',
      services: ['waste'],
      skills: ['waste rota'],
      level: 'officer',
    },
    {
      email: 'hidden@torfaen.gov.uk',
      name: 'Hidden Expert',
      council: 'torfaen',
      jobTitle: 'Waste Rota Planner',
      serviceArea: 'Waste',
      services: ['waste'],
      skills: ['waste rota'],
      level: 'officer',
      visible: false,
    },
    {
      email: 'lowri@torfaen.gov.uk',
      name: 'Lowri Bowen',
      council: 'torfaen',
      jobTitle: 'Head of Legal Services',
      serviceArea: 'Legal',
      services: ['legal', 'information-governance'],
      skills: [],
      level: 'head-of-service',
    },
    {
      email: 'megan@torfaen.gov.uk',
      name: 'Megan Rees',
      council: 'torfaen',
      jobTitle: 'Planning Officer',
      serviceArea: 'Planning',
      services: ['planning'],
      skills: [],
      level: 'officer',
    },
  ]);
}

/** Records every addDocument call. */
export function createFakeKnowledge() {
  const documents: TextDocument[] = [];
  return {
    documents,
    async addDocument(document: TextDocument) {
      documents.push(document);
      return { documentId: `document-${documents.length}`, chunks: 1 };
    },
  };
}

/** A notifier that keeps what it was given; `failFor` makes delivery to those emails throw. */
export function createRecordingNotifier(failFor: string[] = []): Notifier & { sent: Notification[] } {
  const sent: Notification[] = [];
  return {
    sent,
    async notify(notification) {
      if (failFor.includes(notification.recipientEmail))
        throw new Error(`mailbox of ${notification.recipientEmail} is unreachable`);
      sent.push(notification);
    },
  };
}

export const silent = { info() {}, warn() {}, error() {} };
