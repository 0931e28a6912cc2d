import { isAdmin as adminOfAnyCouncil } from '../../core/councils/index.ts';
import type { WebClient } from '@slack/web-api';
import type { PersonRecord } from '../../core/people/index.ts';
import type { Logger } from '../../logger.ts';
import type { SlackCore } from './core.ts';
import { slackErrorCode } from './slack-errors.ts';
import type { SlackWorkspaces } from './workspaces.ts';

/** Who a Slack user is to Pont. */
export interface SlackUser {
  userId: string;
  /** The email Slack holds for them (users:read.email), if any. */
  email: string | null;
  /** Their Slack locale (cy-GB, en-GB), if Slack gave one. */
  locale: string | null;
  /** Their directory profile (their own, even if hidden), or null when they are not in the directory. */
  person: PersonRecord | null;
  isAdmin: boolean;
}

export interface SlackIdentity {
  /** Maps a Slack user to a directory person by email (Slack's answer cached for `ttlMs`; the profile read fresh). */
  resolve(userId: string): Promise<SlackUser>;
  /**
   * The Slack user id for an email: the directory's slack_user_id when Pont knows its workspace, else
   * users.lookupByEmail in each workspace Pont is in (the user's workspace is remembered); cached.
   */
  userIdForEmail(email: string): Promise<string | null>;
  /** Drops the cached entry, e.g. after the person edits their profile. */
  forget(userId: string): void;
}

interface Dependencies {
  web: WebClient;
  /** The workspaces Pont is in: each user is looked up in their own (Slack Connect hides emails elsewhere). */
  workspaces: SlackWorkspaces;
  people: SlackCore['people'];
  admins: string[];
  logger: Logger;
  ttlMs?: number;
}

interface SlackProfileUser {
  id?: string;
  locale?: string;
  profile?: { email?: string };
  deleted?: boolean;
}

/**
 * Slack user → directory person, by the email Slack holds (users.info needs users:read.email). Slack's
 * answer is cached per process and asked again when it expires; the directory profile is read each time, so
 * a profile change shows at once and replicas need no shared state. A user whose email is not in the
 * directory gets `person: null` and never sees anyone else's data.
 */
export function createSlackIdentity({
  web,
  workspaces,
  people,
  admins,
  logger,
  ttlMs = 10 * 60 * 1000,
}: Dependencies): SlackIdentity {
  const users = new Map<string, { at: number; value: Promise<{ email: string | null; locale: string | null }> }>();
  const emails = new Map<string, { at: number; value: Promise<string | null> }>();
  const adminSet = new Set(admins.map((email) => email.toLowerCase()));

  /** What Slack says about the user (cached): their email and locale. */
  async function slackProfile(userId: string): Promise<{ email: string | null; locale: string | null }> {
    try {
      // NOTE: asked in the user's own workspace when Pont is installed there: a Slack Connect guest's email is
      // only visible to their own organisation's apps.
      const home = await workspaces.ofUser(userId);
      const result = await web.users.info({
        user: userId,
        include_locale: true,
        ...(home ? { token: home.botToken } : {}),
      });
      const user = result.user as SlackProfileUser | undefined;
      // NOTE: a deactivated account keeps no record of its workspace: Pont cannot reach it there any more.
      if (user?.deleted) await workspaces.forgetUser(userId);
      return { email: user?.profile?.email?.trim().toLowerCase() || null, locale: user?.locale ?? null };
    } catch (error) {
      if (slackErrorCode(error) === 'user_not_found') {
        await workspaces
          .forgetUser(userId)
          .catch((forgetError: unknown) =>
            logger.warn({ err: forgetError, userId }, 'Could not forget the workspace of a Slack user who is gone'),
          );
      }
      logger.warn({ err: error, userId }, "Slack users.info failed; falling back to the directory's slack_user_id");
      // NOTE: a failed answer is not kept, so the next message asks Slack again.
      users.delete(userId);
      return { email: null, locale: null };
    }
  }

  /** The directory side, read fresh each time so a profile change shows at once. */
  async function lookup(
    userId: string,
    profile: { email: string | null; locale: string | null },
    link: boolean,
  ): Promise<SlackUser> {
    let { email } = profile;
    let person: PersonRecord | null = null;
    if (email) {
      person = await people.getOwnProfile(email);
      if (link && person && person.slackUserId !== userId) {
        await people
          .linkChannelUser(email, 'slack', userId)
          .catch((error: unknown) =>
            logger.warn({ err: error, userId }, 'Could not link the Slack user to the directory'),
          );
      }
    } else {
      person = await people.findByChannelUser('slack', userId);
      email = person?.email ?? null;
    }
    return {
      userId,
      email,
      locale: profile.locale,
      person,
      isAdmin: email !== null && (adminSet.has(email) || adminOfAnyCouncil(email)),
    };
  }

  return {
    async resolve(userId) {
      const cached = users.get(userId);
      const fresh = !cached || Date.now() - cached.at >= ttlMs;
      if (fresh) {
        const value = slackProfile(userId);
        users.set(userId, { at: Date.now(), value });
      }
      const profile = await users.get(userId)!.value;
      return lookup(userId, profile, fresh);
    },
    userIdForEmail(email) {
      const key = email.toLowerCase();
      const cached = emails.get(key);
      if (cached && Date.now() - cached.at < ttlMs) return cached.value;
      const value = (async () => {
        const person = await people.getOwnProfile(key);
        if (person?.slackUserId && (await workspaces.ofUser(person.slackUserId))) return person.slackUserId;
        // NOTE: the person's council's workspace first; a user is found only in a workspace they belong to.
        const all = await workspaces.all();
        const ordered = [
          ...all.filter((workspace) => person && workspace.council === person.council),
          ...all.filter((workspace) => !person || workspace.council !== person.council),
        ];
        for (const workspace of ordered) {
          try {
            const result = await web.users.lookupByEmail({ email: key, token: workspace.botToken });
            const id = (result.user as SlackProfileUser | undefined)?.id;
            if (!id) continue;
            await workspaces.rememberUser(id, {
              teamId: workspace.teamId ?? (result.user as { team_id?: string }).team_id,
              enterpriseId: workspace.enterpriseId,
            });
            return id;
          } catch (error) {
            const code = (error as { data?: { error?: string } }).data?.error;
            if (code !== 'users_not_found') throw error;
          }
        }
        return person?.slackUserId ?? null;
      })();
      emails.set(key, { at: Date.now(), value });
      value.catch(() => emails.delete(key));
      return value;
    },
    forget(userId) {
      users.delete(userId);
    },
  };
}
