import { describe, expect, it } from 'vitest';
import { createAssistant, messagesFor, type IntentRouter } from '../../../src/core/assistant/index.ts';
import type { Incoming, Reply } from '../../../src/core/assistant/types.ts';
import { ConflictError, ForbiddenError, NotFoundError, UpstreamError, ValidationError } from '../../../src/errors.ts';
import { fakeDependencies, match, person, sharingRequest } from './fakes.ts';

const rhian = person();

function incoming(text: string, overrides: Partial<Incoming> = {}): Incoming {
  return {
    channel: 'slack',
    channelUserId: 'U123',
    person: rhian,
    email: rhian.email,
    isAdmin: false,
    text,
    ...overrides,
  };
}

function anonymous(text: string, overrides: Partial<Incoming> = {}): Incoming {
  return incoming(text, { person: null, email: 'new.starter@torfaen.gov.uk', ...overrides });
}

function textOf(reply: Reply): string {
  return 'text' in reply ? reply.text : '';
}

function collectingLogger() {
  const entries: { level: string; details: object; message: string }[] = [];
  return {
    entries,
    logger: {
      error: (details: object, message: string) => void entries.push({ level: 'error', details, message }),
      warn: (details: object, message: string) => void entries.push({ level: 'warn', details, message }),
      info: (details: object, message: string) => void entries.push({ level: 'info', details, message }),
    },
  };
}

describe('the assistant answering documents questions', () => {
  it('answers from the documents with the citations and an answer id for feedback', async () => {
    const { dependencies, calls } = fakeDependencies();
    const reply = await createAssistant(dependencies).handle(incoming('Is this a merger?'));
    expect(reply).toMatchObject({
      kind: 'answer',
      language: 'en',
      question: 'Is this a merger?',
      answer: { answered: true },
    });
    if (reply.kind !== 'answer') throw new Error('expected an answer');
    expect(reply.answer.citations[0]!.source).toBe('data/federation-facts.md');
    expect(reply.answerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(calls.ask).toEqual([{ question: 'Is this a merger?', language: 'en' }]);
    expect(calls.recorded).toEqual([
      {
        channel: 'slack',
        language: 'en',
        intent: 'ask',
        question: 'Is this a merger?',
        answered: true,
        council: 'torfaen',
        clientKey: null,
      },
    ]);
  });

  it('asks the documents in Welsh when the question is Welsh, whatever the locale', async () => {
    const { dependencies, calls } = fakeDependencies();
    const reply = await createAssistant(dependencies).handle(
      incoming("pwy yw'r Prif Weithredwr ar y cyd?", { locale: 'en-GB' }),
    );
    expect(reply.language).toBe('cy');
    expect(calls.ask).toEqual([{ question: "pwy yw'r Prif Weithredwr ar y cyd?", language: 'cy' }]);
  });

  it('falls back to the platform locale when the text does not say which language it is', async () => {
    const { dependencies } = fakeDependencies();
    const assistant = createAssistant(dependencies);
    expect((await assistant.handle(incoming('help', { locale: 'cy-GB' }))).language).toBe('cy');
    expect(textOf(await assistant.handle(incoming('help', { locale: 'cy-GB' })))).toBe(messagesFor('cy').help);
    expect((await assistant.handle(incoming('help', { locale: 'en-GB' }))).language).toBe('en');
    expect((await assistant.handle(incoming('help', { locale: 'fr-FR' }))).language).toBe('en');
    expect((await assistant.handle(incoming('help'))).language).toBe('en');
  });

  it('passes the streaming callback through to the documents answer', async () => {
    const { dependencies } = fakeDependencies();
    const streamed: string[] = [];
    const knowledge = {
      async ask(_question: string, options?: { onText?: (delta: string) => void }) {
        options?.onText?.('No. ');
        options?.onText?.('It is a federation.');
        return { answered: true, answer: 'No. It is a federation.', language: 'en' as const, citations: [] };
      },
    };
    const reply = await createAssistant({ ...dependencies, knowledge }).handle(incoming('Is this a merger?'), {
      onText: (delta) => void streamed.push(delta),
    });
    expect(streamed.join('')).toBe('No. It is a federation.');
    expect(reply).toMatchObject({ kind: 'answer', answer: { answer: 'No. It is a federation.' } });
  });

  it("does not take the councils' names for Welsh", async () => {
    const { dependencies } = fakeDependencies();
    const assistant = createAssistant(dependencies);
    expect((await assistant.handle(incoming('head of waste in Blaenau Gwent'))).language).toBe('en');
    expect((await assistant.handle(incoming('pennaeth gwastraff ym Mlaenau Gwent'))).language).toBe('cy');
  });

  it('needs a Welsh word, not just Welsh-looking letters, to answer in Welsh', async () => {
    const { dependencies } = fakeDependencies();
    const assistant = createAssistant(dependencies);
    expect((await assistant.handle(incoming('staff wellbeing officer?'))).language).toBe('en');
    expect((await assistant.handle(incoming('skills staff wellbeing'))).language).toBe('en');
    expect((await assistant.handle(incoming('staff wellbeing officer?', { locale: 'cy-GB' }))).language).toBe('cy');
    expect((await assistant.handle(incoming('sgiliau lles staff'))).language).toBe('cy');
    expect((await assistant.handle(incoming('Ffederasiwn: beth yw hyn?'))).language).toBe('cy');
  });

  it('logs an unanswered question as unanswered', async () => {
    const { dependencies, calls } = fakeDependencies({
      answer: (_question, language) => ({
        answered: false,
        answer: 'The documents do not say.',
        language,
        citations: [],
      }),
    });
    const reply = await createAssistant(dependencies).handle(
      incoming('What is the car parking policy at Civic Centre?'),
    );
    expect(reply).toMatchObject({ kind: 'answer', answer: { answered: false } });
    expect(calls.recorded[0]).toMatchObject({ intent: 'ask', answered: false });
  });

  it('answers people who are not in the directory too, without logging who they are', async () => {
    const { dependencies, calls } = fakeDependencies();
    const reply = await createAssistant(dependencies).handle(anonymous('Is this a merger?'));
    expect(reply.kind).toBe('answer');
    expect(calls.recorded[0]).toMatchObject({ council: null });
    expect(JSON.stringify(calls.recorded)).not.toContain('new.starter');
  });

  it('asks for a question when "ask" comes with nothing', async () => {
    const { dependencies, calls } = fakeDependencies();
    expect(textOf(await createAssistant(dependencies).handle(incoming('ask')))).toBe(messagesFor('en').whatToAsk);
    expect(calls.ask).toEqual([]);
  });

  it('tells someone who sends nothing what to type, in their locale', async () => {
    const { dependencies } = fakeDependencies();
    expect(await createAssistant(dependencies).handle(incoming('   ', { locale: 'cy' }))).toEqual({
      kind: 'text',
      language: 'cy',
      text: messagesFor('cy').emptyMessage,
    });
  });
});

describe('the assistant finding people', () => {
  const gareth = match();
  const sian = match({ email: 'sian.evans@torfaen.gov.uk', name: 'Siân Evans', council: 'torfaen', skills: ['GIS'] });

  it('lists people with the skill, leaving out the person asking', async () => {
    const { dependencies, calls } = fakeDependencies({ skilled: [gareth, sian] });
    const reply = await createAssistant(dependencies).handle(incoming('who knows GIS?'));
    expect(reply).toMatchObject({ kind: 'people', heading: 'People who know about GIS', query: 'GIS' });
    if (reply.kind !== 'people') throw new Error('expected people');
    expect(reply.people.map((entry) => entry.name)).toEqual(['Gareth Price', 'Siân Evans']);
    expect(calls.findBySkill[0]).toEqual({ query: 'GIS', excludeEmails: [rhian.email] });
  });

  it('filters by the council named in the message', async () => {
    const { dependencies, calls } = fakeDependencies({ skilled: [gareth, sian] });
    const reply = await createAssistant(dependencies).handle(incoming('anyone with GIS skills in Torfaen'));
    if (reply.kind !== 'people') throw new Error('expected people');
    expect(reply.heading).toBe('People who know about GIS in Torfaen');
    expect(reply.people.map((entry) => entry.name)).toEqual(['Siân Evans']);
    expect(calls.findBySkill[0]!.council).toBe('torfaen');
  });

  it('finds a Welsh skill written with a mutation ("am gaffael")', async () => {
    const buyer = match({ name: 'Eleri Jones', skills: ['caffael'] });
    const { dependencies, calls } = fakeDependencies({ skilled: [buyer] });
    const reply = await createAssistant(dependencies).handle(incoming("pwy sy'n gwybod am gaffael?"));
    if (reply.kind !== 'people') throw new Error('expected people');
    expect(reply.language).toBe('cy');
    expect(reply.heading).toBe("Pobl sy'n gwybod am gaffael");
    expect(reply.people.map((entry) => entry.name)).toEqual(['Eleri Jones']);
    expect(calls.findBySkill.map((call) => call.query)).toEqual(['gaffael', 'caffael']);
  });

  it('says so, and suggests a sharing request, when nobody has the skill', async () => {
    const { dependencies, calls } = fakeDependencies({ skilled: [] });
    const reply = await createAssistant(dependencies).handle(incoming('skills underwater basket weaving'));
    expect(reply).toMatchObject({
      kind: 'people',
      people: [],
      note: messagesFor('en').noPeopleWithSkill('underwater basket weaving'),
    });
    expect(calls.recorded[0]).toMatchObject({ intent: 'skills', answered: false });
  });

  it('suggests the sharing request with the skill as the directory lists it, not as a preposition mutated it', async () => {
    const { dependencies } = fakeDependencies({ skilled: [] });
    const reply = await createAssistant(dependencies).handle(incoming('oes rhywun yn gallu helpu gyda chaffael?'));
    expect(reply).toMatchObject({
      kind: 'people',
      language: 'cy',
      heading: "Pobl sy'n gwybod am gaffael",
      note: messagesFor('cy').noPeopleWithSkill('caffael'),
      query: 'caffael',
    });
  });

  it('keeps the later words of a Welsh skill as typed ("gis a chaffael")', async () => {
    const { dependencies } = fakeDependencies({ skilled: [] });
    const reply = await createAssistant(dependencies).handle(incoming("pwy sy'n gwybod am gis a chaffael?"));
    expect(reply).toMatchObject({ heading: "Pobl sy'n gwybod am gis a chaffael", query: 'gis a chaffael' });
  });

  it('lets someone outside the directory look up skills', async () => {
    const { dependencies } = fakeDependencies({ skilled: [gareth] });
    const reply = await createAssistant(dependencies).handle(anonymous('skills GIS'));
    expect(reply).toMatchObject({ kind: 'people', people: [{ name: 'Gareth Price' }] });
  });

  it('asks which skill when /skills comes with nothing', async () => {
    const { dependencies, calls } = fakeDependencies();
    expect(textOf(await createAssistant(dependencies).handle(incoming('skills')))).toBe(messagesFor('en').whichSkill);
    expect(calls.findBySkill).toEqual([]);
  });

  it("finds the asker's own counterparts in the other council", async () => {
    const counterpart = match({ name: 'Huw Davies', jobTitle: 'Head of Neighbourhood Services', skills: [] });
    const { dependencies, calls } = fakeDependencies({ counterparts: [counterpart] });
    const reply = await createAssistant(dependencies).handle(incoming('who is my counterpart?'));
    expect(reply).toMatchObject({
      kind: 'people',
      heading: 'Your counterparts in Blaenau Gwent',
      people: [{ name: 'Huw Davies' }],
    });
    expect(calls.counterparts).toEqual([rhian.email]);
  });

  it('finds counterparts for someone whose own profile is hidden from their job title', async () => {
    const hidden = person({ visible: false });
    const { dependencies, calls } = fakeDependencies({
      directory: [hidden],
      counterparts: [match({ name: 'Huw Davies' })],
    });
    const reply = await createAssistant(dependencies).handle(incoming('who is my counterpart?', { person: hidden }));
    expect(reply).toMatchObject({ kind: 'people', people: [{ name: 'Huw Davies' }] });
    expect(calls.counterparts).toEqual(['Head of Waste and Recycling in Torfaen']);
  });

  it('finds counterparts for a role and keeps only the council named', async () => {
    const inTorfaen = match({ name: 'Alun Hughes', council: 'torfaen', jobTitle: 'Head of Waste' });
    const inBlaenauGwent = match({ name: 'Huw Davies', council: 'blaenau-gwent', jobTitle: 'Head of Waste' });
    const { dependencies, calls } = fakeDependencies({ counterparts: [inBlaenauGwent, inTorfaen] });
    const reply = await createAssistant(dependencies).handle(incoming('head of waste in Torfaen'));
    expect(reply).toMatchObject({
      kind: 'people',
      heading: 'Counterparts for "head of waste" in Torfaen',
      people: [{ name: 'Alun Hughes' }],
    });
    expect(calls.counterparts).toEqual(['head of waste in Blaenau Gwent']);
  });

  it("looks for a role in the asker's other council when no council is named", async () => {
    const inTorfaen = match({ name: 'Alun Hughes', council: 'torfaen', jobTitle: 'Head of Planning' });
    const inBlaenauGwent = match({ name: 'Huw Davies', council: 'blaenau-gwent', jobTitle: 'Head of Planning' });
    const { dependencies, calls } = fakeDependencies({ counterparts: [inTorfaen, inBlaenauGwent] });
    const reply = await createAssistant(dependencies).handle(incoming('counterpart head of planning'));
    expect(reply).toMatchObject({
      kind: 'people',
      heading: 'Counterparts for "head of planning" in Blaenau Gwent',
      people: [{ name: 'Huw Davies' }],
    });
    expect(calls.counterparts).toEqual(['head of planning in Torfaen']);
  });

  it('passes an email as it is', async () => {
    const { dependencies, calls } = fakeDependencies({ counterparts: [match()] });
    await createAssistant(dependencies).handle(incoming('counterpart huw.davies@blaenau-gwent.gov.uk'));
    expect(calls.counterparts).toEqual(['huw.davies@blaenau-gwent.gov.uk']);
  });

  it('says plainly when there is no counterpart', async () => {
    const { dependencies } = fakeDependencies({ counterparts: [] });
    const reply = await createAssistant(dependencies).handle(incoming('pwy yw fy nghymar?'));
    expect(reply).toMatchObject({
      kind: 'people',
      language: 'cy',
      heading: 'Eich cymheiriaid ym Mlaenau Gwent',
      people: [],
      note: messagesFor('cy').noCounterparts,
    });
  });
});

describe('the assistant and sharing requests', () => {
  it('opens a request at once when the user typed the share command', async () => {
    const { dependencies, calls } = fakeDependencies();
    const reply = await createAssistant(dependencies).handle(
      incoming('share: how do you run your waste rota?', { clientKey: 'Ev123' }),
    );
    expect(reply).toMatchObject({
      kind: 'request',
      text: 'I have sent your request to 2 people in Blaenau Gwent. I will tell you when someone picks it up.',
    });
    expect(calls.open).toEqual([
      { text: 'how do you run your waste rota?', fromEmail: rhian.email, clientKey: 'Ev123', language: 'en' },
    ]);
  });

  it('asks the user to confirm before sending a request it only inferred', async () => {
    const { dependencies, calls } = fakeDependencies();
    const reply = await createAssistant(dependencies).handle(incoming('how do you run your waste rota?'));
    expect(reply).toEqual({
      kind: 'confirm-share',
      language: 'en',
      text: 'Shall I send this as a sharing request to the people who work on it in Blaenau Gwent?',
      request: 'how do you run your waste rota?',
    });
    expect(calls.open).toEqual([]);
  });

  it('confirms in Welsh for a Welsh request', async () => {
    const { dependencies } = fakeDependencies();
    const reply = await createAssistant(dependencies).handle(incoming("sut ydych chi'n trefnu'r rota gwastraff?"));
    expect(reply).toMatchObject({
      kind: 'confirm-share',
      language: 'cy',
      text: messagesFor('cy').confirmShare('blaenau-gwent'),
    });
  });

  it("lists the user's requests, newest first", async () => {
    const older = sharingRequest({ id: 'old', createdAt: '2026-11-01T09:00:00.000Z' });
    const newer = sharingRequest({ id: 'new', createdAt: '2026-11-20T09:00:00.000Z' });
    const { dependencies, calls } = fakeDependencies({ requests: [older, newer] });
    const reply = await createAssistant(dependencies).handle(incoming('my requests'));
    expect(reply).toMatchObject({ kind: 'requests', heading: 'Your sharing requests' });
    if (reply.kind !== 'requests') throw new Error('expected requests');
    expect(reply.requests.map((request) => request.id)).toEqual(['new', 'old']);
    expect(calls.list).toEqual([{ involving: rhian.email }]);
  });

  it('says how to start when the user has no requests', async () => {
    const { dependencies } = fakeDependencies({ requests: [] });
    expect(await createAssistant(dependencies).handle(incoming('fy ngheisiadau'))).toMatchObject({
      kind: 'requests',
      language: 'cy',
      requests: [],
      note: messagesFor('cy').noRequests,
    });
  });
});

describe('the assistant and profiles', () => {
  it('shows the person their own profile', async () => {
    const { dependencies } = fakeDependencies();
    const reply = await createAssistant(dependencies).handle(incoming('profile'));
    expect(reply).toMatchObject({ kind: 'profile', person: { email: rhian.email } });
    expect(textOf(reply)).toContain('Skills: waste strategy, fleet management');
    expect(textOf(reply)).toContain('Welsh level: Intermediate');
  });

  it('hides the profile when asked, as the person themselves', async () => {
    const { dependencies, calls } = fakeDependencies();
    const reply = await createAssistant(dependencies).handle(incoming('proffil cuddio', { channel: 'teams' }));
    expect(reply).toMatchObject({ kind: 'profile', language: 'cy', person: { visible: false } });
    expect(textOf(reply)).toContain(messagesFor('cy').profileHidden);
    expect(calls.updateProfile).toEqual([{ email: rhian.email, changes: { visible: false }, via: 'teams' }]);
  });

  it('finds the person by email when the channel only knows the email', async () => {
    const hidden = person({ email: 'hidden.person@torfaen.gov.uk', visible: false });
    const { dependencies } = fakeDependencies({ directory: [hidden] });
    const reply = await createAssistant(dependencies).handle(
      incoming('profile', { person: null, email: 'Hidden.Person@torfaen.gov.uk' }),
    );
    expect(reply).toMatchObject({ kind: 'profile', person: { email: 'hidden.person@torfaen.gov.uk', visible: false } });
  });
});

describe('someone who is not in the staff directory', () => {
  const personal = [
    'who is my counterpart?',
    'my requests',
    'profile',
    'profile hide',
    'share: how do you grit roads?',
    'how do you run your waste rota?',
  ];

  it.each(personal)('is told how to get added when they ask %j, in both languages', async (message) => {
    const { dependencies, calls } = fakeDependencies();
    const reply = await createAssistant(dependencies).handle(anonymous(message));
    expect(reply.kind).toBe('text');
    expect(textOf(reply)).toContain(messagesFor('en').notInDirectory);
    expect(textOf(reply)).toContain(messagesFor('cy').notInDirectory);
    expect(textOf(reply)).toContain('HR or IT team');
    expect(calls.counterparts).toEqual([]);
    expect(calls.list).toEqual([]);
    expect(calls.open).toEqual([]);
    expect(calls.updateProfile).toEqual([]);
  });

  it('is answered in Welsh first when they write in Welsh', async () => {
    const { dependencies } = fakeDependencies();
    const reply = await createAssistant(dependencies).handle(anonymous('pwy yw fy nghymar?'));
    expect(textOf(reply).startsWith(messagesFor('cy').notInDirectory)).toBe(true);
  });

  it('can still ask for the counterparts of a role', async () => {
    const { dependencies, calls } = fakeDependencies({ counterparts: [match()] });
    const reply = await createAssistant(dependencies).handle(anonymous('counterpart head of planning'));
    expect(reply).toMatchObject({ kind: 'people', people: [{ name: 'Gareth Price' }] });
    expect(calls.counterparts).toEqual(['head of planning']);
  });
});

describe('the assistant when something fails', () => {
  it('turns a validation error into a short reply saying what to fix', async () => {
    const { dependencies } = fakeDependencies({
      fail: { findBySkill: new ValidationError('a skill needs at least 2 letters') },
    });
    const reply = await createAssistant(dependencies).handle(incoming('skills x'));
    expect(reply).toEqual({
      kind: 'error',
      language: 'en',
      text: 'I could not do that: a skill needs at least 2 letters',
    });
  });

  it('gives a conflict back in the user language', async () => {
    const { dependencies } = fakeDependencies({ fail: { open: new ConflictError('this request is already claimed') } });
    const reply = await createAssistant(dependencies).handle(incoming("rhannu: sut ydych chi'n graeanu?"));
    expect(reply).toEqual({
      kind: 'error',
      language: 'cy',
      text: 'Mae hynny eisoes wedi newid: this request is already claimed',
    });
  });

  it('never repeats what a forbidden or not-found error says', async () => {
    const forbidden = fakeDependencies({
      fail: { counterparts: new ForbiddenError('secret.person@torfaen.gov.uk is hidden') },
    });
    const first = await createAssistant(forbidden.dependencies).handle(
      incoming('counterpart secret.person@torfaen.gov.uk'),
    );
    expect(first.kind).toBe('error');
    expect(textOf(first)).not.toContain('hidden');
    expect(textOf(first)).toContain(messagesFor('en').errorNotAllowed);

    const missing = fakeDependencies({
      fail: { counterparts: new NotFoundError('no visible person secret.person@torfaen.gov.uk') },
    });
    const second = await createAssistant(missing.dependencies).handle(
      incoming('counterpart secret.person@torfaen.gov.uk'),
    );
    expect(textOf(second)).toBe(messagesFor('en').errorNotFound);
  });

  it("apologises in the person's language and logs the unexpected error with its context", async () => {
    const { entries, logger } = collectingLogger();
    const { dependencies, calls } = fakeDependencies({
      fail: { ask: new TypeError('cannot read properties of undefined') },
    });
    const reply = await createAssistant({ ...dependencies, logger }).handle(
      incoming('Is this a merger?', { channel: 'teams' }),
    );
    expect(reply).toEqual({ kind: 'error', language: 'en', text: messagesFor('en').errorGeneric });
    expect(textOf(reply)).not.toContain('undefined');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      level: 'error',
      details: { channel: 'teams', intent: 'ask', channelUserId: 'U123' },
    });
    expect(calls.recorded).toEqual([]);
  });

  it('says a service is down when the language model or another upstream fails', async () => {
    const { entries, logger } = collectingLogger();
    const { dependencies } = fakeDependencies({ fail: { ask: new UpstreamError('model timed out') } });
    const reply = await createAssistant({ ...dependencies, logger }).handle(incoming('Ai uno yw hyn?'));
    expect(reply).toMatchObject({ kind: 'error', language: 'cy' });
    expect(textOf(reply).startsWith(messagesFor('cy').errorUpstream)).toBe(true);
    expect(entries[0]!.level).toBe('warn');
  });

  it('still answers when the question log cannot be written', async () => {
    const { entries, logger } = collectingLogger();
    const { dependencies } = fakeDependencies();
    const broken = { ...dependencies.questionLog!, record: async () => Promise.reject(new Error('disk full')) };
    const reply = await createAssistant({ ...dependencies, questionLog: broken, logger }).handle(
      incoming('Is this a merger?'),
    );
    expect(reply).toMatchObject({ kind: 'answer', answerId: null, answer: { answered: true } });
    expect(entries[0]!.message).toBe('could not record the question');
  });
});

describe('the assistant with a model router', () => {
  function router(result: Awaited<ReturnType<IntentRouter['route']>> | Error): IntentRouter & { seen: Incoming[] } {
    const seen: Incoming[] = [];
    return {
      seen,
      async route(message) {
        seen.push(message);
        if (result instanceof Error) throw result;
        return result;
      },
    };
  }

  it('lets the model route free text the rules would miss', async () => {
    const { dependencies, calls } = fakeDependencies({ counterparts: [match()] });
    const model = router({ intent: { kind: 'counterpart', target: null, council: 'blaenau-gwent' } });
    const reply = await createAssistant({ ...dependencies, modelRouter: model }).handle(
      incoming('who do i ring in BG about bins'),
    );
    expect(reply.kind).toBe('people');
    expect(calls.counterparts).toEqual([rhian.email]);
    expect(model.seen[0]!.person?.email).toBe(rhian.email);
  });

  it('does not send typed commands or greetings to the model', async () => {
    const { dependencies } = fakeDependencies({ skilled: [match()] });
    const model = router(null);
    const assistant = createAssistant({ ...dependencies, modelRouter: model });
    await assistant.handle(incoming('skills GIS'));
    await assistant.handle(incoming('hello'));
    expect(model.seen).toEqual([]);
  });

  it('falls back to the rules when the model cannot decide or fails', async () => {
    const { dependencies, calls } = fakeDependencies({ skilled: [match()] });
    expect(
      (await createAssistant({ ...dependencies, modelRouter: router(null) }).handle(incoming('who knows GIS?'))).kind,
    ).toBe('people');
    expect(
      (
        await createAssistant({ ...dependencies, modelRouter: router(new Error('boom')) }).handle(
          incoming('who knows GIS?'),
        )
      ).kind,
    ).toBe('people');
    expect(calls.findBySkill).toHaveLength(2);
  });

  it('still asks before opening a request the model proposed', async () => {
    const { dependencies, calls } = fakeDependencies();
    const model = router({ intent: { kind: 'share', request: 'waste rota', explicit: false } });
    const reply = await createAssistant({ ...dependencies, modelRouter: model }).handle(
      incoming('bins rota over there?'),
    );
    expect(reply.kind).toBe('confirm-share');
    expect(calls.open).toEqual([]);
  });
});

describe('help and greetings', () => {
  it('greets a known person by first name', async () => {
    const { dependencies } = fakeDependencies();
    expect(textOf(await createAssistant(dependencies).handle(incoming('Shwmae!')))).toBe(
      messagesFor('cy').greeting('Rhian'),
    );
  });

  it('lists the commands in help', async () => {
    const { dependencies } = fakeDependencies();
    const help = textOf(await createAssistant(dependencies).handle(incoming('help')));
    for (const command of ['skills', 'counterpart', 'share', 'ask', 'requests', 'profile', 'help'])
      expect(help).toContain(`• ${command}`);
  });

  it('does not count help and greetings as questions for the dashboard', async () => {
    const { dependencies, calls } = fakeDependencies();
    const assistant = createAssistant(dependencies);
    await assistant.handle(incoming('help'));
    expect(calls.recorded[0]).toMatchObject({ intent: 'help' });
  });
});
