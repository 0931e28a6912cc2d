import type { Pont } from '../../app.ts';
import type { SlackCore } from './core.ts';
import { createSlackChannel, type SlackChannel } from './create-slack-channel.ts';

/** What the Slack channel uses of a running Pont. */
export function slackCoreFrom(pont: Pont): SlackCore {
  return {
    db: pont.db,
    logger: pont.logger,
    assistant: pont.assistant,
    people: pont.people,
    sharing: pont.sharing,
    notifications: pont.notifications,
    inbox: pont.inbox,
    admins: pont.config.admins,
  };
}

/** Socket Mode (SLACK_APP_TOKEN set): connects out to Slack; resolves once connected. */
export async function startSlackSocketMode(pont: Pont): Promise<SlackChannel | null> {
  const slack = pont.config.slack;
  if (!slack?.appToken) return null;
  const channel = createSlackChannel(slackCoreFrom(pont), {
    ...(slack.botToken ? { botToken: slack.botToken } : {}),
    appToken: slack.appToken,
    apiUrl: slack.apiUrl,
  });
  await channel.start();
  pont.logger.info('Slack is connected in Socket Mode');
  return channel;
}
