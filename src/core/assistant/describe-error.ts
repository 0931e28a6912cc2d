import { errorMessageIn, isPontError } from '../../errors.ts';
import type { Language } from '../language/index.ts';
import { messagesFor } from './messages.ts';

/**
 * What to tell the person whose action failed, in `language`: one short line every channel shows as it is.
 * Bad input and a change someone else made first are explained in the error's own words (in the person's
 * language when it has them); not allowed and not found get a fixed sentence that names nothing, since their
 * messages may name what was looked for; a service that did not answer says to try later; anything else is
 * "something went wrong", never a stack trace.
 */
export function describeError(error: unknown, language: Language): string {
  const messages = messagesFor(language);
  if (!isPontError(error)) return messages.errorGeneric;
  switch (error.code) {
    case 'validation':
      return messages.errorInvalid(errorMessageIn(error, language));
    case 'conflict':
      return messages.errorConflict(errorMessageIn(error, language));
    case 'forbidden':
      return messages.errorNotAllowed;
    case 'not_found':
      return messages.errorNotFound;
    case 'upstream':
      return messages.errorUpstream;
    case 'configuration':
      return messages.errorGeneric;
  }
}
