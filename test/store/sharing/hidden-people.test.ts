import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharing, describeNotification, type Sharing } from '../../../src/core/sharing/index.ts';
import { NotFoundError, ValidationError } from '../../../src/errors.ts';
import type { Database } from '../../../src/store/index.ts';
import { createRequestStore } from '../../../src/store/sharing/index.ts';
import { createFakeKnowledge, createRecordingNotifier, sampleDirectory, silent } from '../../core/sharing/fakes.ts';
import { storeTargets } from '../../support/stores.ts';

const asPerson = (email: string) => ({ email, isAdmin: false, via: 'cli' });

describe.each(await storeTargets())(
  'people who hide their profile after taking part in a request, on $name',
  (target) => {
    let db: Database & { drop(): Promise<void> };
    let people: ReturnType<typeof sampleDirectory>;
    let knowledge: ReturnType<typeof createFakeKnowledge>;
    let notifier: ReturnType<typeof createRecordingNotifier>;
    let sharing: Sharing;
    let now: Date;

    const hide = (email: string) => {
      const record = people.records.find((person) => person.email === email)!;
      record.visible = false;
      return () => {
        record.visible = true;
      };
    };

    beforeAll(async () => {
      db = await target.open();
      people = sampleDirectory();
      knowledge = createFakeKnowledge();
      notifier = createRecordingNotifier();
      now = new Date('2026-03-02T10:00:00Z');
      sharing = createSharing(
        { store: createRequestStore(db), people, knowledge, notifier, logger: silent },
        { deadlineWorkingDays: 2, clock: () => now },
      );
    });
    afterAll(async () => db?.drop());

    it('no longer shows someone a request was routed to once they hide their profile, except to themselves', async () => {
      now = new Date('2026-03-02T10:00:00Z');
      const request = await sharing.open({
        text: 'How do you run your waste rota over bank holidays?',
        fromEmail: 'rhian@blaenau-gwent.gov.uk',
      });
      const hiddenOne = request.routedTo[0]!;
      const show = hide(hiddenOne);
      try {
        expect((await sharing.get(request.id)).routedTo).not.toContain(hiddenOne);
        expect((await sharing.get(request.id, { viewer: 'rhian@blaenau-gwent.gov.uk' })).routedTo).toEqual(
          request.routedTo.slice(1),
        );
        expect((await sharing.get(request.id, { viewer: hiddenOne })).routedTo).toContain(hiddenOne);

        const listed = (await sharing.list()).find((item) => item.id === request.id)!;
        expect(listed.routedTo).not.toContain(hiddenOne);
        expect((await sharing.list({ involving: hiddenOne })).map((item) => item.id)).not.toContain(request.id);
        expect((await sharing.list({ involving: hiddenOne, viewer: hiddenOne })).map((item) => item.id)).toContain(
          request.id,
        );

        const routed = (await sharing.events(request.id)).find((event) => event.type === 'request-routed')!;
        expect(JSON.stringify(routed)).not.toContain(hiddenOne);
        const ownRouted = (await sharing.events(request.id, { viewer: hiddenOne })).find(
          (event) => event.type === 'request-routed',
        )!;
        expect(JSON.stringify(ownRouted)).toContain(hiddenOne);

        // A reminder to the others does not show them the hidden colleague either.
        now = new Date('2026-03-05T10:00:00Z');
        notifier.sent.length = 0;
        await sharing.runDueFollowUps(now);
        const reminders = notifier.sent.filter(
          (notification) => notification.request.id === request.id && notification.kind === 'request-reminder',
        );
        expect(reminders.length).toBe(request.routedTo.length);
        // Only the hidden person's own reminder names them among the people it was sent to.
        expect(
          reminders.map((reminder) => [reminder.recipientEmail, reminder.request.routedTo.includes(hiddenOne)]),
        ).toEqual(reminders.map((reminder) => [reminder.recipientEmail, reminder.recipientEmail === hiddenOne]));
        const reminded = (await sharing.events(request.id)).find((event) => event.type === 'reminder-sent')!;
        expect(JSON.stringify(reminded)).not.toContain(hiddenOne);
      } finally {
        show();
      }
    });

    it('does not tell the requester or anyone else who claimed and answered once that person hides their profile', async () => {
      now = new Date('2026-03-02T10:00:00Z');
      const request = await sharing.open({
        text: 'How do you run your waste rota over bank holidays?',
        fromEmail: 'rhian@blaenau-gwent.gov.uk',
      });
      const helper = request.routedTo[0]!;
      await sharing.claim(request.id, asPerson(helper));
      const show = hide(helper);
      try {
        notifier.sent.length = 0;
        const answered = await sharing.answer(
          request.id,
          'We plan the bank holiday rota six weeks ahead.',
          asPerson(helper),
          { consentToShare: true },
        );
        expect(answered.answeredBy).toBe(helper);
        expect(answered.claimedBy).toBe(helper);

        const told = notifier.sent.find((notification) => notification.kind === 'request-answered')!;
        expect(told.recipientEmail).toBe('rhian@blaenau-gwent.gov.uk');
        expect(told.request.answeredBy).toBeNull();
        expect(told.request.claimedBy).toBeNull();
        expect(describeNotification(told)).not.toContain(helper);
        expect(describeNotification(told)).toMatch(/^Someone answered your request/);

        for (const viewer of [undefined, 'rhian@blaenau-gwent.gov.uk']) {
          const seen = await sharing.get(request.id, { viewer });
          expect(seen.claimedBy).toBeNull();
          expect(seen.answeredBy).toBeNull();
          expect(seen.answer).toBe('We plan the bank holiday rota six weeks ahead.');
          expect(JSON.stringify(seen)).not.toContain(helper);
          expect(JSON.stringify(await sharing.events(request.id, { viewer }))).not.toContain(helper);
        }
        const ownView = await sharing.get(request.id, { viewer: helper });
        expect(ownView.answeredBy).toBe(helper);

        const rated = await sharing.markHelpful(request.id, true, asPerson('rhian@blaenau-gwent.gov.uk'));
        expect(rated.answeredBy).toBeNull();
        const document = knowledge.documents.find((kept) => kept.source === `pont:request/${request.id}`)!;
        expect(document.body).not.toContain('Tom Price');
        expect(document.body).not.toContain(helper);
        expect(document.body).toContain('a member of staff');

        notifier.sent.length = 0;
        await sharing.close(request.id, asPerson('rhian@blaenau-gwent.gov.uk'));
        const closed = notifier.sent.find((notification) => notification.kind === 'request-closed')!;
        expect(closed.recipientEmail).toBe(helper);
        expect(closed.request.answeredBy).toBe(helper);
      } finally {
        show();
      }
      expect((await sharing.get(request.id)).answeredBy).toBe(helper);
    });

    it('does not count a connection across the border with someone who has since hidden their profile', async () => {
      const before = await sharing.figures();
      expect(before.crossCouncilConnections).toBe(1);
      expect(before.overTime.reduce((sum, week) => sum + week.connections, 0)).toBe(1);
      const show = hide('rhian@blaenau-gwent.gov.uk');
      try {
        const after = await sharing.figures();
        expect(after.crossCouncilConnections).toBe(0);
        expect(after.overTime.reduce((sum, week) => sum + week.connections, 0)).toBe(0);
        expect(after.total).toBe(before.total);
      } finally {
        show();
      }
    });

    it('says in English and Welsh that a request does not exist or that a number is not a request number', async () => {
      const missing = await sharing.get('999999').catch((error: unknown) => error);
      expect(missing).toBeInstanceOf(NotFoundError);
      expect((missing as Error).message).toContain('There is no request #999999:');
      expect((missing as Error).message).toContain('Nid oes cais #999999:');
      const bad = await sharing.get('twelve').catch((error: unknown) => error);
      expect(bad).toBeInstanceOf(ValidationError);
      expect((bad as Error).message).toContain('"twelve" is not a request number');
      expect((bad as Error).message).toContain('Nid yw "twelve" yn rhif cais');
    });
  },
);
