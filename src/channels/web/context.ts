import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { describeError, type Assistant } from '../../core/assistant/index.ts';
import { actorFor as councilActor } from '../../core/councils/index.ts';
import type { Language } from '../../core/language/index.ts';
import type { Actor, People } from '../../core/people/index.ts';
import type { Sharing } from '../../core/sharing/index.ts';
import { isPontError, ValidationError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { Database } from '../../store/index.ts';
import { sameOriginGuard, visitorOf, type Visitor } from './access.ts';
import { languageSchema, pageLanguage } from './cookies.ts';
import type { DashboardLabels, SourceState } from './dashboard-data.ts';
import type { GuessLimiter } from './guess-limiter.ts';
import type { PageIdentity } from './pages.ts';
import type { WebSessions } from './sessions.ts';
import { pageStrings, type StringKey } from './strings.ts';

/** What the web channel needs from Pont: the same core the Slack and Teams channels use. */
export interface WebChannelDependencies {
  config: Pick<Config, 'adminToken' | 'admins' | 'publicUrl'>;
  logger: Logger;
  db: Database;
  assistant: Pick<Assistant, 'handle' | 'feedback' | 'questionFigures'>;
  sharing: Sharing;
  people: Pick<People, 'getPerson' | 'getOwnProfile'>;
  /** Whether a file path is an indexed document; `/sources` opens only those. Without it, file sources do not open. */
  isIndexedSource?: (source: string) => Promise<boolean>;
  /** Service names for the dashboard (from the service taxonomy); ids are shown without it. */
  labels?: DashboardLabels;
  /**
   * Each source's state (documents, last sync, errors) for the dashboard: those of the councils named, or every
   * source when `councils` is null.
   */
  sourcesState?: (councils: readonly string[] | null) => Promise<SourceState[]>;
}

/** What every group of routes shares: the dependencies, the sessions, the access guard and the API's error boundary. */
export interface WebContext {
  dependencies: WebChannelDependencies;
  sessions: WebSessions;
  limiter: GuessLimiter;
  /** Lets a request through only from this computer or with the admin token; records the visitor. */
  guard: RequestHandler;
  /** Body parsers: JSON for the API, a form for sign-in. */
  json: RequestHandler;
  form: RequestHandler;
}

/** A form the API refuses; `key` names the page string that says why, in the page's language. */
export class BadInput extends Error {
  readonly key: StringKey;

  constructor(key: StringKey) {
    super(pageStrings.en[key]);
    this.key = key;
  }
}

/** The body checked against a schema whose messages are page-string keys; else a `BadInput` naming the first. */
export function parseBody<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? '';
  throw new BadInput(message in pageStrings.en ? (message as StringKey) : 'bodyInvalid');
}

/** The language a request is answered in: the body's `language`, else the page's. */
export function requestLanguage(request: Request): Language {
  const bodyLanguage = languageSchema.safeParse((request.body as { language?: unknown } | undefined)?.language);
  return bodyLanguage.success ? bodyLanguage.data : pageLanguage(request);
}

/** What a failed request tells the user: a short, safe message in their language and its HTTP status; logged. */
export function failure(
  logger: Logger,
  error: unknown,
  request: Request,
  language: Language,
): { status: number; error: string } {
  if (error instanceof BadInput)
    return { status: 400, error: describeError(new ValidationError(pageStrings[language][error.key]), language) };
  if (isPontError(error)) {
    const status = {
      validation: 400,
      not_found: 404,
      forbidden: 403,
      conflict: 409,
      upstream: 502,
      configuration: 500,
    }[error.code];
    logger.info({ err: error, path: request.path }, 'web request refused by the core');
    return { status, error: describeError(error, language) };
  }
  logger.error({ err: error, path: request.path }, 'web request failed');
  return { status: 500, error: describeError(error, language) };
}

/** The channel's one error boundary for JSON routes: a short, safe message in the page's language, and a log line. */
export function apiRoute(
  logger: Logger,
  handler: (request: Request, response: Response, visitor: Visitor, language: Language) => Promise<unknown>,
): RequestHandler {
  return async (request: Request, response: Response) => {
    const visitor = visitorOf(response);
    const language = requestLanguage(request);
    try {
      const result = await handler(request, response, visitor, language);
      response.set('Cache-Control', 'no-store').json(result);
    } catch (error) {
      const { status, error: text } = failure(logger, error, request, language);
      response.status(status).json({ error: text });
    }
  };
}

/**
 * A JSON API route that changes something: the access guard, the same-origin check and the JSON body, then `handler`
 * inside the API's error boundary (see `apiRoute`).
 */
export function apiPost(
  router: Router,
  context: WebContext,
  path: string,
  handler: (request: Request, response: Response, visitor: Visitor, language: Language) => Promise<unknown>,
): void {
  router.post(path, context.guard, sameOriginGuard, context.json, apiRoute(context.dependencies.logger, handler));
}

/** The visitor's email, or a refusal asking them to choose who they are. */
export function requireIdentity(visitor: Visitor): string {
  if (!visitor.email) throw new BadInput('needIdentity');
  return visitor.email;
}

/** The actor the core sees for a web visitor; a session signed in with the admin token is trusted. */
export function actorOf(visitor: Visitor): Actor {
  return councilActor(visitor.email, 'web', { trusted: visitor.signedIn });
}

/** The directory person a visitor acts for, or null. */
export async function identityOf(
  people: WebChannelDependencies['people'],
  visitor: Visitor,
): Promise<PageIdentity | null> {
  if (!visitor.email) return null;
  const person = visitor.signedIn ? await people.getOwnProfile(visitor.email) : await people.getPerson(visitor.email);
  if (!person) return null;
  return { email: person.email, name: person.name, council: person.council, isAdmin: visitor.isAdmin };
}
