import type express from 'express';
import type { Pont } from '../../app.ts';
import { createTeamsChannel, type TeamsChannel } from './channel.ts';
import type { TeamsCore } from './core-ports.ts';

/** The core capabilities the Teams channel needs, taken from a running Pont; null while any is missing. */
export function teamsCoreFrom(pont: Pont): TeamsCore | null {
  const candidate = pont as Pont & Partial<TeamsCore>;
  if (!candidate.assistant || !candidate.people || !candidate.sharing) return null;
  return {
    assistant: candidate.assistant,
    people: candidate.people,
    sharing: candidate.sharing,
  };
}

/** Mounts `POST /api/messages` on the shared HTTP app. */
export function mountTeams(
  app: express.Express,
  pont: Pont,
  options: { retryBaseMs?: number } = {},
): TeamsChannel | null {
  if (pont.config.teams.auth === 'off') return null;
  const core = teamsCoreFrom(pont);
  if (!core) {
    pont.logger.warn(
      'Teams: the assistant, people and sharing capabilities are not available, so /api/messages is not served',
    );
    return null;
  }
  // NOTE: with a language model an answer can take seconds: it is worked on from the inbox, outside Teams' turn.
  const inbox = pont.config.openai.provider === 'none' ? undefined : pont.inbox;
  const channel = createTeamsChannel({
    config: pont.config,
    logger: pont.logger,
    db: pont.db,
    core,
    ...options,
    ...(inbox ? { inbox } : {}),
  });
  app.use(channel.router);
  // NOTE: sharing notifications reach Teams users as proactive cards through `channel.notifier`, which the server
  // registers (src/channels/channel.ts); the outbox keeps what cannot be sent yet.
  return channel;
}
