import type { RequestStatus, SharingRequest } from '../../../core/sharing/index.ts';
import { UpstreamError, ValidationError } from '../../../errors.ts';
import { parseOptions, print, type Command } from '../command.ts';

// NOTE: the core is loaded when an action runs, so `pont help` stays quick.
const formats = () => import('./requests-format.ts');

const statuses: RequestStatus[] = ['open', 'routed', 'claimed', 'answered', 'closed', 'cancelled', 'expired'];

const usage = [
  'requests [--status S] [--involving EMAIL] [--as EMAIL]',
  'requests show ID [--as EMAIL]',
  'requests claim|decline|close|cancel ID --as EMAIL',
  'requests answer ID "ANSWER" --as EMAIL [--consent]',
  'requests helpful ID --as EMAIL [--no]',
  'requests followup [--now ISO-TIME]',
  'requests figures [--since DATE]',
  'requests refresh-shared',
].join(' | ');

function needId(words: string[], action: string): string {
  const id = words[0];
  if (!id) throw new ValidationError(`say which request to ${action}: pont requests ${action} ID --as EMAIL`);
  return id;
}

function parseDate(value: string, option: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new ValidationError(
      `${option} takes a date or time such as 2026-03-02 or 2026-03-02T10:00:00Z, not "${value}"`,
    );
  return date;
}

/**
 * `pont requests`: lists sharing requests and acts on them (claim, decline, answer, helpful, close, cancel),
 * runs due follow-ups once, prints the figures for the joint leadership team, and writes kept shared practice again
 * where it names someone as they no longer are.
 */
export const requestsCommand: Command = {
  name: 'requests',
  usage:
    'requests [--status S] | requests claim|decline|answer|helpful|close|cancel ID --as EMAIL | requests show|followup|figures|refresh-shared',
  summary: 'list sharing requests and act on them',
  options: {
    '--status': {
      type: 'string',
      value: 'S',
      description: `list: only requests in this state (${statuses.join(', ')})`,
    },
    '--involving': {
      type: 'string',
      value: 'EMAIL',
      description: 'list: only requests this person asked, was sent or picked up',
    },
    '--as': { type: 'string', value: 'EMAIL', description: 'who is acting or looking (PONT_ADMINS act as admins)' },
    '--consent': { type: 'boolean', description: 'answer: the answer may be kept as shared practice for others' },
    '--no': { type: 'boolean', description: 'helpful: the answer did not help' },
    '--now': { type: 'string', value: 'ISO-TIME', description: 'followup: act as if it were this time' },
    '--since': { type: 'string', value: 'DATE', description: 'figures: count from this date' },
  },
  details: ['Actions:', ...usage.split(' | ').map((line) => `  pont ${line}`)],
  async run(args, context) {
    const [action, ...rest] = args[0] && !args[0].startsWith('--') ? [args[0], ...args.slice(1)] : ['list', ...args];
    const { actorFrom, eventText, readerFrom, requestText, showNotifications } = await formats();

    if (action === 'list') {
      const { words, values } = parseOptions(
        rest,
        { values: ['--status', '--involving', '--as'], flags: [] },
        'pont requests',
      );
      if (words.length) throw new ValidationError(`unknown action "${words[0]}": ${usage}`);
      const status = values.get('--status');
      if (status !== undefined && !statuses.includes(status as RequestStatus))
        throw new ValidationError(`--status takes one of ${statuses.join(', ')}, not "${status}"`);
      const pont = await context.pont();
      // NOTE: --as says who is looking: they see their own part in requests even if their profile is hidden.
      // NOTE: without --as the console operator looks, and sees every field (still not hidden people).
      const requests = await pont.sharing.list({
        status: status as RequestStatus | undefined,
        involving: values.get('--involving'),
        ...readerFrom(pont, values.get('--as')),
      });
      print(context, { requests }, () => (requests.length ? requests.map(requestText).join('\n\n') : 'No requests.'));
      return;
    }

    if (action === 'show') {
      const { words, values } = parseOptions(rest, { values: ['--as'], flags: [] }, 'pont requests show');
      const pont = await context.pont();
      const id = needId(words, 'show');
      const reader = readerFrom(pont, values.get('--as'));
      const [request, events] = await Promise.all([pont.sharing.get(id, reader), pont.sharing.events(id, reader)]);
      print(context, { request, events }, () =>
        [requestText(request), 'history:', ...events.map(eventText)].join('\n'),
      );
      return;
    }

    if (action === 'followup') {
      const { words, values } = parseOptions(rest, { values: ['--now'], flags: [] }, 'pont requests followup');
      if (words.length) throw new ValidationError('pont requests followup takes no words, only --now ISO-TIME');
      const now = values.has('--now') ? parseDate(values.get('--now')!, '--now') : undefined;
      const pont = await context.pont();
      const stop = showNotifications(pont, context);
      try {
        const acted = await pont.sharing.runDueFollowUps(now);
        print(context, { acted }, () => `Followed up ${acted} request${acted === 1 ? '' : 's'}.`);
      } finally {
        stop();
      }
      return;
    }

    if (action === 'figures') {
      const { values } = parseOptions(rest, { values: ['--since'], flags: [] }, 'pont requests figures');
      const since = values.has('--since') ? parseDate(values.get('--since')!, '--since') : undefined;
      const pont = await context.pont();
      const figures = await pont.sharing.figures({ since });
      const { councilDirections, councilName } = await import('../../../core/councils/index.ts');
      print(context, { figures }, () =>
        [
          `Requests: ${figures.total} (${
            Object.entries(figures.byStatus)
              .map(([status, count]) => `${status} ${count}`)
              .join(', ') || 'none'
          })`,
          `Answered: ${Math.round(figures.shareAnswered * 100)}%`,
          `Median hours to first claim: ${figures.medianHoursToFirstClaim ?? '—'}; to answer: ${figures.medianHoursToAnswer ?? '—'}`,
          `Connections across the border: ${figures.crossCouncilConnections}`,
          `By service: ${figures.byService.map((row) => `${row.service} ${row.count}`).join(', ') || '—'}`,
          `By direction: ${councilDirections()
            .map(
              ({ from, to }) =>
                `${councilName(from, 'en')} → ${councilName(to, 'en')} ${figures.byDirection.find((row) => row.from === from && row.to === to)?.count ?? 0}`,
            )
            .join(', ')}`,
        ].join('\n'),
      );
      return;
    }

    if (action === 'refresh-shared') {
      const { words } = parseOptions(rest, { values: [], flags: [] }, 'pont requests refresh-shared');
      if (words.length)
        throw new ValidationError('pont requests refresh-shared takes no words: it checks every kept answer');
      const pont = await context.pont();
      const refreshed = await pont.sharing.refreshAllSharedPractice();
      const { checked, rewritten, failed } = refreshed;
      print(context, refreshed, () =>
        [
          `Checked ${checked} kept answer${checked === 1 ? '' : 's'} against current profiles: rewrote ${rewritten}.`,
          ...(failed > 0 ? [`${failed} could not be rewritten.`] : []),
        ].join(' '),
      );
      // NOTE: the counts are printed first, so a script sees what was done; the exit status says some remain.
      if (failed > 0)
        throw new UpstreamError(
          `${failed} kept answer${failed === 1 ? '' : 's'} could not be rewritten: see the log for why, then run pont requests refresh-shared again`,
        );
      return;
    }

    const transitions = ['claim', 'decline', 'answer', 'helpful', 'close', 'cancel'];
    if (!transitions.includes(action)) throw new ValidationError(`unknown action "${action}": ${usage}`);
    const { words, values, flags } = parseOptions(
      rest,
      { values: ['--as'], flags: action === 'answer' ? ['--consent'] : action === 'helpful' ? ['--no'] : [] },
      `pont requests ${action}`,
    );
    const id = needId(words, action);
    const pont = await context.pont();
    const actor = actorFrom(pont, values.get('--as'));
    const stop = showNotifications(pont, context);
    try {
      let request: SharingRequest;
      if (action === 'claim') request = await pont.sharing.claim(id, actor);
      else if (action === 'decline') request = await pont.sharing.decline(id, actor);
      else if (action === 'answer') {
        const text = words.slice(1).join(' ');
        if (!text.trim())
          throw new ValidationError(
            `write the answer after the number: pont requests answer ${id} "What we do…" --as EMAIL`,
          );
        request = await pont.sharing.answer(id, text, actor, { consentToShare: flags.has('--consent') });
      } else if (action === 'helpful') request = await pont.sharing.markHelpful(id, !flags.has('--no'), actor);
      else if (action === 'close') request = await pont.sharing.close(id, actor);
      else request = await pont.sharing.cancel(id, actor);
      print(context, { request }, () => requestText(request));
    } finally {
      stop();
    }
  },
};
