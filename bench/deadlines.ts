/**
 * `npm run bench:deadlines`: how long a person waits for what a platform gives a hard deadline, when every
 * call to the platform takes as long as the real one (350 ms and 800 ms a call):
 * - Slack "Claim" to its answer form: from the signed click on /slack/events to Slack taking the trigger_id
 *   in views.open (Slack refuses one older than 3 s);
 * - Teams "Send request" (Action.Execute) and "Ask the other council" (message extension submitAction): from
 *   the Bot Framework activity on /api/messages to its answer (Teams shows an error after 5 s).
 * Also how long until everything the interaction caused had gone out (notifications, updated messages).
 *
 * One Pont (PGlite, the sample directory and documents) serves both channels over HTTP, against the local
 * Slack Web API and Bot Framework connector from test/support, which take the given latency per call.
 * Options: --trials N (per latency and kind, default 3).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { actionIds } from '../src/channels/slack/index.ts';
import { settleHeldWork } from '../src/channels/after-response.ts';
import {
  buttonIds,
  buttonPress,
  eventPayload,
  shownText,
  startSlackHarness,
  users,
} from '../test/channels/slack/harness.ts';
import { fixture } from '../test/channels/teams/harness.ts';
import { deliverActivity, startFakeConnector } from '../test/support/fake-connector.ts';

const trialsIndex = process.argv.indexOf('--trials');
const trials =
  trialsIndex >= 0 && Number(process.argv[trialsIndex + 1]) > 0 ? Number(process.argv[trialsIndex + 1]) : 3;
const latencies = [350, 800];
const setupLatencyMs = 10;

const harness = await startSlackHarness({ latencyMs: setupLatencyMs });
const connector = await startFakeConnector({ latencyMs: setupLatencyMs });
const slack = harness.slack;
const byId = new Map(Object.values(users).map((user) => [user.id, user]));

interface TeamsPerson {
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
  chat: string;
}
const rows = parse(fs.readFileSync(path.resolve('examples/staff-directory.csv'), 'utf8'), { columns: true }) as {
  email: string;
  name: string;
}[];
const staff: TeamsPerson[] = rows.map((row, index) => ({
  id: `29:staff-${index}`,
  name: row.name,
  aadObjectId: `aad-staff-${index}`,
  email: row.email.toLowerCase(),
  chat: `a:staff-${index}-chat`,
}));
const sender = (person: TeamsPerson) => ({
  from: { id: person.id, name: person.name, aadObjectId: person.aadObjectId },
  conversation: { conversationType: 'personal', tenantId: 'tenant-1', id: person.chat },
});
// Everyone has Pont in Teams and has said hello once, so Pont can reach them proactively.
for (const person of staff) {
  connector.addMember(person);
  await deliverActivity(
    harness.url,
    fixture('personal-message', connector.url, { ...sender(person), id: `hello-${person.aadObjectId}`, text: 'hello' }),
  );
}
await settleHeldWork();
const sianInTeams = staff.find((person) => person.email === users.sian.email)!;

let sequence = 0;
const topics = [
  'plan the waste collection rota over bank holidays',
  'run garden waste collections in winter',
  'organise bulky waste collections',
  'plan refuse crew cover for leave',
  'schedule recycling rounds after a holiday',
];

/** Slack: Siân opens a request in a DM (at setup latency); the request number and whom it reached on Slack. */
async function openSlackRequest(): Promise<{ requestId: string; claimer: (typeof users)[keyof typeof users] }> {
  slack.setLatency(setupLatencyMs);
  slack.reset();
  sequence += 1;
  const ts = `1733000${String(sequence).padStart(3, '0')}.000100`;
  await harness.sendEvent(
    eventPayload('message-im', {
      text: `share how do you ${topics[sequence % topics.length]}? (${sequence})`,
      user: users.sian.id,
      channel: 'D0SIANMORG',
      ts,
      event_ts: ts,
    }),
  );
  const posted = await slack.waitFor(
    (calls) => calls.some((call) => call.method === 'chat.postMessage' && call.args.channel === 'D0SIANMORG'),
    30_000,
  );
  const requestId = /Sharing request #(\d+)/.exec(
    shownText(posted.find((call) => call.method === 'chat.postMessage' && call.args.channel === 'D0SIANMORG')!.args),
  )![1]!;
  const routed = await slack.waitFor(
    (calls) =>
      calls.some(
        (call) =>
          call.method === 'chat.postMessage' &&
          String(call.args.channel).startsWith('U') &&
          buttonIds(call.args.blocks).includes(actionIds.claim),
      ),
    30_000,
  );
  const first = routed.find(
    (call) =>
      call.method === 'chat.postMessage' &&
      String(call.args.channel).startsWith('U') &&
      buttonIds(call.args.blocks).includes(actionIds.claim),
  )!;
  await settleHeldWork();
  return { requestId, claimer: byId.get(String(first.args.channel))! };
}

/** Slack: the claimer presses Claim at `latencyMs` a call; ms to the modal, and ms until the claim's updates had gone. */
async function claimToModal(latencyMs: number): Promise<{ modalMs: number; doneMs: number; accepted: boolean }> {
  const { requestId, claimer } = await openSlackRequest();
  const messages = slack.calls.filter((call) => call.method === 'chat.postMessage').length;
  slack.reset();
  slack.setLatency(latencyMs);
  const press = buttonPress(harness, claimer, actionIds.claim, requestId, {
    channel: claimer.id,
    messageTs: '1733001000.000100',
  });
  const clicked = Date.now();
  await harness.sendInteraction(press);
  await slack.waitForCalls('views.open', 1, 30_000);
  await slack.waitFor((calls) => calls.filter((call) => call.method === 'chat.update').length >= messages, 60_000);
  await settleHeldWork();
  const trigger = slack.trigger(press.trigger_id)!;
  const opened = slack.callsTo('views.open')[0]!;
  return {
    modalMs: (trigger.usedAt ?? opened.at + latencyMs) - clicked,
    doneMs: Date.now() - clicked,
    accepted: trigger.usedAt !== null,
  };
}

/** Teams: Siân sends a request by `kind` at `latencyMs` a connector call; ms to the invoke's answer, and until the cards had gone. */
async function invokeToResponse(
  kind: 'send-request' | 'ask-other-council',
  latencyMs: number,
): Promise<{ answerMs: number; doneMs: number; recipients: number }> {
  slack.setLatency(latencyMs);
  connector.reset();
  connector.setLatency(latencyMs);
  sequence += 1;
  const text = `How do you ${topics[sequence % topics.length]}? (${sequence})`;
  const activity =
    kind === 'send-request'
      ? fixture('adaptive-card-action', connector.url, {
          ...sender(sianInTeams),
          id: `send-${sequence}`,
          value: { action: { type: 'Action.Execute', verb: 'share-send', data: { request: text } }, trigger: 'manual' },
        })
      : fixture('compose-extension-fetch-task', connector.url, {
          ...sender(sianInTeams),
          name: 'composeExtension/submitAction',
          id: `submit-${sequence}`,
          value: { commandId: 'shareMessage', commandContext: 'message', data: { request: text } },
        });
  const started = Date.now();
  const answered = await deliverActivity(harness.url, activity);
  await settleHeldWork();
  const [request] = (await harness.pont.sharing.list({ involving: users.sian.email })).filter(
    (entry) => entry.detail === text,
  );
  return { answerMs: answered.elapsedMs, doneMs: Date.now() - started, recipients: request?.routedTo.length ?? 0 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const row = (label: string, values: number[], limit: number) =>
  `| ${label} | ${Math.round(median(values))} | ${Math.round(Math.max(...values))} | ${limit} | ${Math.max(...values) < limit ? 'yes' : 'NO'} |`;

const lines: string[] = [
  '| interaction (ms a platform call) | median ms | worst ms | limit ms | within |',
  '| --- | --- | --- | --- | --- |',
];
const after: string[] = [];
for (const latencyMs of latencies) {
  const claims = [];
  for (let trial = 0; trial < trials; trial += 1) claims.push(await claimToModal(latencyMs));
  lines.push(
    row(
      `Slack Claim → answer form (${latencyMs})`,
      claims.map((claim) => claim.modalMs),
      3000,
    ),
  );
  after.push(
    `Slack Claim at ${latencyMs} ms: every notification and message update done after ${Math.round(median(claims.map((claim) => claim.doneMs)))} ms (median); trigger taken ${claims.filter((claim) => claim.accepted).length}/${claims.length}`,
  );
  for (const kind of ['send-request', 'ask-other-council'] as const) {
    const invokes = [];
    for (let trial = 0; trial < trials; trial += 1) invokes.push(await invokeToResponse(kind, latencyMs));
    lines.push(
      row(
        `Teams ${kind === 'send-request' ? 'Send request' : 'Ask the other council'} → answer (${latencyMs})`,
        invokes.map((invoke) => invoke.answerMs),
        5000,
      ),
    );
    after.push(
      `Teams ${kind} at ${latencyMs} ms: ${median(invokes.map((invoke) => invoke.recipients))} recipients notified in Slack and Teams; all done after ${Math.round(median(invokes.map((invoke) => invoke.doneMs)))} ms (median)`,
    );
  }
}

process.stdout.write(
  `bench:deadlines, ${trials} trial(s) each, ${new Date().toISOString()}\n\n${lines.join('\n')}\n\n${after.join('\n')}\n`,
);
await harness.close();
await connector.close();
