import { ConflictError, NotFoundError } from '../../errors.ts';
import { bothLanguages, type Language } from '../language/index.ts';
import type { SharingContext } from './context.ts';
import type { Deliver } from './delivery.ts';
import { councilName, sharingText } from './messages.ts';
import type { RequestChange, StoredRequest } from './request-store.ts';
import { parseRequestId, type Text } from './request-text.ts';
import { inLanguage } from './transitions.ts';

/** Thrown inside a row-locked decision when someone else holds the claim; turned into a ConflictError naming them. */
export class ClaimedByOther extends Error {
  constructor(readonly claimer: string) {
    super(`claimed by ${claimer}`);
  }
}

/** A decision taken on the locked row: the change to make, or null for none. */
export type Decide = (current: StoredRequest) => RequestChange | null;

/** Reading a request by its number, and changing it on its locked row. */
export interface RequestChanges {
  /** The stored request numbered `id` ("12" or "#12"); a NotFoundError when there is none. */
  load(id: string): Promise<StoredRequest>;
  /**
   * Decides and writes a change on the locked row, then has the notifications it recorded delivered. Returns the
   * request as changed, or null when `decide` made no change.
   */
  change(
    id: string,
    decide: Decide,
    language: Language,
    options?: { leaseToken?: string; at?: Date },
  ): Promise<StoredRequest | null>;
}

export function createRequestChanges(context: SharingContext, deliver: Deliver): RequestChanges {
  const { store, people, clock, leaseMs, scheduleDelivery } = context;

  /** A claimer's name in each language for a conflict message, unless their profile is hidden. */
  async function claimerNames(email: string): Promise<Text> {
    const person = await people.getPerson(email);
    if (!person) return sharingText.claimedBySomeone;
    return {
      en: `${person.name} (${person.email}, ${councilName(person.council, 'en')})`,
      cy: `${person.name} (${person.email}, ${councilName(person.council, 'cy')})`,
    };
  }

  return {
    async load(id) {
      const requestId = parseRequestId(id);
      const request = await store.get(requestId);
      if (!request)
        throw new NotFoundError(bothLanguages(sharingText.notFound(requestId)), {
          text: sharingText.notFound(requestId),
        });
      return request;
    },

    async change(id, decide, language, options = {}) {
      const { leaseToken, at = clock() } = options;
      let applied;
      try {
        applied = await store.change(id, decide, at, leaseToken ? { leaseToken, leaseMs } : { leaseMs });
      } catch (error) {
        if (error instanceof ClaimedByOther) {
          const names = await claimerNames(error.claimer);
          throw inLanguage(
            ConflictError,
            { en: sharingText.alreadyClaimed(id, names.en).en, cy: sharingText.alreadyClaimed(id, names.cy).cy },
            language,
          );
        }
        throw error;
      }
      if (!applied) return null;
      await scheduleDelivery(() => deliver(applied.request, applied.notifications));
      return applied.request;
    },
  };
}
