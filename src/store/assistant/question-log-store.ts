import { createHash, randomUUID } from 'node:crypto';
import { questionIntents, type QuestionLog } from '../../core/assistant/index.ts';
import type { IntentKind } from '../../core/assistant/index.ts';
import type { Language } from '../../core/language/index.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import type { Queryable } from '../database.ts';

const questionLimit = 2000;

/** A question log in PostgreSQL (either store: the same SQL runs on PGlite and on a server). */
export function createSqlQuestionLog(db: Queryable): QuestionLog {
  return {
    async record(entry) {
      // NOTE: an email in the text ("counterpart jane.jones@torfaen.gov.uk") is personal data the figures do
      // not need.
      const question = entry.question
        .trim()
        .slice(0, questionLimit)
        .replace(/[^\s@<>"']+@[^\s@<>"']+\.[^\s@<>"']+/g, '[email]');
      const id = randomUUID();
      const rows = await db.query<{ id: string }>(
        `insert into assistant_questions (id, asked_at, channel, language, intent, question, answered, asker_council, client_key)
         values ($1, coalesce($2::timestamptz, now()), $3, $4, $5, $6, $7, $8, $9)
         on conflict (channel, client_key) do nothing
         returning id`,
        [
          id,
          entry.at ?? null,
          entry.channel,
          entry.language,
          entry.intent,
          question,
          entry.answered,
          entry.council,
          entry.clientKey ?? null,
        ],
      );
      if (rows[0]) return rows[0].id;
      // NOTE: a retried platform event: the first row stands, and its id is the answer's id.
      const existing = await db.query<{ id: string }>(
        'select id from assistant_questions where channel = $1 and client_key = $2',
        [entry.channel, entry.clientKey],
      );
      return existing[0]!.id;
    },

    async feedback(answerId, helpful, voter) {
      if (!/^[0-9a-f-]{36}$/i.test(answerId)) {
        throw new ValidationError(
          `"${answerId.slice(0, 60)}" is not an answer id: give the answerId that came with the answer`,
          {
            text: {
              en: 'That feedback is not for an answer Pont gave: use the buttons under the answer.',
              cy: 'Nid yw’r adborth hwnnw ar gyfer ateb a roddodd Pont: defnyddiwch y botymau o dan yr ateb.',
            },
          },
        );
      }
      const found = await db.query('select 1 from assistant_questions where id = $1', [answerId]);
      if (found.length === 0) {
        throw new NotFoundError(`No answer ${answerId}: feedback can only be given on an answer Pont gave`, {
          text: {
            en: 'That answer is no longer on record, so the feedback was not saved: ask the question again.',
            cy: 'Nid yw’r ateb hwnnw ar gof a chadw mwyach, felly ni chadwyd yr adborth: gofynnwch y cwestiwn eto.',
          },
        });
      }
      // NOTE: without a voter (an anonymous page) every vote counts on its own.
      const voterKey = voter
        ? createHash('sha256').update(voter.trim().toLowerCase()).digest('hex')
        : `anonymous:${randomUUID()}`;
      await db.query(
        `insert into assistant_feedback (question_id, voter, helpful) values ($1, $2, $3)
         on conflict (question_id, voter) do update set helpful = excluded.helpful, at = now()`,
        [answerId, voterKey, helpful],
      );
    },

    async figures(options = {}) {
      const limit = Math.max(1, Math.min(options.limit ?? 10, 100));
      // Every query takes the window as $1 (since, inclusive) and $2 (until, exclusive); either may be null.
      const window = [options.since ?? null, options.until ?? null];
      const inWindow = (column: string) =>
        `($1::timestamptz is null or ${column} >= $1::timestamptz) and ($2::timestamptz is null or ${column} < $2::timestamptz)`;
      const intents = [...questionIntents];

      const [totals] = await db.query<{ asked: number; answered: number }>(
        `select count(*) as asked, count(*) filter (where answered) as answered
         from assistant_questions where ${inWindow('asked_at')} and intent = any($3::text[])`,
        [...window, intents],
      );
      const [votes] = await db.query<{ helpful: number; not_helpful: number }>(
        `select count(*) filter (where f.helpful) as helpful, count(*) filter (where not f.helpful) as not_helpful
         from assistant_feedback f join assistant_questions q on q.id = f.question_id where ${inWindow('q.asked_at')}`,
        window,
      );
      const perDay = await db.query<{ day: string; asked: number; answered: number }>(
        `select to_char(asked_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*) as asked, count(*) filter (where answered) as answered
         from assistant_questions where ${inWindow('asked_at')} and intent = any($3::text[])
         group by 1 order by 1`,
        [...window, intents],
      );
      const byIntent = await db.query<{ intent: IntentKind; count: number }>(
        `select intent, count(*) as count from assistant_questions where ${inWindow('asked_at')} group by intent order by count desc, intent`,
        window,
      );
      const byLanguage = await db.query<{ language: Language; count: number }>(
        `select language, count(*) as count from assistant_questions where ${inWindow('asked_at')} group by language order by count desc, language`,
        window,
      );
      // NOTE: grouped case-insensitively, ignoring spacing and the punctuation at the end, so "Is this a
      // merger?" and "is this a merger" are one gap. The wording shown is the most recent one.
      const topUnanswered = await db.query<{ question: string; count: number; last_asked: Date }>(
        `select (array_agg(question order by asked_at desc))[1] as question, count(*) as count, max(asked_at) as last_asked
         from assistant_questions
         where ${inWindow('asked_at')} and intent = 'ask' and not answered
         group by regexp_replace(regexp_replace(lower(btrim(question)), '\\s+', ' ', 'g'), '[[:space:][:punct:]]+$', '')
         order by count desc, last_asked desc
         limit $3`,
        [...window, limit],
      );

      const asked = totals?.asked ?? 0;
      const answered = totals?.answered ?? 0;
      return {
        total: {
          asked,
          answered,
          unanswered: asked - answered,
          helpful: votes?.helpful ?? 0,
          notHelpful: votes?.not_helpful ?? 0,
        },
        perDay: perDay.map((row) => ({
          day: row.day,
          asked: row.asked,
          answered: row.answered,
          unanswered: row.asked - row.answered,
        })),
        byIntent,
        byLanguage,
        topUnanswered: topUnanswered.map((row) => ({
          question: row.question,
          count: row.count,
          lastAsked: new Date(row.last_asked).toISOString(),
        })),
      };
    },
  };
}
