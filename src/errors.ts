/**
 * Pont's errors. Callers branch on the class or on `code`, never on message text.
 * Messages say what is wrong and how to put it right.
 */
export type PontErrorCode =
  | 'validation'
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'upstream'
  | 'configuration';

export class PontError extends Error {
  readonly code: PontErrorCode;

  constructor(code: PontErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Input that cannot be used as it is: an empty question, a bad CSV row, an illegal transition. */
export class ValidationError extends PontError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('validation', message, options);
  }
}

export class NotFoundError extends PontError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('not_found', message, options);
  }
}

/** The actor may not do or see this. The message must not reveal hidden data. */
export class ForbiddenError extends PontError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('forbidden', message, options);
  }
}

/** Somebody else got there first (a request already claimed, a stale card). */
export class ConflictError extends PontError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('conflict', message, options);
  }
}

/** A service Pont depends on failed: the language model, Slack, the Bot Framework connector. */
export class UpstreamError extends PontError {
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super('upstream', message, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** A setting is missing or wrong; start-up stops with this message. */
export class ConfigurationError extends PontError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('configuration', message, options);
  }
}

export function isPontError(error: unknown): error is PontError {
  return error instanceof PontError;
}
