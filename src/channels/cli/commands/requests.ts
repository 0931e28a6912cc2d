import type { Pont } from '../../../app.ts';
import type { Actor } from '../../../core/people/types.ts';
import { councilName, describeNotification, statusName, type RequestEvent, type RequestStatus, type SharingRequest } from '../../../core/sharing/index.ts';
import { UpstreamError, ValidationError } from '../../../errors.ts';
import { parseOptions, print, type CliContext, type Command } from '../command.ts';

const statuses: RequestStatus[] = ['open', 'routed', 'claimed', 'answered', 'closed', 'cancelled', 'expired'];

/** The person acting, from --as EMAIL; admins (PONT_ADMINS) act as admins. */
export function actorFrom(pont: Pont, email: string | undefined): Actor {
  const normalised = email?.trim().toLowerCase() || null;
  return { email: normalised, isAdmin: normalised !== null && pont.config.admins.includes(normalised), via: 'cli' };
}

/** Shows each sharing notification on stderr while a command runs, so the person at the terminal sees who was told. */
export function showNotifications(pont: Pont, context: CliContext): () => void {
  return pont.notifications.add(
    {
      async notify(notification) {
        context.io.stderr(`pont: notified ${notification.recipientEmail} (${notification.kind}): ${describeNotification(notification)}\n`);
      },
    },
    'cli',
  );
}

/** One request as terminal text. */
export function requestText(request: SharingRequest): string {
  const language = request.language;
  const lines = [
    `#${request.id} ${request.title}`,
    `  ${statusName(request.status, language)} · from ${request.requesterEmail} (${councilName(request.requesterCouncil, language)}) to ${request.targetCouncils.map((council) => councilName(council, language)).join(' and ')}`,
    `  topic: ${[...new Set([...request.topic.services, ...request.topic.skills])].join(', ') || '—'}`,
  ];
  if (request.routedTo.length) lines.push(`  routed to: ${request.routedTo.join(', ')}`);
  if (request.claimedBy) lines.push(`  picked up by: ${request.claimedBy}`);
  if (request.answer) lines.push(`  answer (${request.answeredBy ?? (language === 'cy' ? 'rhywun' : 'someone')}): ${request.answer}`);
  if (request.helpful !== null) lines.push(`  helpful: ${request.helpful ? 'yes' : 'no'}`);
  if (request.sharedAs) lines.push(`  kept as shared practice: ${request.sharedAs}`);
  return lines.join('\n');
}

function eventText(event: RequestEvent): string {
  return `  ${event.at} ${event.type}${event.actorEmail ? ` by ${event.actorEmail}` : ''}`;
}

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
  if (Number.isNaN(date.getTime())) throw new ValidationError(`${option} takes a date or time such as 2026-03-02 or 2026-03-02T10:00:00Z, not "${value}"`);
  return date;
}

/**
 * `pont requests`: lists sharing requests and acts on them (claim, decline, answer, helpful, close, cancel),
 * runs due follow-ups once, prints the figures for the joint leadership team, and writes kept shared practice again
 * where it names someone as they no longer are.
 */
export const requestsCommand: Command = {
  name: 'requests',
  usage: 'requests [--status S] | requests claim|decline|answer|helpful|close|cancel ID --as EMAIL | requests show|followup|figures|refresh-shared',
  summary: 'list sharing requests and act on them',
  async run(args, context) {
    const [action, ...rest] = args[0] && !args[0].startsWith('--') ? [args[0], ...args.slice(1)] : ['list', ...args];

    if (action === 'list') {
      const { words, values } = parseOptions(rest, { values: ['--status', '--involving', '--as'], flags: [] }, 'pont requests');
      if (words.length) throw new ValidationError(`unknown action "${words[0]}": ${usage}`);
      const status = values.get('--status');
      if (status !== undefined && !statuses.includes(status as RequestStatus)) throw new ValidationError(`--status takes one of ${statuses.join(', ')}, not "${status}"`);
      const pont = await context.pont();
      // NOTE: --as says who is looking: they see their own part in requests even if their profile is hidden.
      const requests = await pont.sharing.list({ status: status as RequestStatus | undefined, involving: values.get('--involving'), viewer: values.get('--as') });
      print(context, { requests }, () => (requests.length ? requests.map(requestText).join('\n\n') : 'No requests.'));
      return;
    }

    if (action === 'show') {
      const { words, values } = parseOptions(rest, { values: ['--as'], flags: [] }, 'pont requests show');
      const pont = await context.pont();
      const id = needId(words, 'show');
      const viewer = values.get('--as');
      const [request, events] = await Promise.all([pont.sharing.get(id, { viewer }), pont.sharing.events(id, { viewer })]);
      print(context, { request, events }, () => [requestText(request), 'history:', ...events.map(eventText)].join('\n'));
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
      print(context, { figures }, () =>
        [
          `Requests: ${figures.total} (${Object.entries(figures.byStatus).map(([status, count]) => `${status} ${count}`).join(', ') || 'none'})`,
          `Answered: ${Math.round(figures.shareAnswered * 100)}%`,
          `Median hours to first claim: ${figures.medianHoursToFirstClaim ?? '—'}; to answer: ${figures.medianHoursToAnswer ?? '—'}`,
          `Connections across the border: ${figures.crossCouncilConnections}`,
          `By service: ${figures.byService.map((row) => `${row.service} ${row.count}`).join(', ') || '—'}`,
        ].join('\n'),
      );
      return;
    }

    if (action === 'refresh-shared') {
      const { words } = parseOptions(rest, { values: [], flags: [] }, 'pont requests refresh-shared');
      if (words.length) throw new ValidationError('pont requests refresh-shared takes no words: it checks every kept answer');
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
      if (failed > 0) throw new UpstreamError(`${failed} kept answer${failed === 1 ? '' : 's'} could not be rewritten: see the log for why, then run pont requests refresh-shared again`);
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
        if (!text.trim()) throw new ValidationError(`write the answer after the number: pont requests answer ${id} "What we do…" --as EMAIL`);
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
