import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnowledge } from '../../../src/core/knowledge/create-knowledge.ts';
import type { KnowledgeService, TextDocument } from '../../../src/core/knowledge/types.ts';
import { createSharing, type Sharing } from '../../../src/core/sharing/index.ts';
import { createDocumentReader } from '../../../src/ingest/index.ts';
import type { Database } from '../../../src/store/index.ts';
import { createDocumentStore } from '../../../src/store/knowledge/index.ts';
import { createRequestStore } from '../../../src/store/sharing/index.ts';
import { createRecordingNotifier, sampleDirectory, silent } from '../../core/sharing/fakes.ts';
import { storeTargets } from '../../support/stores.ts';

const asPerson = (email: string) => ({ email, isAdmin: false, via: 'cli' });
const requester = 'rhian@blaenau-gwent.gov.uk';
const question = 'How do you run your waste rota over bank holidays?';
const answerText = 'We plan the bank holiday rota six weeks ahead and crews work the Saturday after.';

describe.each(await storeTargets())(
  'shared practice after the people it names hide or erase their profile, on $name',
  (target) => {
    let db: Database & { drop(): Promise<void> };
    let people: ReturnType<typeof sampleDirectory>;
    let knowledge: KnowledgeService;
    let failing = false;
    let sharing: Sharing;
    let now: Date;
    let id: string;
    let helper: string;

    const setVisible = (email: string, visible: boolean) => {
      people.records.find((person) => person.email === email)!.visible = visible;
    };
    const ask = () => knowledge.ask('How is the waste rota run over bank holidays?');
    /** The kept passage as `pont search` shows it. */
    const passage = async () => {
      const results = await knowledge.search('waste rota bank holidays shared practice answered by');
      return results.find((result) => result.source === `pont:request/${id}`)!.text;
    };

    beforeAll(async () => {
      db = await target.open();
      people = sampleDirectory();
      knowledge = createKnowledge({ store: createDocumentStore(db), reader: createDocumentReader() });
      const flaky = {
        addDocument: (document: TextDocument) =>
          failing ? Promise.reject(new Error('the index is being rebuilt')) : knowledge.addDocument(document),
      };
      now = new Date('2026-03-02T10:00:00Z');
      sharing = createSharing(
        {
          store: createRequestStore(db),
          people,
          knowledge: flaky,
          notifier: createRecordingNotifier(),
          logger: silent,
        },
        { deadlineWorkingDays: 2, clock: () => now },
      );

      const request = await sharing.open({ text: question, fromEmail: requester });
      id = request.id;
      helper = request.routedTo[0]!;
      await sharing.claim(id, asPerson(helper));
      await sharing.answer(id, answerText, asPerson(helper), { consentToShare: true });
      await sharing.markHelpful(id, true, asPerson(requester));
    });
    afterAll(async () => db?.drop());

    it('names the answerer and the requester while their profiles are visible', async () => {
      const helperName = people.records.find((person) => person.email === helper)!.name;
      const answer = await ask();
      expect(answer.answered).toBe(true);
      expect(answer.citations[0]).toMatchObject({
        source: `pont:request/${id}`,
        title: question,
        published: '2026-03-02',
      });
      expect(await passage()).toContain(`answered by ${helperName}, `);
      expect(await passage()).toContain('for Rhian Evans, Waste Services Manager from Blaenau Gwent');
    });

    it('stops naming the answerer once they hide their profile, keeps the answer and the date, and records the rewrite', async () => {
      const helperName = people.records.find((person) => person.email === helper)!.name;
      now = new Date('2026-04-10T09:00:00Z');
      setVisible(helper, false);
      expect(await sharing.refreshSharedPractice(helper)).toBe(1);

      const answer = await ask();
      expect(answer.answered).toBe(true);
      expect(answer.answer).toContain('six weeks ahead');
      expect(answer.citations[0]).toMatchObject({ source: `pont:request/${id}`, published: '2026-03-02' });
      const shown = JSON.stringify(answer);
      expect(shown).not.toContain(helperName);
      expect(shown).not.toContain(helper);
      expect(await passage()).toContain('answered by a member of staff in Torfaen, for Rhian Evans');
      expect(await passage()).not.toContain(helperName);

      const history = await sharing.events(id);
      const rewritten = history.filter((event) => event.type === 'shared-practice-rewritten');
      expect(rewritten).toHaveLength(1);
      expect(JSON.stringify(history)).not.toContain(helper);
    });

    it('names the answerer again once they show their profile again', async () => {
      const helperName = people.records.find((person) => person.email === helper)!.name;
      setVisible(helper, true);
      expect(await sharing.refreshSharedPractice(helper)).toBe(1);
      expect(await passage()).toContain(`answered by ${helperName}, `);
    });

    it('stops naming a requester whose profile is erased', async () => {
      setVisible(requester, false);
      try {
        expect(await sharing.refreshSharedPractice(requester)).toBe(1);
        expect(JSON.stringify(await ask())).not.toContain('Rhian Evans');
        expect(await passage()).not.toContain('Rhian Evans');
        expect(await passage()).toContain('for a member of staff from Blaenau Gwent');
      } finally {
        setVisible(requester, true);
        await sharing.refreshSharedPractice(requester);
      }
    });

    it('rewrites nothing for someone a kept request was only routed to, or whose requests were not kept', async () => {
      const onlyRouted = (await sharing.get(id)).routedTo.find((email) => email !== helper);
      expect(onlyRouted, 'the kept request was routed to someone besides the helper').toBeDefined();
      expect(await sharing.refreshSharedPractice(onlyRouted!)).toBe(0);
      await sharing.open({
        text: 'Who plans your waste rota for Christmas week?',
        fromEmail: 'dai@blaenau-gwent.gov.uk',
      });
      expect(await sharing.refreshSharedPractice('dai@blaenau-gwent.gov.uk')).toBe(0);
    });

    it('reports a rewrite that failed, so the change can be made again, and leaves the document as it was', async () => {
      const helperName = people.records.find((person) => person.email === helper)!.name;
      setVisible(helper, false);
      failing = true;
      try {
        await expect(sharing.refreshSharedPractice(helper)).rejects.toThrow(
          '1 of 1 shared-practice documents could not be rewritten',
        );
      } finally {
        failing = false;
      }
      expect(await passage()).toContain(`answered by ${helperName}, `);
      expect(await sharing.refreshSharedPractice(helper)).toBe(1);
      expect(await passage()).not.toContain(helperName);
    });
  },
);
