import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharing, type Sharing } from '../../../src/core/sharing/index.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../../src/errors.ts';
import type { Database } from '../../../src/store/index.ts';
import { createRequestStore } from '../../../src/store/sharing/index.ts';
import { createFakeKnowledge, createRecordingNotifier, sampleDirectory, silent } from '../../core/sharing/fakes.ts';
import { storeTargets } from '../../support/stores.ts';

const asPerson = (email: string) => ({ email, isAdmin: false, via: 'cli' });
/** An admin may pick up a request that was not sent to them. */
const asAdmin = (email: string) => ({ email, isAdmin: true, via: 'cli' });

describe.each(await storeTargets())('sharing requests on $name', (target) => {
  let db: Database & { drop(): Promise<void> };
  let now: Date;
  let people: ReturnType<typeof sampleDirectory>;
  let knowledge: ReturnType<typeof createFakeKnowledge>;
  let notifier: ReturnType<typeof createRecordingNotifier>;
  let sharing: Sharing;

  const sentTo = (requestId: string, kind: string) =>
    notifier.sent
      .filter((notification) => notification.request.id === requestId && notification.kind === kind)
      .map((notification) => notification.recipientEmail)
      .sort();

  beforeAll(async () => {
    db = await target.open();
    people = sampleDirectory();
    people.records.push({
      email: 'bronwen@blaenau-gwent.gov.uk',
      name: 'Bronwen Ellis',
      council: 'blaenau-gwent',
      jobTitle: 'Waste Strategy Officer',
      serviceArea: 'Waste',
      services: ['waste'],
      skills: ['waste rota'],
      level: 'officer',
      visible: true,
      team: null,
      managerEmail: null,
      slackUserId: null,
      teamsUserId: null,
      welshLevel: 2,
    });
    knowledge = createFakeKnowledge();
    notifier = createRecordingNotifier(['broken@torfaen.gov.uk']);
    // Monday 2 March 2026, 10:00 in Wales.
    now = new Date('2026-03-02T10:00:00Z');
    sharing = createSharing(
      { store: createRequestStore(db), people, knowledge, notifier, logger: silent },
      { deadlineWorkingDays: 2, clock: () => now, fallbackContact: 'fallback@torfaen.gov.uk' },
    );
  });
  afterAll(async () => db?.drop());

  it('routes a request to up to three matching people in the other council, never the requester or a hidden profile, saying why', async () => {
    const request = await sharing.open({
      text: 'How do you run your waste rota over bank holidays?',
      fromEmail: 'Bronwen@Blaenau-Gwent.gov.uk',
    });
    expect(request.status).toBe('routed');
    expect(request.requesterCouncil).toBe('blaenau-gwent');
    expect(request.targetCouncils).toEqual(['torfaen']);
    expect(request.topic.services).toContain('waste');
    expect(request.routedTo).toHaveLength(3);
    for (const email of request.routedTo) expect(email).toMatch(/@torfaen\.gov\.uk$/);
    expect(request.routedTo).not.toContain('hidden@torfaen.gov.uk');
    expect(sentTo(request.id, 'request-routed')).toEqual([...request.routedTo].sort());

    const events = await sharing.events(request.id);
    expect(events.map((event) => event.type)).toEqual(['request-opened', 'request-routed']);
    const routes = events[1]!.detail.routes as { email: string; reasons: string[] }[];
    expect(routes.every((route) => route.reasons.some((reason) => reason.includes('waste rota')))).toBe(true);
  });

  it('follows a request from sharing through reminder, claim, answer and a helpful rating to close, keeping the answer as shared practice', async () => {
    now = new Date('2026-03-02T10:00:00Z');
    const request = await sharing.open({
      text: 'Has anyone written a DPIA for Microsoft Copilot?',
      fromEmail: 'dai@blaenau-gwent.gov.uk',
      clientKey: 'slack-trigger-1',
    });
    expect(request.routedTo).toEqual(['lowri@torfaen.gov.uk']);

    // Not due on Tuesday; due on Wednesday after two working days.
    await sharing.runDueFollowUps(new Date('2026-03-03T12:00:00Z'));
    expect(sentTo(request.id, 'request-reminder')).toEqual([]);
    now = new Date('2026-03-04T10:30:00Z');
    expect(await sharing.runDueFollowUps()).toBeGreaterThanOrEqual(1);
    expect(sentTo(request.id, 'request-reminder')).toEqual(['lowri@torfaen.gov.uk']);
    // A second pass at the same moment sends nothing again.
    await sharing.runDueFollowUps();
    expect(sentTo(request.id, 'request-reminder')).toEqual(['lowri@torfaen.gov.uk']);

    const claimed = await sharing.claim(request.id, asPerson('lowri@torfaen.gov.uk'));
    expect(claimed.status).toBe('claimed');
    expect(claimed.claimedBy).toBe('lowri@torfaen.gov.uk');
    expect(sentTo(request.id, 'request-claimed')).toEqual(['dai@blaenau-gwent.gov.uk']);

    now = new Date('2026-03-05T09:00:00Z');
    const answered = await sharing.answer(
      request.id,
      'Yes: we used the ICO template and a supplier questionnaire; I can share both.',
      asPerson('lowri@torfaen.gov.uk'),
      { consentToShare: true },
    );
    expect(answered.status).toBe('answered');
    expect(answered.answeredBy).toBe('lowri@torfaen.gov.uk');
    expect(sentTo(request.id, 'request-answered')).toEqual(['dai@blaenau-gwent.gov.uk']);

    const rated = await sharing.markHelpful(request.id, true, asPerson('dai@blaenau-gwent.gov.uk'));
    expect(rated.helpful).toBe(true);
    expect(rated.sharedAs).toBe(`pont:request/${request.id}`);
    const kept = knowledge.documents.find((document) => document.source === `pont:request/${request.id}`)!;
    expect(kept.kind).toBe('shared-practice');
    expect(kept.title).toBe('Has anyone written a DPIA for Microsoft Copilot?');
    expect(kept.body).toContain('Lowri Bowen');
    expect(kept.body).toContain('Dai Morgan');
    expect(kept.body).toContain('in Torfaen');
    expect(kept.body).toContain('from Blaenau Gwent');
    expect(kept.body).toContain('ICO template');

    const closed = await sharing.close(request.id, asPerson('dai@blaenau-gwent.gov.uk'));
    expect(closed.status).toBe('closed');
    expect(sentTo(request.id, 'request-closed')).toEqual(['lowri@torfaen.gov.uk']);

    const events = await sharing.events(request.id);
    expect(events.map((event) => event.type)).toEqual([
      'request-opened',
      'request-routed',
      'reminder-sent',
      'request-claimed',
      'request-answered',
      'request-rated',
      'shared-practice-kept',
      'request-closed',
    ]);
    expect(events.find((event) => event.type === 'request-claimed')!.actorEmail).toBe('lowri@torfaen.gov.uk');
    // No follow-up remains for a finished request.
    expect(await db.query('select 1 from sharing_followups where request_id = $1', [request.id])).toEqual([]);
  });

  it('refuses illegal transitions with a clear message', async () => {
    now = new Date('2026-03-09T10:00:00Z');
    const request = await sharing.open({
      text: 'Who has a Section 113 agreement template?',
      fromEmail: 'rhian@blaenau-gwent.gov.uk',
    });
    await expect(sharing.answer(request.id, 'Here it is', asPerson('lowri@torfaen.gov.uk'))).rejects.toThrow(
      /claim it first/,
    );
    await expect(sharing.close(request.id, asPerson('rhian@blaenau-gwent.gov.uk'))).rejects.toThrow(ValidationError);
    await expect(sharing.claim(request.id, asPerson('rhian@blaenau-gwent.gov.uk'))).rejects.toThrow(/your own request/);
    await expect(sharing.cancel(request.id, asPerson('tom@torfaen.gov.uk'))).rejects.toThrow(ForbiddenError);
    await expect(sharing.claim(request.id, asPerson('nobody@torfaen.gov.uk'))).rejects.toThrow(
      /not in the staff directory/,
    );
    await expect(sharing.claim(request.id, { email: null, isAdmin: false, via: 'cli' })).rejects.toThrow(/--as EMAIL/);
    await expect(sharing.get('twelve')).rejects.toThrow(/not a request number/);
    await expect(sharing.get('999999')).rejects.toThrow(/There is no request #999999/);

    const cancelled = await sharing.cancel(request.id, asPerson('rhian@blaenau-gwent.gov.uk'));
    expect(cancelled.status).toBe('cancelled');
    const claimError = await sharing
      .claim(request.id, asPerson('lowri@torfaen.gov.uk'))
      .catch((error: unknown) => error);
    expect(claimError).toBeInstanceOf(ConflictError);
    expect((claimError as Error).message).toBe(`Request #${request.id} is cancelled, so it cannot be picked up.`);
    await expect(sharing.markHelpful(request.id, true, asPerson('rhian@blaenau-gwent.gov.uk'))).rejects.toThrow(
      ConflictError,
    );
    expect((await sharing.events(request.id)).map((event) => event.type)).toEqual([
      'request-opened',
      'request-routed',
      'request-cancelled',
    ]);
  });

  it('tells the second of two people claiming at once who has the request', async () => {
    const request = await sharing.open({
      text: 'How do you organise recycling collections?',
      fromEmail: 'rhian@blaenau-gwent.gov.uk',
    });
    const results = await Promise.allSettled([
      sharing.claim(request.id, asAdmin('tom@torfaen.gov.uk')),
      sharing.claim(request.id, asAdmin('ann@torfaen.gov.uk')),
    ]);
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<{ claimedBy: string }>).value.claimedBy;
    const winnerName = winner === 'tom@torfaen.gov.uk' ? 'Tom Price' : 'Ann Hughes';
    expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
    expect(lost[0]!.reason.message).toContain(`already been picked up by ${winnerName} (${winner}, Torfaen)`);
    expect((await sharing.events(request.id)).filter((event) => event.type === 'request-claimed')).toHaveLength(1);
    // Claiming again by the winner changes nothing.
    expect((await sharing.claim(request.id, asAdmin(winner))).claimedBy).toBe(winner);
  });

  it('does not name a claimer whose profile is hidden', async () => {
    const request = await sharing.open({
      text: 'How do you schedule recycling rounds?',
      fromEmail: 'rhian@blaenau-gwent.gov.uk',
    });
    expect(request.routedTo).not.toContain('hidden@torfaen.gov.uk');
    await sharing.claim(request.id, asAdmin('hidden@torfaen.gov.uk'));
    await expect(sharing.claim(request.id, asAdmin('tom@torfaen.gov.uk'))).rejects.toThrow(
      `Request #${request.id} has already been picked up by someone else.`,
    );
  });

  it('takes one step per pass even when a pass runs long after the deadline', async () => {
    now = new Date('2026-06-01T10:00:00Z');
    const request = await sharing.open({
      text: 'How do you publish your bin collection rota?',
      fromEmail: 'rhian@blaenau-gwent.gov.uk',
    });
    await sharing.runDueFollowUps(new Date('2027-01-04T10:00:00Z'));
    expect((await sharing.get(request.id)).status).toBe('routed');
    expect(sentTo(request.id, 'request-reminder')).toHaveLength(request.routedTo.length);
    expect(sentTo(request.id, 'request-rerouted')).toEqual([]);
  });

  it('returns the first request when the same client key arrives twice, even at once', async () => {
    const first = await sharing.open({
      text: 'How do you run your waste rota?',
      fromEmail: 'rhian@blaenau-gwent.gov.uk',
      clientKey: 'teams-activity-42',
    });
    const again = await sharing.open({
      text: 'How do you run your waste rota?',
      fromEmail: 'rhian@blaenau-gwent.gov.uk',
      clientKey: 'teams-activity-42',
    });
    expect(again.id).toBe(first.id);
    const racing = await Promise.all([
      sharing.open({
        text: 'Who plans library opening hours with planning?',
        fromEmail: 'rhian@blaenau-gwent.gov.uk',
        clientKey: 'slack-event-7',
      }),
      sharing.open({
        text: 'Who plans library opening hours with planning?',
        fromEmail: 'rhian@blaenau-gwent.gov.uk',
        clientKey: 'slack-event-7',
      }),
    ]);
    expect(racing[0].id).toBe(racing[1].id);
    const [{ count }] = (await db.query<{ count: number }>(
      `select count(*) as count from sharing_requests where detail = 'Who plans library opening hours with planning?'`,
    )) as [{ count: number }];
    expect(count).toBe(1);
    expect(sentTo(racing[0].id, 'request-routed')).toHaveLength(racing[0].routedTo.length);
  });

  it('turns bad input away with one clear message and writes nothing', async () => {
    const [{ count: before }] = (await db.query<{ count: number }>(
      'select count(*) as count from sharing_requests',
    )) as [{ count: number }];
    await expect(sharing.open({ text: '   ', fromEmail: 'rhian@blaenau-gwent.gov.uk' })).rejects.toThrow(
      /The request is empty/,
    );
    await expect(
      sharing.open({ text: `waste ${'x'.repeat(5_000)}`, fromEmail: 'rhian@blaenau-gwent.gov.uk' }),
    ).rejects.toThrow(/5,006 characters long; the limit is 5,000/);
    await expect(
      sharing.open({ text: 'How do you run your waste rota?', fromEmail: 'stranger@example.org' }),
    ).rejects.toThrow(/stranger@example.org is not in the staff directory/);
    await expect(
      sharing.open({ text: 'What is the meaning of life?', fromEmail: 'rhian@blaenau-gwent.gov.uk' }),
    ).rejects.toThrow(/could not tell which service or skill/);
    await expect(
      sharing.open({ text: 'Sut ydych chi’n trefnu’r gwasanaeth?', fromEmail: 'rhian@blaenau-gwent.gov.uk' }),
    ).rejects.toThrow(/Ni allwn ddweud pa wasanaeth/);
    const [{ count: after }] = (await db.query<{ count: number }>(
      'select count(*) as count from sharing_requests',
    )) as [{ count: number }];
    expect(after).toBe(before);
  });

  it('sends a request nobody matches to the most senior person of the nearest service, or else to the fallback contact', async () => {
    // Nobody in Torfaen lists planning appeals as a skill: the planning service's senior person gets it.
    const request = await sharing.open({
      text: 'Who handles planning appeals?',
      fromEmail: 'rhian@blaenau-gwent.gov.uk',
    });
    expect(request.routedTo).toEqual(['megan@torfaen.gov.uk']);
    const seniorRouting = (await sharing.events(request.id)).find((event) => event.type === 'request-routed')!;
    expect(JSON.stringify(seniorRouting.detail)).toContain('the most senior person of the nearest service');

    // Nobody in Torfaen works in libraries: the configured fallback contact gets it.
    const fallback = await sharing.open({ text: 'Any advice on libraries?', fromEmail: 'rhian@blaenau-gwent.gov.uk' });
    expect(fallback.routedTo).toEqual(['fallback@torfaen.gov.uk']);
    const routed = (await sharing.events(fallback.id)).find((event) => event.type === 'request-routed')!;
    expect(JSON.stringify(routed.detail)).toContain('PONT_FALLBACK_CONTACT');
  });

  it('asks people with fewer open requests first', async () => {
    // Five people in Torfaen match equally; earlier tests left some of them holding requests.
    const load = new Map<string, number>();
    for (const request of await sharing.list()) {
      if (request.status === 'routed')
        for (const email of request.routedTo) load.set(email, (load.get(email) ?? 0) + 1);
      if (request.status === 'claimed' && request.claimedBy)
        load.set(request.claimedBy, (load.get(request.claimedBy) ?? 0) + 1);
    }
    const request = await sharing.open({
      text: 'How do you run your waste rota?',
      fromEmail: 'rhian@blaenau-gwent.gov.uk',
      title: 'Waste rota',
      target: 'other',
    });
    const matching = [
      'tom@torfaen.gov.uk',
      'ann@torfaen.gov.uk',
      'gareth@torfaen.gov.uk',
      'owain@torfaen.gov.uk',
      'carys@torfaen.gov.uk',
    ];
    expect(request.routedTo).toHaveLength(3);
    const chosenMostBusy = Math.max(...request.routedTo.map((email) => load.get(email) ?? 0));
    const leastBusyLeftOut = Math.min(
      ...matching.filter((email) => !request.routedTo.includes(email)).map((email) => load.get(email) ?? 0),
    );
    expect(new Set(load.values()).size).toBeGreaterThan(1);
    expect(leastBusyLeftOut).toBeGreaterThanOrEqual(chosenMostBusy);
    const routed = (await sharing.events(request.id)).find((event) => event.type === 'request-routed')!;
    expect(JSON.stringify(routed.detail)).toMatch(/open request|no open requests/);
  });

  it('reminds, then asks the next people, then tells the requester honestly that nobody answered', async () => {
    now = new Date('2026-04-01T10:00:00Z'); // Wednesday before Easter
    const request = await sharing.open({
      text: 'Who has a DPIA for body-worn cameras?',
      fromEmail: 'rhian@blaenau-gwent.gov.uk',
    });
    expect(request.routedTo).toEqual(['lowri@torfaen.gov.uk']);
    // Two working days from Wednesday 1 April skip Good Friday, the weekend and Easter Monday: due Tuesday 7 April.
    await sharing.runDueFollowUps(new Date('2026-04-06T12:00:00Z'));
    expect(sentTo(request.id, 'request-reminder')).toEqual([]);
    now = new Date('2026-04-07T10:01:00Z');
    await sharing.runDueFollowUps();
    expect(sentTo(request.id, 'request-reminder')).toEqual(['lowri@torfaen.gov.uk']);

    now = new Date('2026-04-09T10:02:00Z');
    await sharing.runDueFollowUps();
    // The next candidates: nobody else matches in Torfaen, so the request runs out of people and is closed honestly.
    const after = await sharing.get(request.id);
    expect(after.status).toBe('expired');
    expect(sentTo(request.id, 'request-unanswered')).toEqual(['rhian@blaenau-gwent.gov.uk']);
    const told = notifier.sent.find(
      (notification) => notification.request.id === request.id && notification.kind === 'request-unanswered',
    )!;
    expect(told.request.status).toBe('expired');
  });

  it('reroutes to the next candidates when nobody claims, and nudges a claimer who has not answered', async () => {
    now = new Date('2026-05-11T10:00:00Z');
    const request = await sharing.open({
      text: 'How do you plan a waste rota for snow days?',
      fromEmail: 'rhian@blaenau-gwent.gov.uk',
    });
    const first = [...request.routedTo];
    now = new Date('2026-05-13T10:00:01Z');
    await sharing.runDueFollowUps();
    now = new Date('2026-05-15T10:00:02Z');
    await sharing.runDueFollowUps();
    const rerouted = await sharing.get(request.id);
    const added = rerouted.routedTo.filter((email) => !first.includes(email));
    expect(added.length).toBeGreaterThan(0);
    expect(added).not.toContain('hidden@torfaen.gov.uk');
    expect(sentTo(request.id, 'request-rerouted')).toEqual([...added].sort());

    await sharing.claim(request.id, asPerson(added[0]!));
    // Friday 15 May + 2 working days = Tuesday 19 May.
    now = new Date('2026-05-19T10:00:03Z');
    await sharing.runDueFollowUps();
    expect(sentTo(request.id, 'claim-nudge')).toEqual([added[0]]);
    const nudged = (await sharing.events(request.id)).filter((event) => event.type === 'claim-nudged');
    expect(nudged).toHaveLength(1);
    // The claimer gives it back: it is open to others again and the requester is told.
    const declined = await sharing.decline(request.id, asPerson(added[0]!));
    expect(declined.status).toBe('routed');
    expect(declined.claimedBy).toBeNull();
    expect(sentTo(request.id, 'request-declined')).toEqual(['rhian@blaenau-gwent.gov.uk']);
  });

  it('records a notification that could not be delivered instead of losing it', async () => {
    people.records.push({
      email: 'broken@torfaen.gov.uk',
      name: 'Bryn Unreachable',
      council: 'torfaen',
      jobTitle: 'Libraries Manager',
      serviceArea: 'Libraries',
      services: ['libraries'],
      skills: [],
      level: 'manager',
      visible: true,
      team: null,
      managerEmail: null,
      slackUserId: null,
      teamsUserId: null,
      welshLevel: 0,
    });
    const request = await sharing.open({
      text: 'How do your libraries lend laptops?',
      fromEmail: 'rhian@blaenau-gwent.gov.uk',
    });
    expect(request.routedTo).toEqual(['broken@torfaen.gov.uk']);
    const rows = await db.query<{ status: string; error: string }>(
      'select status, error from sharing_notifications where request_id = $1',
      [request.id],
    );
    expect(rows).toEqual([{ status: 'failed', error: 'mailbox of broken@torfaen.gov.uk is unreachable' }]);
  });

  it('gives the leadership team figures by service, direction and time, with connections across the border', async () => {
    const figures = await sharing.figures();
    expect(figures.total).toBeGreaterThanOrEqual(8);
    expect(figures.byService.find((row) => row.service === 'waste')!.count).toBeGreaterThanOrEqual(3);
    expect(figures.byDirection).toContainEqual(expect.objectContaining({ from: 'blaenau-gwent', to: 'torfaen' }));
    expect(figures.byStatus.closed).toBe(1);
    expect(figures.byStatus.cancelled).toBe(1);
    expect(figures.byStatus.expired).toBeGreaterThanOrEqual(1);
    // The closed DPIA request was claimed on the Wednesday, 48.5 hours after it was opened, and answered at 71 hours.
    expect(figures.medianHoursToAnswer).toBe(71);
    expect(figures.crossCouncilConnections).toBeGreaterThanOrEqual(3);
    expect(figures.shareAnswered).toBeGreaterThan(0);
    expect(figures.shareAnswered).toBeLessThan(1);
    expect(figures.overTime.find((week) => week.week === '2026-03-02')).toEqual(
      expect.objectContaining({ answered: 1 }),
    );
    const later = await sharing.figures({ since: new Date('2026-05-01T00:00:00Z') });
    expect(later.total).toBeLessThan(figures.total);
  });
});
