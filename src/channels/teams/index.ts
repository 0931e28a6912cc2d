/**
 * The Microsoft Teams channel: `POST /api/messages` (teams-ai over botbuilder's CloudAdapter), Adaptive Card
 * replies, the "Find skills" message extension, sharing cards with Universal Actions, and proactive
 * notifications with a retrying outbox. Everything Teams-specific lives in this folder.
 */
export { createTeamsChannel, type TeamsChannel, type TeamsChannelOptions } from './channel.ts';
export { teamsAuthWarning } from './adapter.ts';
export { teamsCommands } from './commands.ts';
export type { TeamsCore } from './core-ports.ts';
export { mountTeams, teamsCoreFrom } from './mount.ts';
export { buildTeamsAppPackage, teamsPackageSettings, fillManifest, manifestDir } from './app-package.ts';
export { extensionCommands, findSkillsParameter } from './message-extension.ts';
