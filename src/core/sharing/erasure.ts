import { randomUUID } from 'node:crypto';
import type { SharingContext } from './context.ts';
import { normaliseEmail } from './request-text.ts';
import type { Sharing } from './types.ts';

/** How an erased person appears in the sharing tables: this and a random id, the same throughout. */
const erasedPrefix = 'erased:';

/** Erasure (UK GDPR): an erased person's email becomes one pseudonym in every request, route, event and notification. */
export function createErasure({ store }: SharingContext): Sharing['forgetPerson'] {
  return async (email) => {
    const key = normaliseEmail(email);
    if (!key || key.startsWith(erasedPrefix)) return 0;
    return store.replacePerson(key, `${erasedPrefix}${randomUUID()}`);
  };
}
