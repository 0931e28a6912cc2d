import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant } from '../../../src/core/assistant/index.ts';
import type { QuestionEntry, QuestionLog } from '../../../src/core/assistant/question-log.ts';
import { createSqlQuestionLog } from '../../../src/store/assistant/index.ts';
import { NotFoundError, ValidationError } from '../../../src/errors.ts';
import type { Database } from '../../../src/store/index.ts';
import { storeTargets } from '../../support/stores.ts';
import { fakeDependencies, person } from '../../core/assistant/fakes.ts';

function entry(overrides: Partial<QuestionEntry> = {}): QuestionEntry {
  return {
    channel: 'slack',
    language: 'en',
    intent: 'ask',
    question: 'Is this a merger?',
    answered: true,
    council: 'torfaen',
    ...overrides,
  };
}

describe.each(await storeTargets())('the question log on $name', (target) => {
  let db: Database & { drop(): Promise<void> };
  let log: QuestionLog;
  beforeAll(async () => {
    db = await target.open();
    log = createSqlQuestionLog(db);
  });
  afterAll(async () => db?.drop());

  it('keeps what was asked, where and in which language, but not who asked', async () => {
    const id = await log.record(
      entry({
        question: '  What is a Section 113 agreement?  ',
        channel: 'teams',
        language: 'cy',
        council: 'blaenau-gwent',
      }),
    );
    const rows = await db.query('select * from assistant_questions where id = $1', [id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      channel: 'teams',
      language: 'cy',
      intent: 'ask',
      question: 'What is a Section 113 agreement?',
      answered: true,
      asker_council: 'blaenau-gwent',
    });
    expect(Object.keys(rows[0]!).some((column) => column.includes('email'))).toBe(false);
  });

  it('keeps no email address that was typed into a message', async () => {
    const id = await log.record(
      entry({ intent: 'counterpart', question: 'counterpart jane.jones@torfaen.gov.uk please' }),
    );
    const [row] = await db.query<{ question: string }>('select question from assistant_questions where id = $1', [id]);
    expect(row!.question).toBe('counterpart [email] please');
  });

  it('logs a retried platform event once and gives back the first id', async () => {
    const first = await log.record(entry({ clientKey: 'Ev0RETRY1' }));
    const second = await log.record(entry({ clientKey: 'Ev0RETRY1', answered: false }));
    expect(second).toBe(first);
    const rows = await db.query<{ answered: boolean }>(
      `select answered from assistant_questions where client_key = 'Ev0RETRY1'`,
    );
    expect(rows).toEqual([{ answered: true }]);
  });

  it('counts one vote per person and lets them change their mind', async () => {
    const id = await log.record(entry({ question: 'Who chairs the joint committee?' }));
    await log.feedback(id, true, 'rhian.morgan@torfaen.gov.uk');
    await log.feedback(id, false, 'Rhian.Morgan@torfaen.gov.uk');
    await log.feedback(id, true, 'U0GARETH');
    const votes = await db.query<{ voter: string; helpful: boolean }>(
      'select voter, helpful from assistant_feedback where question_id = $1 order by helpful',
      [id],
    );
    expect(votes.map((vote) => vote.helpful)).toEqual([false, true]);
    expect(votes.map((vote) => vote.voter).join(' ')).not.toContain('rhian');
  });

  it('refuses feedback on an answer it never gave', async () => {
    await expect(log.feedback('00000000-0000-4000-8000-000000000000', true, 'someone')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(log.feedback('not-an-id', true, 'someone')).rejects.toBeInstanceOf(ValidationError);
  });

  it('gives the figures per day and the most asked unanswered questions, grouped whatever the case', async () => {
    const since = new Date('2026-03-01T00:00:00Z');
    const until = new Date('2026-04-01T00:00:00Z');
    const day = (date: string) => new Date(`${date}T10:00:00Z`);
    await log.record(entry({ at: day('2026-03-02'), question: 'What is the car parking policy?', answered: false }));
    await log.record(
      entry({ at: day('2026-03-02'), question: 'what is the car parking policy', answered: false, language: 'en' }),
    );
    await log.record(entry({ at: day('2026-03-03'), question: 'WHAT IS THE CAR PARKING POLICY??', answered: false }));
    await log.record(
      entry({ at: day('2026-03-03'), question: 'Beth yw polisi parcio?', answered: false, language: 'cy' }),
    );
    await log.record(
      entry({ at: day('2026-03-03'), question: 'Beth yw polisi parcio?', answered: false, language: 'cy' }),
    );
    await log.record(entry({ at: day('2026-03-03'), question: 'Is this a merger?', answered: true }));
    await log.record(entry({ at: day('2026-03-03'), intent: 'skills', question: 'who knows GIS?', answered: true }));
    await log.record(
      entry({ at: day('2026-03-03'), intent: 'skills', question: 'who knows basket weaving?', answered: false }),
    );
    const helped = await log.record(
      entry({ at: day('2026-03-04'), question: 'Who is the Joint Chief Executive?', answered: true }),
    );
    await log.record(entry({ at: day('2026-03-04'), intent: 'help', question: 'help', answered: true }));
    await log.feedback(helped, true, 'a@torfaen.gov.uk');
    await log.feedback(helped, false, 'b@torfaen.gov.uk');
    await log.record(entry({ at: day('2026-02-01'), question: 'An old question', answered: false }));

    const figures = await log.figures({ since, until });
    expect(figures.total).toEqual({ asked: 9, answered: 3, unanswered: 6, helpful: 1, notHelpful: 1 });
    expect(figures.perDay).toEqual([
      { day: '2026-03-02', asked: 2, answered: 0, unanswered: 2 },
      { day: '2026-03-03', asked: 6, answered: 2, unanswered: 4 },
      { day: '2026-03-04', asked: 1, answered: 1, unanswered: 0 },
    ]);
    expect(figures.topUnanswered.map(({ question, count }) => ({ question, count }))).toEqual([
      { question: 'WHAT IS THE CAR PARKING POLICY??', count: 3 },
      { question: 'Beth yw polisi parcio?', count: 2 },
    ]);
    expect(figures.topUnanswered[0]!.lastAsked).toBe('2026-03-03T10:00:00.000Z');
    expect(figures.byIntent).toEqual([
      { intent: 'ask', count: 7 },
      { intent: 'skills', count: 2 },
      { intent: 'help', count: 1 },
    ]);
    expect(figures.byLanguage).toEqual([
      { language: 'en', count: 8 },
      { language: 'cy', count: 2 },
    ]);
    expect((await log.figures({ since, until, limit: 1 })).topUnanswered).toHaveLength(1);
  });

  it('stores every message the assistant handles and takes feedback by the answer id', async () => {
    const { dependencies } = fakeDependencies({
      answer: (_question, language) => ({
        answered: false,
        answer: 'The documents do not say.',
        language,
        citations: [],
      }),
    });
    const assistant = createAssistant({ ...dependencies, questionLog: log });
    const recent = { since: new Date(Date.now() - 60_000) };
    const before = await assistant.questionFigures(recent);
    const reply = await assistant.handle({
      channel: 'web',
      channelUserId: 'session-1',
      person: person(),
      email: null,
      isAdmin: false,
      text: 'Where do I park at Ty Blaen Torfaen?',
    });
    if (reply.kind !== 'answer' || !reply.answerId) throw new Error('expected an answer with an id');
    await assistant.feedback(reply.answerId, false, { id: 'session-1' });
    const [row] = await db.query<{ channel: string; answered: boolean; votes: number }>(
      `select q.channel, q.answered, (select count(*) from assistant_feedback f where f.question_id = q.id) as votes from assistant_questions q where q.id = $1`,
      [reply.answerId],
    );
    expect(row).toEqual({ channel: 'web', answered: false, votes: 1 });
    const figures = await assistant.questionFigures(recent);
    expect(figures.topUnanswered).toEqual([
      expect.objectContaining({ question: 'Where do I park at Ty Blaen Torfaen?', count: 1 }),
    ]);
    expect(figures.total.notHelpful).toBe(before.total.notHelpful + 1);
  });
});
