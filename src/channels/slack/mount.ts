import type express from 'express';
import type { Pont } from '../../app.ts';
import type { SlackCore } from './core.ts';
import { createSlackChannel, type SlackChannel } from './create-slack-channel.ts';

/** The Slack core from a Pont, or null while a capability it needs is not built. */
export function slackCoreFrom(pont: Pont): SlackCore | null {
  const candidate = pont as Partial<Pick<SlackCore, 'assistant' | 'people' | 'sharing' | 'notifications'>> & Pont;
  if (!candidate.assistant || !candidate.people || !candidate.sharing) return null;
  return {
    db: pont.db,
    logger: pont.logger,
    assistant: candidate.assistant,
    people: candidate.people,
    sharing: candidate.sharing,
    notifications: candidate.notifications,
    admins: pont.config.admins,
  };
}

/**
 * Mounts Slack on Pont's HTTP server at POST /slack/events when Slack is configured for HTTP mode (bot token
 * and signing secret, no app token), and registers its notifier. Socket Mode is started by `startSlackSocketMode`.
 */
export function mountSlack(app: express.Express, pont: Pont): SlackChannel | null {
  const slack = pont.config.slack;
  if (!slack || slack.appToken) return null;
  const core = slackCoreFrom(pont);
  if (!core) {
    pont.logger.warn('Slack: the assistant, people and sharing capabilities are not available, so /slack/events is not served');
    return null;
  }
  return createSlackChannel(core, { botToken: slack.botToken, signingSecret: slack.signingSecret, apiUrl: slack.apiUrl, expressApp: app });
}

/** Socket Mode (SLACK_APP_TOKEN set): connects out to Slack; resolves once connected. */
export async function startSlackSocketMode(pont: Pont): Promise<SlackChannel | null> {
  const slack = pont.config.slack;
  if (!slack?.appToken) return null;
  const core = slackCoreFrom(pont);
  if (!core) {
    pont.logger.warn('Slack: the assistant, people and sharing capabilities are not available, so Socket Mode is not started');
    return null;
  }
  const channel = createSlackChannel(core, { botToken: slack.botToken, appToken: slack.appToken, apiUrl: slack.apiUrl });
  await channel.start();
  pont.logger.info('Slack is connected in Socket Mode');
  return channel;
}
