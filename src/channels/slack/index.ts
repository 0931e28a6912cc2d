/**
 * The Slack channel: Bolt over HTTP (POST /slack/events) or Socket Mode, translating Slack events, slash
 * commands, buttons and modals into calls on Pont's core and rendering replies as Block Kit. Also the Slack
 * notifier for sharing requests and the App Home tab.
 */
export { slackCoreFrom, startSlackSocketMode } from './mount.ts';
export {
  createSlackChannel,
  slackEventsPath,
  type SlackChannel,
  type SlackChannelOptions,
} from './create-slack-channel.ts';
export type { SlackCore } from './core.ts';
export { actionIds, botEvents, inputIds, slashCommands, viewIds } from './ids.ts';
export { renderReply, type SlackMessage } from './blocks/reply-blocks.ts';
export { splitText } from './blocks/text.ts';
