import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openPostgres, type Database } from '../../../src/store/index.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../../support/fake-slack-api.ts';
import { startLatencyProxy, type LatencyProxy } from '../../support/latency-proxy.ts';
import { postgresReachable, postgresUrl, uniqueSchema } from '../../support/stores.ts';
import { botToken, eventPayload, shownText, sign, signingSecret, unique, users } from './harness.ts';

// The real server process (`npm start`) on PostgreSQL, a slow language model and signed Slack deliveries:
// work acknowledged before a crash or a stop is answered once, by the next process.

const modelLatencyMs = 1_500;

interface Server {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  output(): string;
}

async function startServer(environment: Record<string, string>): Promise<Server> {
  const { DATABASE_URL: _unused, ...inherited } = process.env;
  const child = spawn(process.execPath, ['bin/server.js'], {
    env: { ...inherited, LOG_LEVEL: 'info', PORT: '0', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  // NOTE: a server that hangs must not outlive the test run.
  const deadline = setTimeout(() => child.kill('SIGKILL'), 170_000);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(deadline);
      resolve(code);
    }),
  );
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const listening = /Pont is listening on (http:\/\/[\d.:]+)/.exec(output);
    if (listening) return { child, url: listening[1]!, exited, output: () => output };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not start:\n${output}`);
}

/** Posts one signed Events API delivery to a running server; its HTTP status. */
async function sendSigned(url: string, payload: Record<string, unknown>): Promise<number> {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(`${url}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': sign(body, timestamp),
    },
    body,
  });
  return response.status;
}

async function sendDirectMessage(
  url: string,
  text: string,
  userId: string,
  channel: string,
): Promise<{ status: number; ts: string }> {
  const ts = unique('1732390000.');
  const status = await sendSigned(url, eventPayload('message-im', { text, ts, event_ts: ts, user: userId, channel }));
  return { status, ts };
}

async function sendMention(url: string, text: string, userId: string): Promise<{ status: number; ts: string }> {
  const ts = unique('1732390000.');
  const status = await sendSigned(url, eventPayload('app-mention', { text, ts, event_ts: ts, user: userId }));
  return { status, ts };
}

const people = [users.sian, users.karen, users.ieuan, users.matthew, users.ffion];

describe.runIf(await postgresReachable())(
  'Slack work across a crash and a stop (real server process, PostgreSQL)',
  () => {
    let db: Database;
    let schema: string;
    let slack: FakeSlackApi;
    let model: FakeOpenAI;
    let slowModel: LatencyProxy;
    let environment: Record<string, string>;
    const running: Server[] = [];

    beforeAll(async () => {
      schema = uniqueSchema('pont_durable');
      db = await openPostgres(postgresUrl, { schema, max: 2 });
      await migrate(db);
      slack = await startFakeSlackApi();
      for (const user of Object.values(users)) slack.addUser(user);
      model = await startFakeOpenAI();
      slowModel = await startLatencyProxy(model.origin, modelLatencyMs);
      environment = {
        DATABASE_URL: `${postgresUrl}?options=${encodeURIComponent(`-c search_path=${schema},public`)}`,
        SLACK_BOT_TOKEN: botToken,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: slack.apiUrl,
        OPENAI_BASE_URL: `${slowModel.origin}/v1`,
        OPENAI_MODEL: 'fake-model',
        PONT_WORK_LEASE_SECONDS: '2',
      };
    }, 60_000);

    afterAll(async () => {
      for (const server of running) if (server.child.exitCode === null) server.child.kill('SIGKILL');
      await slowModel?.close();
      await model?.close();
      await slack?.close();
      await db?.exec(`drop schema if exists ${schema} cascade`);
      await db?.close();
    });

    /** Every thread's replies once the inbox has nothing left to do: then nothing more can arrive. */
    async function repliesOnceSettled(threads: { channel: string; ts: string }[]): Promise<string[][]> {
      for (let attempt = 0; attempt < 600; attempt += 1) {
        const [{ waiting }] = (await db.query<{ waiting: number }>(
          `select count(*) as waiting from inbox where status = 'pending'`,
        )) as [{ waiting: number }];
        const answered = threads.every((thread) =>
          slack.thread(thread.channel, thread.ts).some((message) => !message.streaming),
        );
        if (waiting === 0 && answered) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return threads.map((thread) => slack.thread(thread.channel, thread.ts).map((message) => shownText(message)));
    }

    /** The work was done by the second attempt, and the server that did it then stops cleanly. */
    async function expectDoneBySecondAttempt(server: Server): Promise<void> {
      const rows = await db.query<{ status: string; attempts: number }>(`select status, attempts from inbox`);
      expect(rows).toEqual([{ status: 'done', attempts: 2 }]);
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }

    it('answers every acknowledged message exactly once after kill -9 mid-burst and a restart', async () => {
      const first = await startServer(environment);
      running.push(first);
      const questions = Array.from({ length: 10 }, (_, index) => {
        const person = people[index % people.length]!;
        return {
          person,
          channel: `D${person.id.slice(1)}`,
          text: `Who is the permanent Joint Chief Executive? (${index + 1})`,
        };
      });
      const sent = await Promise.all(
        questions.map((question) => sendDirectMessage(first.url, question.text, question.person.id, question.channel)),
      );
      expect(sent.map((delivery) => delivery.status)).toEqual(Array(10).fill(200));
      // Every answer needs the model, which takes 1.5 s: the process dies with all ten in hand.
      first.child.kill('SIGKILL');
      await first.exited;
      const [{ done }] = (await db.query<{ done: number }>(
        `select count(*) as done from inbox where status = 'done'`,
      )) as [{ done: number }];
      expect(done).toBe(0);

      const second = await startServer(environment);
      running.push(second);
      const threads = sent.map((delivery, index) => ({ channel: questions[index]!.channel, ts: delivery.ts }));
      const replies = await repliesOnceSettled(threads);
      for (const thread of replies) {
        expect(thread).toHaveLength(1);
        expect(thread[0]).toMatch(/Stephen Vickers/);
      }
      const rows = await db.query<{ status: string }>(`select status from inbox`);
      expect(rows.map((row) => row.status)).toEqual(Array(10).fill('done'));
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }, 150_000);

    it('finishes the work it holds when stopped with SIGTERM, then exits cleanly', async () => {
      await db.exec('delete from inbox');
      const server = await startServer(environment);
      running.push(server);
      const sent = await Promise.all(
        people.map((person) =>
          sendDirectMessage(
            server.url,
            'Who is the permanent Joint Chief Executive?',
            person.id,
            `D${person.id.slice(1)}`,
          ),
        ),
      );
      expect(sent.map((delivery) => delivery.status)).toEqual(Array(people.length).fill(200));
      // Stop once the workers hold every message, while every model call is still under way.
      for (let waited = 0; ; waited += 20) {
        const [{ held }] = (await db.query<{ held: number }>(
          `select count(*)::int as held from inbox where status = 'pending' and leased_by is not null`,
        )) as [{ held: number }];
        if (held === people.length) break;
        if (waited > 30_000) throw new Error(`the workers took ${held} of ${people.length} messages`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      const threads = sent.map((delivery, index) => ({ channel: `D${people[index]!.id.slice(1)}`, ts: delivery.ts }));
      for (const thread of threads) {
        const shown = slack.thread(thread.channel, thread.ts);
        expect(shown).toHaveLength(1);
        expect(shownText(shown[0]!)).toMatch(/Stephen Vickers/);
      }
      expect(server.output()).not.toMatch(/something went wrong/i);
      const rows = await db.query<{ status: string }>(`select status from inbox`);
      expect(rows.map((row) => row.status)).toEqual(Array(people.length).fill('done'));
    }, 150_000);

    it('does not post an answer twice when its process dies the moment Slack took it', async () => {
      await db.exec('delete from inbox');
      const first = await startServer(environment);
      running.push(first);
      const person = users.sian;
      const channel = `D${person.id.slice(1)}`;
      const sent = await sendDirectMessage(
        first.url,
        'Who is the permanent Joint Chief Executive?',
        person.id,
        channel,
      );
      expect(sent.status).toBe(200);
      // NOTE: the fake tells waiters after a call took effect and before it answers: the process is killed with
      // the answer in the thread and no word of it, so the work cannot have been recorded as done.
      await slack.waitFor(() => {
        const posted = slack.thread(channel, sent.ts).some((message) => !message.streaming && message.metadata);
        if (posted && first.child.exitCode === null) first.child.kill('SIGKILL');
        return posted;
      }, 60_000);
      await first.exited;
      const [{ status }] = (await db.query<{ status: string }>(`select status from inbox`)) as [{ status: string }];
      expect(status).toBe('pending');

      const second = await startServer(environment);
      running.push(second);
      const [thread] = await repliesOnceSettled([{ channel, ts: sent.ts }]);
      // One answer, and not the provisional text the first process was streaming either.
      expect(thread).toHaveLength(1);
      expect(thread![0]).toMatch(/Stephen Vickers/);
      expect(slack.callsTo('conversations.replies').length).toBeGreaterThan(0);
      expect(second.output()).toMatch(/posted before its process stopped; not posting it again/);
      await expectDoneBySecondAttempt(second);
    }, 150_000);

    it('does not post the answer to an @mention twice in a channel it cannot read when its process dies', async () => {
      await db.exec('delete from inbox');
      const first = await startServer(environment);
      running.push(first);
      const sent = await sendMention(
        first.url,
        '<@UPONTBOT1> Who is the permanent Joint Chief Executive?',
        users.karen.id,
      );
      expect(sent.status).toBe(200);
      // Killed the moment the answer is in the thread (the placeholder replaced), before the work is recorded done.
      await slack.waitFor(() => {
        const shown = slack
          .thread('C0WASTETEAM', sent.ts)
          .some((message) => !message.streamed && /Stephen Vickers/.test(shownText(message)));
        if (shown && first.child.exitCode === null) first.child.kill('SIGKILL');
        return shown;
      }, 60_000);
      await first.exited;
      const second = await startServer(environment);
      running.push(second);
      await repliesOnceSettled([{ channel: 'C0WASTETEAM', ts: sent.ts }]);
      const thread = slack.thread('C0WASTETEAM', sent.ts).map((message) => shownText(message));
      expect(thread).toHaveLength(1);
      expect(thread[0]).toMatch(/Stephen Vickers/);
      await expectDoneBySecondAttempt(second);
    }, 150_000);

    it('removes the draft a process was streaming when it died, and shows one answer', async () => {
      await db.exec('delete from inbox');
      const first = await startServer(environment);
      running.push(first);
      const person = users.ieuan;
      const channel = `D${person.id.slice(1)}`;
      // The model looks in the documents, then writes a long answer at a visible pace, so it streams for a while.
      const background = Array.from(
        { length: 24 },
        (_, index) => `Background point ${index + 1} is set out in the same arrangements.`,
      ).join(' ');
      model.enqueue(
        {
          kind: 'tool',
          calls: [{ name: 'search_documents', arguments: { question: 'Who is the permanent Joint Chief Executive?' } }],
        },
        {
          kind: 'text',
          pauseMs: 10,
          text: `Stephen Vickers is the permanent Joint Chief Executive [1]. ${background}`,
        },
      );
      const sent = await sendDirectMessage(
        first.url,
        'Who is the permanent Joint Chief Executive?',
        person.id,
        channel,
      );
      expect(sent.status).toBe(200);
      // Killed while the draft is still being written.
      await slack.waitFor((calls) => {
        const appended = calls.some((call) => call.method === 'chat.appendStream' && call.args.channel === channel);
        if (appended && first.child.exitCode === null) first.child.kill('SIGKILL');
        return appended;
      }, 60_000);
      await first.exited;
      expect(slack.thread(channel, sent.ts).filter((message) => message.streaming)).toHaveLength(1);
      const second = await startServer(environment);
      running.push(second);
      await repliesOnceSettled([{ channel, ts: sent.ts }]);
      // The next attempt's answer, and no half-written draft beside it.
      const shown = slack.thread(channel, sent.ts);
      expect(shown).toHaveLength(1);
      expect(shown[0]!.streamed).not.toBe(true);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }, 150_000);
  },
);
