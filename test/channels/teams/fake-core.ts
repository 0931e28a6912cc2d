import type { Incoming, Reply } from '../../../src/core/assistant/types.ts';
import { detectLanguage, languageFromLocale } from '../../../src/core/language/index.ts';
import type { Actor, PersonRecord } from '../../../src/core/people/types.ts';
import { actionsFor, type ActionViewer } from '../../../src/core/sharing/actions.ts';
import type { Notifier, SharingRequest } from '../../../src/core/sharing/types.ts';
import type { TeamsCore } from '../../../src/channels/teams/index.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../src/errors.ts';
import { afterAnswer } from '../../../src/channels/after-response.ts';

/** Staff the fakes know. Hidden people are stored but never returned by searches. */
export const staff: PersonRecord[] = [
  person({
    email: 'rhian.morgan@torfaen.gov.uk',
    name: 'Rhian Morgan',
    council: 'torfaen',
    jobTitle: 'Waste Services Manager',
    serviceArea: 'Neighbourhood Services',
    skills: ['waste rota'],
    teamsUserId: null,
  }),
  person({
    email: 'gareth.price@blaenau-gwent.gov.uk',
    name: 'Gareth Price',
    council: 'blaenau-gwent',
    jobTitle: 'GIS Technician',
    serviceArea: 'Planning',
    skills: ['GIS', 'mapping', 'waste rota'],
  }),
  person({
    email: 'alun.jones@blaenau-gwent.gov.uk',
    name: 'Alun Jones',
    council: 'blaenau-gwent',
    jobTitle: 'Refuse Team Leader',
    serviceArea: 'Waste and Recycling',
    skills: ['waste rota', 'GIS'],
  }),
  person({
    email: 'hidden.person@blaenau-gwent.gov.uk',
    name: 'Hidden Person',
    council: 'blaenau-gwent',
    jobTitle: 'GIS Officer',
    serviceArea: 'Planning',
    skills: ['GIS'],
    visible: false,
  }),
];

function person(
  fields: Partial<PersonRecord> &
    Pick<PersonRecord, 'email' | 'name' | 'council' | 'jobTitle' | 'serviceArea' | 'skills'>,
): PersonRecord {
  return {
    welshLevel: 2,
    team: null,
    managerEmail: null,
    slackUserId: null,
    teamsUserId: null,
    visible: true,
    services: [],
    level: 'officer',
    ...fields,
  };
}

/**
 * In-memory fakes of the core capabilities the Teams channel calls, with the core's rules that matter to the
 * channel: hidden people never appear, only routed people may claim, a claimed request cannot be claimed again.
 */
export function createFakeCore() {
  const people = staff.map((entry) => ({ ...entry }));
  const requests = new Map<string, SharingRequest>();
  const received: Incoming[] = [];
  const feedback: { answerId: string; helpful: boolean; who: unknown }[] = [];
  const notifiers: Notifier[] = [];
  let nextRequest = 1;
  const state = { nextText: '' };

  // NOTE: as the real core is wired in a server, deliveries wait until the interaction has been answered.
  /** The request as `viewer` gets it: its actions are the real core's list for them. */
  const view = (request: SharingRequest, viewer: ActionViewer): SharingRequest => ({
    ...request,
    actions: actionsFor(request, viewer),
  });
  const notifyAll = (
    kind: Parameters<Notifier['notify']>[0]['kind'],
    recipientEmail: string,
    request: SharingRequest,
  ) => {
    const copy = view(request, { email: recipientEmail });
    return afterAnswer(async () => {
      for (const notifier of notifiers)
        await notifier.notify({ kind, recipientEmail, request: copy, reasons: ['works on waste rotas'] });
    });
  };
  const mustGet = (id: string) => {
    const request = requests.get(id);
    if (!request) throw new NotFoundError(`There is no request ${id}.`);
    return request;
  };
  const touch = (request: SharingRequest, changes: Partial<SharingRequest>, actor: Actor) => {
    Object.assign(request, changes, { updatedAt: new Date().toISOString() });
    return view(request, actor);
  };

  const sharing: TeamsCore['sharing'] = {
    async open(input) {
      if (!input.text.trim()) throw new ValidationError('Write what you would like to ask.');
      const requester = people.find((entry) => entry.email === input.fromEmail);
      if (!requester) throw new NotFoundError(`${input.fromEmail} is not in the directory.`);
      const existing = [...requests.values()].find(
        (request) =>
          input.clientKey && (request as SharingRequest & { clientKey?: string }).clientKey === input.clientKey,
      );
      if (existing) return view(existing, { email: input.fromEmail });
      const routedTo = people
        .filter((entry) => entry.visible && entry.council !== requester.council && entry.skills.includes('waste rota'))
        .map((entry) => entry.email);
      const id = String(nextRequest++);
      const request: SharingRequest & { clientKey?: string } = {
        id,
        requesterEmail: requester.email,
        requesterCouncil: requester.council,
        title: input.text.slice(0, 80),
        detail: input.text,
        topic: { services: ['waste'], skills: ['waste rota'] },
        targetCouncils: [requester.council === 'torfaen' ? 'blaenau-gwent' : 'torfaen'],
        status: 'routed',
        routedTo,
        claimedBy: null,
        answer: null,
        answeredBy: null,
        helpful: null,
        language: input.language ?? 'en',
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
        actions: [],
        ...(input.clientKey ? { clientKey: input.clientKey } : {}),
      };
      requests.set(id, request);
      for (const email of routedTo) await notifyAll('request-routed', email, request);
      return view(request, { email: requester.email });
    },
    async get(id, options) {
      // NOTE: as the real core: where others read it too, only the public fields, whom it went to left out, and no actions.
      if (options?.audience === 'shared') return { ...mustGet(id), routedTo: [], actions: [] };
      return view(mustGet(id), { email: options?.viewer ?? null, isAdmin: options?.isAdmin });
    },
    async claim(id, actor: Actor) {
      const request = mustGet(id);
      if (!actor.email || !request.routedTo.includes(actor.email))
        throw new ForbiddenError('This request was not sent to you.');
      if (request.status !== 'routed')
        throw new ConflictError(`${request.claimedBy ?? 'Someone'} has already picked this up.`);
      const claimed = touch(request, { status: 'claimed', claimedBy: actor.email }, actor);
      await notifyAll('request-claimed', request.requesterEmail!, claimed);
      return claimed;
    },
    async decline(id, actor) {
      const request = mustGet(id);
      if (!actor.email || !request.routedTo.includes(actor.email))
        throw new ForbiddenError('This request was not sent to you.');
      return touch(request, { routedTo: request.routedTo.filter((email) => email !== actor.email) }, actor);
    },
    async answer(id, text, actor) {
      const request = mustGet(id);
      if (request.claimedBy !== actor.email)
        throw new ForbiddenError('Only the person who picked this up can answer it.');
      if (!text.trim()) throw new ValidationError('Write an answer first.');
      const answered = touch(request, { status: 'answered', answer: text, answeredBy: actor.email }, actor);
      await notifyAll('request-answered', request.requesterEmail!, answered);
      return answered;
    },
    async markHelpful(id, helpful, actor) {
      const request = mustGet(id);
      if (request.requesterEmail !== actor.email)
        throw new ForbiddenError('Only the requester can say whether it helped.');
      return touch(request, { helpful }, actor);
    },
    async close(id, actor) {
      const request = mustGet(id);
      if (request.requesterEmail !== actor.email) throw new ForbiddenError('Only the requester can close it.');
      return touch(request, { status: 'closed' }, actor);
    },
    async cancel(id, actor) {
      const request = mustGet(id);
      if (request.requesterEmail !== actor.email) throw new ForbiddenError('Only the requester can cancel it.');
      if (!['open', 'routed', 'claimed'].includes(request.status))
        throw new ConflictError('This request can no longer be cancelled.');
      return touch(request, { status: 'cancelled' }, actor);
    },
  };

  const core: TeamsCore = {
    assistant: {
      async handle(incoming, options): Promise<Reply> {
        received.push(incoming);
        if (incoming.text === 'stream please')
          for (const piece of ['The review ', 'recommended a permanent ', 'Joint Chief Executive.'])
            options?.onText?.(piece);
        if (incoming.text === 'break please') throw new Error('the assistant fell over');
        if (incoming.text === 'help') return { kind: 'text', language: 'en', text: state.nextText };
        if (incoming.text === 'profile')
          return {
            kind: 'profile',
            language: 'en',
            text: 'Your profile:',
            person: people.find((entry) => entry.email === incoming.email) ?? null,
          };
        const language = detectLanguage(incoming.text, languageFromLocale(incoming.locale) ?? 'en');
        const skill =
          /^(?:skills|sgiliau)\s+(.+)$/i.exec(incoming.text)?.[1] ?? /who knows (.+?)\??$/i.exec(incoming.text)?.[1];
        if (skill) {
          const found = people.filter(
            (entry) => entry.visible && entry.skills.some((known) => known.toLowerCase() === skill.toLowerCase()),
          );
          return {
            kind: 'people',
            language,
            heading: `People with ${skill}`,
            people: found.map((entry) => ({ ...entry, score: 1, reasons: [`skill: ${skill}`] })),
            query: skill,
          };
        }
        const share = /^share\s+(.+)$/i.exec(incoming.text)?.[1];
        if (share) {
          if (!incoming.email) return { kind: 'error', language, text: 'You need to be in the directory to share.' };
          const request = await sharing.open({
            text: share,
            fromEmail: incoming.email,
            ...(incoming.clientKey ? { clientKey: incoming.clientKey } : {}),
          });
          return { kind: 'request', language, text: `Request ${request.id} is open.`, request };
        }
        const answer =
          language === 'cy'
            ? 'Argymhellodd yr adolygiad Brif Weithredwr ar y Cyd parhaol.'
            : 'The review recommended a permanent Joint Chief Executive.';
        return {
          kind: 'answer',
          offerAskAPerson: true,
          language,
          question: incoming.text,
          answerId: 'answer-1',
          answer: {
            answered: true,
            answer,
            language,
            citations: [
              {
                title: 'Joint release, 23 January 2025',
                source: 'https://blaenau-gwent.gov.uk/en/news/joint-chief-executive',
                quote: 'recommended a permanent Joint Chief Executive',
              },
            ],
          },
        };
      },
      async feedback(answerId, helpful, who) {
        if (answerId === 'answer-broken') throw new Error('the question log is down');
        if (answerId !== 'answer-1') throw new NotFoundError(`There is no answer ${answerId}.`);
        feedback.push({ answerId, helpful, who });
      },
    },
    people: {
      async findBySkill(query, options) {
        if (query.trim().length < 2) throw new ValidationError('Type at least two letters of a skill.');
        return people
          .filter((entry) => entry.visible && entry.skills.some((known) => known.toLowerCase() === query.toLowerCase()))
          .slice(0, options?.limit ?? 10)
          .map((entry) => ({ ...entry, score: 1, reasons: [`skill: ${query}`] }));
      },
      async findByChannelUser(_channel, userId) {
        return people.find((entry) => entry.teamsUserId === userId) ?? null;
      },
      async getOwnProfile(email) {
        return people.find((entry) => entry.email === email.toLowerCase()) ?? null;
      },
      async linkChannelUser(email, _channel, userId) {
        const found = people.find((entry) => entry.email === email);
        if (found) found.teamsUserId = userId;
      },
      async updateProfile(email, changes) {
        const found = people.find((entry) => entry.email === email);
        if (!found) throw new NotFoundError(`${email} is not in the directory.`);
        Object.assign(found, changes);
        return { ...found };
      },
    },
    sharing,
  };

  return {
    core,
    people,
    requests,
    received,
    feedback,
    addNotifier: (notifier: Notifier) => notifiers.push(notifier),
    /** The text the fake answers "help" with. */
    set nextText(value: string) {
      state.nextText = value;
    },
  };
}

export type FakeCore = ReturnType<typeof createFakeCore>;
