import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from '../../logger.ts';
import type { PersonRecord } from '../../core/people/index.ts';
import type { TeamsCore } from './core-ports.ts';
import type { TeamsStore } from './teams-store.ts';

/** Who wrote: the Teams user and, when the directory knows them, the person. */
export interface TeamsIdentity {
  aadObjectId: string | null;
  teamsUserId: string;
  email: string | null;
  person: PersonRecord | null;
}

const cacheMs = 10 * 60_000;
// NOTE: a user Teams could not tell us about is asked again after a minute, not on every message.
const missCacheMs = 60_000;

/**
 * Maps a Teams user to a directory person: by AAD object id (the directory's teams_user_id), then by the
 * email Teams gives for the member (`TeamsInfo.getMember`). Results are cached in memory and in the
 * database, so any replica resolves a user once.
 */
export function createIdentityResolver(core: Pick<TeamsCore, 'people'>, store: TeamsStore, logger: Logger) {
  const cache = new Map<string, { identity: TeamsIdentity; expires: number }>();

  async function lookUp(context: TurnContext, aadObjectId: string, teamsUserId: string): Promise<TeamsIdentity> {
    const linked = await core.people.findByChannelUser('teams', aadObjectId);
    if (linked) {
      // NOTE: the directory already knew this Teams id (teams_user_id in the HR export): record it so
      // proactive messages find the chat, and send anything held for them.
      await store.setIdentity(aadObjectId, linked.email, linked.email);
      await store.requeueUnreachable(linked.email);
      return { aadObjectId, teamsUserId, email: linked.email, person: linked };
    }

    const remembered = await store.getUser(aadObjectId);
    let email = remembered?.email ?? null;
    if (!email) {
      try {
        const member = await TeamsInfo.getMember(context, teamsUserId);
        email = (member.email ?? member.userPrincipalName ?? null)?.toLowerCase() ?? null;
      } catch (error) {
        logger.info({ err: error, aadObjectId }, 'Teams could not say who this user is');
      }
    }
    const person = email ? await core.people.getOwnProfile(email) : null;
    if (person) await core.people.linkChannelUser(person.email, 'teams', aadObjectId);
    await store.setIdentity(aadObjectId, email, person?.email ?? null);
    if (person) await store.requeueUnreachable(person.email);
    return { aadObjectId, teamsUserId, email, person };
  }

  return {
    async resolve(context: TurnContext): Promise<TeamsIdentity> {
      const from = context.activity.from;
      const aadObjectId = from.aadObjectId ?? null;
      if (!aadObjectId) return { aadObjectId: null, teamsUserId: from.id, email: null, person: null };
      const cached = cache.get(aadObjectId);
      if (cached && cached.expires > Date.now()) return cached.identity;
      const identity = await lookUp(context, aadObjectId, from.id);
      cache.set(aadObjectId, { identity, expires: Date.now() + (identity.person ? cacheMs : missCacheMs) });
      return identity;
    },
    /** Forgets a user, e.g. after their profile changed. */
    forget(aadObjectId: string) {
      cache.delete(aadObjectId);
    },
  };
}

export type IdentityResolver = ReturnType<typeof createIdentityResolver>;
