import { AsyncLocalStorage } from 'node:async_hooks';
import { WebClient, type WebAPICallResult, type WebClientOptions } from '@slack/web-api';
import type { Database } from '../../store/index.ts';
import type { Workspace } from './installation-store.ts';

/** Ids a Slack delivery or a stored message carries: the workspace and, in Enterprise Grid, the organisation. */
export interface WorkspaceIds {
  teamId?: string | null | undefined;
  enterpriseId?: string | null | undefined;
}

const scope = new AsyncLocalStorage<Workspace>();

/** Runs `work` with `workspace` as the one Slack calls speak for (its bot token), unless a call names another. */
export function inWorkspace<T>(workspace: Workspace, work: () => Promise<T>): Promise<T> {
  return scope.run(workspace, work);
}

/** The workspace of the work in hand, if any. */
export function currentWorkspace(): Workspace | undefined {
  return scope.getStore();
}

/**
 * A Web API client that speaks for the workspace of the work in hand: a call with no token of its own carries the
 * bot token of the workspace `inWorkspace` set, so a handler replies in the workspace its delivery came from.
 * Outside any workspace it uses the single bot token, if there is one, and otherwise Slack refuses the call
 * (`not_authed`): nothing is ever sent with some other workspace's token.
 */
export class WorkspaceWebClient extends WebClient {
  constructor(token: string | undefined, options: WebClientOptions) {
    super(token, options);
  }

  override apiCall(method: string, options: Record<string, unknown> = {}): Promise<WebAPICallResult> {
    const workspace = scope.getStore();
    return super.apiCall(method, options.token || !workspace ? options : { ...options, token: workspace.botToken });
  }
}

/** Where Pont finds the workspaces it is in: one bot token, or the installations made through Slack's OAuth flow. */
export interface SlackWorkspaces {
  mode: 'single-token' | 'oauth';
  /** The workspace a delivery or stored message belongs to, or null when Pont is not installed there. */
  find(ids: WorkspaceIds): Promise<Workspace | null>;
  /** Every workspace Pont is in. */
  all(): Promise<Workspace[]>;
  /** Records the workspace a user belongs to (from a delivery). */
  rememberUser(userId: string, ids: WorkspaceIds): Promise<void>;
  /** The workspace of a user Pont has seen, if installed there. */
  ofUser(userId: string): Promise<Workspace | null>;
  /** Forgets the users of a workspace (or organisation-wide install) Pont was removed from; how many. */
  forgetWorkspace(ids: WorkspaceIds & { isEnterpriseInstall?: boolean }): Promise<number>;
  /** Forgets a user Slack says is gone (deactivated or not found). */
  forgetUser(userId: string): Promise<void>;
  /** Forgets every user whose workspace Pont is no longer installed in (an uninstall missed while down); how many. */
  prune(): Promise<number>;
}

/** The single-token workspace: every delivery is from it and every call speaks for it (as before OAuth). */
export function singleTokenWorkspaces(web: WebClient, botToken: string): SlackWorkspaces {
  let known: Promise<Workspace> | undefined;
  const workspace = (): Promise<Workspace> => {
    known ??= web.auth.test({ token: botToken }).then((result) => ({
      teamId: (result.team_id as string | undefined) ?? null,
      enterpriseId: (result.enterprise_id as string | undefined) ?? null,
      isEnterpriseInstall: Boolean(result.is_enterprise_install),
      botToken,
      botUserId: result.user_id as string | undefined,
      botId: result.bot_id as string | undefined,
      council: undefined,
    }));
    // NOTE: Slack down at start-up must not leave the workspace unknown for good: a failure is asked again.
    known.catch(() => {
      known = undefined;
    });
    return known;
  };
  return {
    mode: 'single-token',
    find: () => workspace(),
    all: async () => [await workspace()],
    rememberUser: async () => undefined,
    ofUser: () => workspace(),
    forgetWorkspace: async () => 0,
    forgetUser: async () => undefined,
    prune: async () => 0,
  };
}

/** The installed workspaces (OAuth), with the workspace of each user Pont has seen kept in the database. */
export function installedWorkspaces(
  db: Database,
  installations: { list(): Promise<Workspace[]>; find(ids: WorkspaceIds): Promise<Workspace | null> },
): SlackWorkspaces {
  // NOTE: every delivery names its writer before it is acknowledged; the row is written when it changes (or once
  // every ten minutes), not on every message, so the acknowledgement waits for the record of the work alone.
  const written = new Map<string, { workspace: string; at: number }>();
  const rewriteMs = 10 * 60_000;
  return {
    mode: 'oauth',
    find: (ids) => installations.find(ids),
    all: () => installations.list(),
    async rememberUser(userId, ids) {
      if (!ids.teamId && !ids.enterpriseId) return;
      const workspace = `${ids.teamId ?? ''}:${ids.enterpriseId ?? ''}`;
      const last = written.get(userId);
      if (last && last.workspace === workspace && Date.now() - last.at < rewriteMs) return;
      await db.query(
        `insert into slack_user_workspaces (user_id, team_id, enterprise_id) values ($1, $2, $3)
         on conflict (user_id) do update set team_id = excluded.team_id, enterprise_id = excluded.enterprise_id, updated_at = now()`,
        [userId, ids.teamId ?? '', ids.enterpriseId ?? ''],
      );
      written.set(userId, { workspace, at: Date.now() });
    },
    async ofUser(userId) {
      const rows = await db.query<{ team_id: string; enterprise_id: string }>(
        'select team_id, enterprise_id from slack_user_workspaces where user_id = $1',
        [userId],
      );
      const row = rows[0];
      return row ? installations.find({ teamId: row.team_id || null, enterpriseId: row.enterprise_id || null }) : null;
    },
    async forgetWorkspace(ids) {
      // NOTE: an organisation-wide install covers every workspace of the organisation; a workspace install, its own.
      const rows =
        ids.isEnterpriseInstall && ids.enterpriseId
          ? await db.query('delete from slack_user_workspaces where enterprise_id = $1 returning user_id', [
              ids.enterpriseId,
            ])
          : ids.teamId
            ? await db.query('delete from slack_user_workspaces where team_id = $1 returning user_id', [ids.teamId])
            : [];
      return rows.length;
    },
    async forgetUser(userId) {
      await db.query('delete from slack_user_workspaces where user_id = $1', [userId]);
    },
    async prune() {
      const rows = await db.query(
        `delete from slack_user_workspaces u
         where not exists (
           select 1 from slack_installations i
           where (i.team_id <> '' and i.team_id = u.team_id)
              or (i.is_enterprise_install and u.enterprise_id <> '' and i.enterprise_id = u.enterprise_id)
         )
         returning user_id`,
      );
      return rows.length;
    },
  };
}
