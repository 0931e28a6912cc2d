import { actorFor } from '../../../core/councils/index.ts';
import type { Pont } from '../../../app.ts';
import type { Actor } from '../../../core/people/index.ts';
import {
  councilName,
  describeNotification,
  statusName,
  type RequestEvent,
  type SharingRequest,
  type ViewOptions,
} from '../../../core/sharing/index.ts';
import type { CliContext } from '../command.ts';

/** The person acting, from --as EMAIL; admins (PONT_ADMINS, or a council's admins in the councils file) act as admins. */
export function actorFrom(_pont: Pont, email: string | undefined): Actor {
  return actorFor(email?.trim() || null, 'cli');
}

/**
 * Who reads requests at the terminal: with --as EMAIL, that person (an admin if PONT_ADMINS names them), taken on
 * trust like everything at an admin console; without it, the operator, who sees every field.
 */
export function readerFrom(pont: Pont, email: string | undefined): ViewOptions {
  if (email === undefined) return {};
  const actor = actorFrom(pont, email);
  return { viewer: actor.email, isAdmin: actor.isAdmin };
}

/** Shows each sharing notification on stderr while a command runs, so the person at the terminal sees who was told. */
export function showNotifications(pont: Pont, context: CliContext): () => void {
  return pont.notifications.add(
    {
      async notify(notification) {
        context.io.stderr(
          `pont: notified ${notification.recipientEmail} (${notification.kind}): ${describeNotification(notification)}\n`,
        );
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
    `  ${statusName(request.status, language)} · from ${request.requesterEmail ?? (language === 'cy' ? 'aelod o staff' : 'a member of staff')} (${councilName(request.requesterCouncil, language)}) to ${request.targetCouncils.map((council) => councilName(council, language)).join(' and ')}`,
    `  topic: ${[...new Set([...request.topic.services, ...request.topic.skills])].join(', ') || '—'}`,
  ];
  if (request.routedTo.length) lines.push(`  routed to: ${request.routedTo.join(', ')}`);
  if (request.claimedBy) lines.push(`  picked up by: ${request.claimedBy}`);
  if (request.answer)
    lines.push(`  answer (${request.answeredBy ?? (language === 'cy' ? 'rhywun' : 'someone')}): ${request.answer}`);
  if (request.helpful !== null) lines.push(`  helpful: ${request.helpful ? 'yes' : 'no'}`);
  if (request.sharedAs) lines.push(`  kept as shared practice: ${request.sharedAs}`);
  return lines.join('\n');
}

export function eventText(event: RequestEvent): string {
  return `  ${event.at} ${event.type}${event.actorEmail ? ` by ${event.actorEmail}` : ''}`;
}
