import { ConflictError, ValidationError, type PontError, type PontErrorOptions } from '../../errors.ts';
import type { Language } from '../language/index.ts';
import { actionText, sharingText } from './messages.ts';
import type { RequestStatus } from './types.ts';

/** What can be done to a request, and from which statuses. */
export type RequestAction = keyof typeof actionText;

/**
 * The request lifecycle: open → routed → claimed → answered → closed, with cancelled and expired as other
 * ends. A declined claim goes back to routed; a rating can be given once answered, before or after closing.
 */
export const allowedFrom: Record<RequestAction, readonly RequestStatus[]> = {
  claim: ['routed'],
  decline: ['routed', 'claimed'],
  answer: ['claimed'],
  markHelpful: ['answered', 'closed'],
  close: ['answered'],
  cancel: ['open', 'routed', 'claimed'],
};

const finished: readonly RequestStatus[] = ['closed', 'cancelled', 'expired'];

/** Whether a request has reached an end: nothing more can happen to it. */
export function isFinished(status: RequestStatus): boolean {
  return finished.includes(status);
}

type Text = Record<Language, string>;

/**
 * An error worded in `language` (the request's, for logs and the command line) that also carries both
 * languages, so a channel can tell the person who caused it in their own.
 */
export function inLanguage<E extends PontError>(
  Kind: new (message: string, options?: PontErrorOptions) => E,
  text: Text,
  language: Language,
): E {
  return new Kind(text[language], { text });
}

/**
 * Refuses `action` on a request in `status` with one clear error: a ConflictError when the request has moved
 * on (finished, or further along), a ValidationError when it has not got that far yet.
 */
export function assertAllowed(action: RequestAction, id: string, status: RequestStatus, language: Language): void {
  if (allowedFrom[action].includes(status)) return;
  const text = sharingText.notInState(id, actionText[action], status);
  if (isFinished(status) || order(status) > Math.max(...allowedFrom[action].map(order)))
    throw inLanguage(ConflictError, text, language);
  throw inLanguage(ValidationError, text, language);
}

function order(status: RequestStatus): number {
  return ['open', 'routed', 'claimed', 'answered', 'closed', 'cancelled', 'expired'].indexOf(status);
}
