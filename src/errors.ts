/**
 * Pont's errors. Callers branch on the class or on `code`, never on message text.
 * Messages say what is wrong and how to put it right.
 */
export type PontErrorCode = 'validation' | 'not_found' | 'forbidden' | 'conflict' | 'upstream' | 'configuration';

/**
 * An error's message in each language Pont speaks, for the person whose own action caused it. A channel shows
 * `text[language]` to that person; `message` stays what logs and the command line print.
 */
export interface ErrorText {
  en: string;
  cy: string;
}

/** What every Pont error may carry besides its message. */
export interface PontErrorOptions {
  cause?: unknown;
  /** The message in English and Welsh, when the user who caused the error should read it in their language. */
  text?: ErrorText;
}

export class PontError extends Error {
  readonly code: PontErrorCode;
  /** The message in English and Welsh; absent when it has one wording only. */
  readonly text: ErrorText | undefined;

  constructor(code: PontErrorCode, message: string, options?: PontErrorOptions) {
    super(message, options && 'cause' in options ? { cause: options.cause } : undefined);
    this.name = new.target.name;
    this.code = code;
    this.text = options?.text;
  }
}

/** Input that cannot be used as it is: an empty question, a bad CSV row, an illegal transition. */
export class ValidationError extends PontError {
  constructor(message: string, options?: PontErrorOptions) {
    super('validation', message, options);
  }
}

export class NotFoundError extends PontError {
  constructor(message: string, options?: PontErrorOptions) {
    super('not_found', message, options);
  }
}

/** The actor may not do or see this. The message must not reveal hidden data. */
export class ForbiddenError extends PontError {
  constructor(message: string, options?: PontErrorOptions) {
    super('forbidden', message, options);
  }
}

/** Somebody else got there first (a request already claimed, a stale card). */
export class ConflictError extends PontError {
  constructor(message: string, options?: PontErrorOptions) {
    super('conflict', message, options);
  }
}

/** A service Pont depends on failed: the language model, Slack, the Bot Framework connector. */
export class UpstreamError extends PontError {
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options?: PontErrorOptions & { retryAfterMs?: number }) {
    super('upstream', message, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** A setting is missing or wrong; start-up stops with this message. */
export class ConfigurationError extends PontError {
  constructor(message: string, options?: PontErrorOptions) {
    super('configuration', message, options);
  }
}

export function isPontError(error: unknown): error is PontError {
  return error instanceof PontError;
}

/**
 * What to tell the person who caused `error`, in `language`: the error's own text in that language when it
 * has one, else its message.
 */
export function errorMessageIn(error: Error, language: keyof ErrorText): string {
  return (isPontError(error) && error.text?.[language]) || error.message;
}
