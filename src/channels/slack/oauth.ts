import { InstallProvider, type InstallationStore } from '@slack/oauth';
import type { Authorize } from '@slack/bolt';
import type { Logger as SlackLogger } from '@slack/logger';
import type express from 'express';
import type { Logger } from '../../logger.ts';
import { councilIds, isCouncilId } from '../council-ids.ts';

/** Slack's OAuth flow for installing Pont in more than one workspace (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET). */
export interface SlackOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** Signs the state that ties Slack's redirect to the install link a browser opened. */
  stateSecret: string;
  /** PONT_SECRET_KEY: when set, the installations (bot tokens) are stored encrypted with it. */
  secretKey?: string | undefined;
}

/** The bot scopes Pont asks for: the same as manifest/slack/manifest.yaml. */
export const slackBotScopes = [
  'app_mentions:read',
  'chat:write',
  'chat:write.public',
  'commands',
  'im:history',
  'users:read',
  'users:read.email',
];

export const slackInstallPath = '/slack/install';
export const slackRedirectPath = '/slack/oauth_redirect';

/**
 * Mounts GET /slack/install (starts Slack's OAuth flow; `?council=ID` records whose workspace it is) and
 * GET /slack/oauth_redirect (Slack's redirect: the code is exchanged with oauth.v2.access and the installation
 * stored) on Pont's server, with @slack/oauth's InstallProvider. Returns Bolt's authorize for the installations.
 */
export function mountSlackInstall(
  app: express.Express,
  options: SlackOAuthOptions & {
    installationStore: InstallationStore;
    apiUrl: string | undefined;
    logger: SlackLogger;
    log: Logger;
  },
): Authorize<boolean> {
  // NOTE: GovSlack and tests keep the authorisation page with the API: https://slack-gov.com/oauth/v2/authorize.
  const authorizationUrl = options.apiUrl ? new URL('/oauth/v2/authorize', options.apiUrl).toString() : undefined;
  const installer = new InstallProvider({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    stateSecret: options.stateSecret,
    installationStore: options.installationStore,
    directInstall: true,
    logger: options.logger,
    ...(authorizationUrl ? { authorizationUrl } : {}),
    ...(options.apiUrl ? { clientOptions: { slackApiUrl: options.apiUrl } } : {}),
  });

  app.get(slackInstallPath, (request, response, next) => {
    const council = typeof request.query.council === 'string' ? request.query.council.trim() : '';
    if (council && !isCouncilId(council)) {
      response
        .status(400)
        .type('text/plain')
        .send(
          `council=${council} is not a configured council: use one of ${councilIds().join(', ')}, or leave it out\n`,
        );
      return;
    }
    installer
      .handleInstallPath(request, response, undefined, {
        scopes: slackBotScopes,
        ...(council ? { metadata: council } : {}),
      })
      .catch(next);
  });
  app.get(slackRedirectPath, (request, response, next) => {
    installer
      .handleCallback(request, response, {
        success: (installation, _options, _request, reply) => {
          const where = installation.isEnterpriseInstall
            ? `organisation ${installation.enterprise?.name ?? installation.enterprise?.id}`
            : `workspace ${installation.team?.name ?? installation.team?.id}`;
          options.log.info(
            {
              teamId: installation.team?.id,
              enterpriseId: installation.enterprise?.id,
              council: installation.metadata,
            },
            `Slack: Pont was installed in ${where}`,
          );
          reply.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
          reply.end(`Pont is installed in the Slack ${where}. You can close this page.\n`);
        },
        failure: (error, _options, _request, reply) => {
          options.log.warn({ err: error }, 'Slack: an installation did not complete');
          reply.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
          reply.end(`Pont was not installed: ${error.message}. Start again from ${slackInstallPath}.\n`);
        },
      })
      .catch(next);
  });
  return (source) => installer.authorize(source);
}
