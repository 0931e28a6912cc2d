import { NotFoundError, ValidationError } from '../../errors.ts';
import { parseOptions, print, type Command } from '../cli/command.ts';
import type { OutboxEntry } from './teams-store.ts';

// NOTE: loaded when an action runs, so `pont help` stays quick.
const teamsStore = () => import('./teams-store.ts');

const statuses: OutboxEntry['status'][] = ['failed', 'unreachable', 'pending', 'sent'];
/** What `pont teams outbox` shows with no --status: the messages that need someone to look at them. */
const needingAttention: OutboxEntry['status'][] = ['failed', 'unreachable'];
const defaultLimit = 100;

const usage =
  'teams outbox [--status failed|unreachable|pending|sent] [--request ID] [--to EMAIL] [--limit N] | teams retry ID… | teams retry --all-failed';

/** One outbox message as the operator sees it (the card's content stays out: it is about the request, not the delivery). */
function entryJson(entry: OutboxEntry) {
  return {
    id: entry.id,
    recipientEmail: entry.recipientEmail,
    kind: entry.kind,
    requestId: entry.requestId,
    status: entry.status,
    attempts: entry.attempts,
    lastError: entry.lastError,
    createdAt: entry.createdAt.toISOString(),
    nextAttemptAt: entry.status === 'pending' ? entry.nextAttemptAt.toISOString() : null,
    sentAt: entry.sentAt?.toISOString() ?? null,
  };
}

function entryText(entry: OutboxEntry): string {
  const when =
    entry.status === 'sent' && entry.sentAt
      ? `sent ${entry.sentAt.toISOString()}`
      : entry.status === 'pending'
        ? `next attempt ${entry.nextAttemptAt.toISOString()}`
        : `queued ${entry.createdAt.toISOString()}`;
  const lines = [
    `${entry.id}  ${entry.status}  ${entry.kind} to ${entry.recipientEmail} about request #${entry.requestId}`,
    `    ${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'} · ${when}`,
  ];
  if (entry.lastError) lines.push(`    last error: ${entry.lastError}`);
  return lines.join('\n');
}

function parseId(word: string): number {
  const digits = word.replace(/^#/, '');
  if (!/^[1-9][0-9]{0,15}$/.test(digits))
    throw new ValidationError(
      `"${word}" is not an outbox id: give the numbers "pont teams outbox" lists, or --all-failed`,
    );
  return Number(digits);
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * `pont teams outbox` and `pont teams retry`: lets the people who run Pont see proactive Teams messages that
 * could not be delivered (and why), and put them back in the queue once the cause is fixed.
 */
export const teamsCommand: Command = {
  name: 'teams',
  usage,
  summary: 'Teams messages that could not be delivered, and retrying them (for IT)',
  options: {
    '--status': {
      type: 'string',
      value: 'S',
      description: `outbox: messages in this state (${statuses.join(', ')}; default failed and unreachable)`,
    },
    '--request': { type: 'string', value: 'ID', description: 'outbox: messages about this request' },
    '--to': { type: 'string', value: 'EMAIL', description: 'outbox: messages to this person' },
    '--limit': { type: 'string', value: 'N', description: `outbox: at most N messages (default ${defaultLimit})` },
    '--all-failed': { type: 'boolean', description: 'retry: every failed or unreachable message' },
  },
  details: ['Actions:', ...usage.split(' | ').map((line) => `  pont ${line}`)],
  async run(args, context) {
    const [action, ...rest] = args;

    if (action === 'outbox') {
      const { words, values } = parseOptions(
        rest,
        { values: ['--status', '--request', '--to', '--limit'], flags: [] },
        'pont teams outbox',
      );
      if (words.length) throw new ValidationError(`pont teams outbox takes no words ("${words[0]}"): ${usage}`);
      const status = values.get('--status');
      if (status !== undefined && !statuses.includes(status as OutboxEntry['status']))
        throw new ValidationError(`--status takes one of ${statuses.join(', ')}, not "${status}"`);
      const limitText = values.get('--limit');
      if (limitText !== undefined && !/^[1-9][0-9]{0,5}$/.test(limitText))
        throw new ValidationError(`--limit takes a whole number from 1 to 999999, not "${limitText}"`);
      const limit = limitText ? Number(limitText) : defaultLimit;
      const filter = { requestId: values.get('--request')?.replace(/^#/, ''), recipientEmail: values.get('--to') };
      const shown = status ? [status as OutboxEntry['status']] : needingAttention;

      const pont = await context.pont();
      const { createTeamsStore } = await teamsStore();
      const store = createTeamsStore(pont.db);
      const [entries, counts] = await Promise.all([
        store.outbox({ ...filter, statuses: shown, limit }),
        store.outboxCounts(filter),
      ]);
      const matching = shown.reduce((sum, each) => sum + (counts[each] ?? 0), 0);
      print(context, { entries: entries.map(entryJson), counts, more: matching - entries.length }, () => {
        const summary = `Teams outbox: ${statuses.map((each) => `${counts[each] ?? 0} ${each}`).join(', ')}.`;
        if (entries.length === 0)
          return `${summary}\nNo ${shown.join(' or ')} messages${filter.requestId || filter.recipientEmail ? ' match' : ''}.`;
        const more =
          matching > entries.length ? [`… and ${matching - entries.length} older; use --limit to see more.`] : [];
        const hint = entries.some((entry) => entry.status === 'failed' || entry.status === 'unreachable')
          ? ['Fix the cause, then: pont teams retry ID… (or --all-failed). The next delivery pass sends them.']
          : [];
        return [summary, '', ...entries.map(entryText), ...more, ...hint].join('\n');
      });
      return;
    }

    if (action === 'retry') {
      const { words, flags } = parseOptions(rest, { values: [], flags: ['--all-failed'] }, 'pont teams retry');
      const allFailed = flags.has('--all-failed');
      if (allFailed && words.length) throw new ValidationError('give outbox ids or --all-failed, not both');
      if (!allFailed && !words.length)
        throw new ValidationError('say which messages to retry: pont teams retry ID… or pont teams retry --all-failed');
      const ids = words.map(parseId);

      const pont = await context.pont();
      const { createTeamsStore } = await teamsStore();
      const result = await createTeamsStore(pont.db).requeue(allFailed ? { allFailed: true } : { ids });
      if ('unknown' in result) {
        const problems = [
          ...(result.unknown.length ? [`no outbox message has id ${result.unknown.join(', ')}`] : []),
          ...result.notStopped.map(
            (entry) => `${entry.id} is ${entry.status === 'sent' ? 'already sent' : 'already waiting to be sent'}`,
          ),
        ];
        const message = `${problems.join('; ')}: nothing was re-queued. Only failed or unreachable messages can be retried (see pont teams outbox).`;
        throw result.unknown.length ? new NotFoundError(message) : new ValidationError(message);
      }
      const count = result.requeued.length;
      print(context, { requeued: count, ids: result.requeued }, () =>
        count === 0
          ? 'No failed messages to retry.'
          : `Re-queued ${plural(count, 'message')} (${result.requeued.join(', ')}): the next delivery pass sends ${count === 1 ? 'it' : 'them'}.`,
      );
      return;
    }

    throw new ValidationError(`${action ? `unknown action "${action}"` : 'say what to do'}: ${usage}`);
  },
};
