import type { App } from '@slack/bolt';
import type { InstallationStore } from '@slack/oauth';
import type { Logger } from '../../../logger.ts';
import type { SlackWorkspaces } from '../workspaces.ts';

/**
 * Installed through OAuth, a workspace or organisation that removes Pont (app_uninstalled), or revokes its bot
 * token (tokens_revoked), has its installation deleted, and the record of which users belong to it: its token is
 * no longer kept, and its deliveries are ignored from then on. With a single bot token there is nothing stored to delete.
 */
export function registerInstallationEvents(
  app: App,
  installations: Required<Pick<InstallationStore, 'deleteInstallation'>>,
  workspaces: Pick<SlackWorkspaces, 'forgetWorkspace'>,
  logger: Logger,
): void {
  const forget = async (
    context: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean },
    why: string,
  ) => {
    const ids = {
      teamId: context.teamId,
      enterpriseId: context.enterpriseId,
      isEnterpriseInstall: Boolean(context.isEnterpriseInstall),
    };
    await installations.deleteInstallation(ids);
    // NOTE: which workspace its users belong to is no use once Pont cannot speak there; kept, it would only go stale.
    const users = await workspaces.forgetWorkspace(ids);
    logger.info(
      { teamId: context.teamId, enterpriseId: context.enterpriseId, users },
      `Slack: ${why}; its installation and its users' workspace records were deleted`,
    );
  };
  app.event('app_uninstalled', async ({ context }) => {
    await forget(context, 'Pont was uninstalled');
  });
  app.event('tokens_revoked', async ({ event, context }) => {
    if ((event.tokens.bot ?? []).length > 0) await forget(context, "Pont's bot token was revoked");
  });
}
