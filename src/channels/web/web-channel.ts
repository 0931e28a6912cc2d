import { createScheduleStore } from '../../store/directory-sync/index.ts';
import { actorFor as councilActor, isAdmin as adminOfAnyCouncil } from '../../core/councils/index.ts';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { describeError } from '../../core/assistant/index.ts';
import { messagesFor } from '../../core/assistant/messages.ts';
import type { Assistant, Incoming } from '../../core/assistant/types.ts';
import type { Language } from '../../core/language/index.ts';
import type { Actor, People } from '../../core/people/types.ts';
import type { Sharing } from '../../core/sharing/types.ts';
import { isPontError, ValidationError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { Database } from '../../store/index.ts';
import {
  createAccessGuard,
  guessKey,
  isAdminToken,
  sameOriginGuard,
  sessionCookie,
  visitorOf,
  type Visitor,
} from './access.ts';
import { createGuessLimiter, type GuessLimiter } from './guess-limiter.ts';
import { toCsv } from './csv.ts';
import {
  chartTable,
  dashboardCharts,
  dashboardData,
  plainLabels,
  type DashboardFigures,
  type DashboardLabels,
  type SourceState,
} from './dashboard-data.ts';
import {
  renderChatPage,
  renderDashboardPage,
  renderRefusalPage,
  renderSignInPage,
  type PageIdentity,
} from './pages.ts';
import { createWebSessions, type WebSessions } from './sessions.ts';
import {
  languageSchema,
  localSessionHours,
  pageLanguage,
  rememberLanguage,
  safeNext,
  secureCookies,
  securityHeaders,
  setSessionCookie,
  signedInSessionHours,
} from './cookies.ts';
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

const staticDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');
const chartJsFile = path.join(path.dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

export { languageCookie, pageLanguage } from './cookies.ts';

// NOTE: a schema's messages are keys of the page strings, so the reply is in the page's language.
const chatBody = z.object({
  text: z.string().max(4000, 'messageTooLong' satisfies StringKey),
  language: languageSchema.optional(),
});
const identityBody = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .email('emailInvalid' satisfies StringKey),
});
const openRequestBody = z.object({
  text: z
    .string()
    .trim()
    .min(1, 'requestEmpty' satisfies StringKey)
    .max(4000, 'requestTooLong' satisfies StringKey),
  // 'other' (every other council), 'both' (every council), or the ids of the councils to ask; the core checks the ids.
  target: z
    .union([z.enum(['other', 'both']), z.array(z.string().trim().min(1).max(60)).min(1).max(50)])
    .default('other'),
  language: languageSchema.optional(),
  clientKey: z.string().max(200).optional(),
});
const answerBody = z.object({
  text: z
    .string()
    .trim()
    .min(1, 'answerEmpty' satisfies StringKey)
    .max(8000, 'answerTooLong' satisfies StringKey),
  consentToShare: z.boolean().default(false),
});
const helpfulBody = z.object({ helpful: z.boolean() });
const simpleActions = ['claim', 'decline', 'close', 'cancel'] as const;

/** A form the API refuses; `key` names the page string that says why, in the page's language. */
class BadInput extends Error {
  readonly key: StringKey;

  constructor(key: StringKey) {
    super(pageStrings.en[key]);
    this.key = key;
  }
}

function parseBody<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? '';
  throw new BadInput(message in pageStrings.en ? (message as StringKey) : 'bodyInvalid');
}

/**
 * The web channel: the chat page at `/`, the dashboard at `/dashboard`, their JSON API and static files.
 * It renders what the core returns and adds no feature logic of its own.
 */
export function createWebChannel(
  dependencies: WebChannelDependencies,
  options: { sessions?: WebSessions; limiter?: GuessLimiter } = {},
): express.Router {
  const { config, logger, assistant, sharing, people } = dependencies;
  const sessions = options.sessions ?? createWebSessions(dependencies.db);
  // NOTE: wrong admin tokens are counted in the database, so guessing across replicas meets one limit.
  const limiter = options.limiter ?? createGuessLimiter(dependencies.db);
  const labels = dependencies.labels ?? plainLabels;
  const syncSchedule = createScheduleStore(dependencies.db);
  const router = express.Router();
  const json = express.json({ limit: '64kb' });
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  const guard = createAccessGuard({
    config,
    sessions,
    limiter,
    refuseGuessing(request, response) {
      logger.warn(
        { ip: request.socket.remoteAddress },
        'web: refused a request from an address that guessed the admin token wrong too often',
      );
      response.status(429).json({ error: pageStrings[pageLanguage(request)].tooManyGuesses });
    },
    refusePage(request, response) {
      const language = pageLanguage(request);
      if (config.adminToken) {
        response
          .status(401)
          .type('html')
          .send(renderSignInPage(language, { next: request.originalUrl }));
      } else {
        response
          .status(403)
          .type('html')
          .send(renderRefusalPage(language, null, 'not-local'));
      }
    },
  });

  const webApiPaths = ['/sources', '/api/chat', '/api/me', '/api/identity', '/api/requests', '/api/answers'];
  router.use((request, response, next) => {
    if (
      request.path === '/' ||
      request.path === '/sign-in' ||
      request.path === '/sign-out' ||
      request.path.startsWith('/dashboard') ||
      request.path.startsWith('/static/') ||
      webApiPaths.some((prefix) => request.path.startsWith(prefix))
    ) {
      response.set(securityHeaders);
    }
    next();
  });

  /** The directory person a visitor acts for, or null. */
  async function identityOf(visitor: Visitor): Promise<PageIdentity | null> {
    if (!visitor.email) return null;
    const person = visitor.signedIn ? await people.getOwnProfile(visitor.email) : await people.getPerson(visitor.email);
    if (!person) return null;
    return { email: person.email, name: person.name, council: person.council, isAdmin: visitor.isAdmin };
  }

  function actorOf(visitor: Visitor): Actor {
    return councilActor(visitor.email, 'web', { trusted: visitor.signedIn });
  }

  /** What a failed request tells the user: a short, safe message in their language and its HTTP status; logged. */
  function failure(error: unknown, request: Request, language: Language): { status: number; error: string } {
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

  /** The language a request is answered in: the body's `language`, else the page's. */
  function requestLanguage(request: Request): Language {
    const bodyLanguage = languageSchema.safeParse((request.body as { language?: unknown } | undefined)?.language);
    return bodyLanguage.success ? bodyLanguage.data : pageLanguage(request);
  }

  /** The channel's one error boundary: a short, safe message in the page's language, and a log line. */
  function api(
    handler: (request: Request, response: Response, visitor: Visitor, language: Language) => Promise<unknown>,
  ) {
    return async (request: Request, response: Response) => {
      const visitor = visitorOf(response);
      const language = requestLanguage(request);
      try {
        const result = await handler(request, response, visitor, language);
        response.set('Cache-Control', 'no-store').json(result);
      } catch (error) {
        const { status, error: text } = failure(error, request, language);
        response.status(status).json({ error: text });
      }
    };
  }

  function requireIdentity(visitor: Visitor): string {
    if (!visitor.email) throw new BadInput('needIdentity');
    return visitor.email;
  }

  // Static files: the page scripts and styles, and Chart.js from node_modules (no CDN).
  router.get('/static/vendor/chart.umd.min.js', (_request, response) => {
    response.sendFile(chartJsFile, { maxAge: '1d' });
  });
  router.use('/static', express.static(staticDirectory, { index: false, maxAge: '1h' }));

  // Sign-in with the admin token.
  router.get('/sign-in', (request, response) => {
    response.type('html').send(renderSignInPage(pageLanguage(request), { next: safeNext(request.query.next) }));
  });
  router.post('/sign-in', sameOriginGuard, form, async (request, response) => {
    const language = pageLanguage(request);
    const body = (request.body ?? {}) as { token?: unknown; email?: unknown; next?: unknown };
    const token = typeof body.token === 'string' ? body.token : '';
    const email = typeof body.email === 'string' && body.email.trim() !== '' ? body.email.trim().toLowerCase() : null;
    const waitMs = await limiter.waitFor(guessKey(request));
    if (waitMs > 0) {
      logger.warn({ ip: request.socket.remoteAddress }, 'web sign-in refused: too many wrong tokens from this address');
      response
        .status(429)
        .set('Retry-After', String(Math.ceil(waitMs / 1000)))
        .type('html')
        .send(renderSignInPage(language, { tooManyGuesses: true, next: safeNext(body.next) }));
      return;
    }
    const known = email === null || adminOfAnyCouncil(email) || (await people.getOwnProfile(email)) !== null;
    if (!isAdminToken(config, token) || !known) {
      logger.warn({ ip: request.socket.remoteAddress }, 'web sign-in refused');
      if (!isAdminToken(config, token)) await limiter.wrongGuess(guessKey(request));
      // NOTE: a pause on every refusal makes guessing the token slow without locking anyone out.
      await delay(750);
      response
        .status(401)
        .type('html')
        .send(renderSignInPage(language, { wrong: true, next: safeNext(body.next) }));
      return;
    }
    const sessionToken = await sessions.create({ email, signedInWithToken: true }, signedInSessionHours);
    setSessionCookie(response, sessionToken, signedInSessionHours, secureCookies(request, config.publicUrl));
    response.redirect(303, safeNext(body.next));
  });
  router.post('/sign-out', sameOriginGuard, async (request, response) => {
    const token = parseCookies(request.get('cookie') ?? '')[sessionCookie];
    if (token) await sessions.remove(token);
    response.append(
      'Set-Cookie',
      serializeCookie(sessionCookie, '', {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        maxAge: 0,
        secure: secureCookies(request, config.publicUrl),
      }),
    );
    response.redirect(303, '/');
  });

  // The chat page.
  router.get('/', guard, async (request, response) => {
    const language = pageLanguage(request);
    if (typeof request.query.lang === 'string')
      rememberLanguage(response, language, secureCookies(request, config.publicUrl));
    const visitor = visitorOf(response);
    response
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(renderChatPage(language, visitor, await identityOf(visitor)));
  });

  // A cited file, opened from an answer's source link: only a document Pont indexed, never any other path.
  router.get('/sources', guard, async (request, response) => {
    const source = typeof request.query.ref === 'string' ? request.query.ref : '';
    // A file inside the working folder is indexed by its relative path (data/…), any other by its absolute path.
    const isFile = source !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(source);
    const known = isFile && dependencies.isIndexedSource ? await dependencies.isIndexedSource(source) : false;
    if (!known) {
      response
        .status(404)
        .type('text/plain')
        .send(messagesFor(pageLanguage(request)).errorNotFound);
      return;
    }
    const extension = path.extname(source).toLowerCase();
    // NOTE: HTML and Markdown are sent as plain text, so a document can never run script in Pont's pages.
    const type =
      extension === '.pdf'
        ? 'application/pdf'
        : extension === '.docx'
          ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
          : 'text/plain; charset=utf-8';
    response.set('Content-Type', type);
    if (extension === '.docx') response.attachment(path.basename(source));
    response.sendFile(path.resolve(source), { dotfiles: 'deny' }, (error) => {
      if (error && !response.headersSent)
        response
          .status(404)
          .type('text/plain')
          .send(messagesFor(pageLanguage(request)).errorNotFound);
    });
  });

  // The dashboard.
  /**
   * The sources a dashboard viewer sees: every source for the admin token, an admin of every council, or the person
   * trying Pont on this computer before any admin is configured; else those of the councils the viewer administers.
   */
  async function sourcesFor(visitor: Visitor): Promise<SourceState[]> {
    if (!dependencies.sourcesState) return [];
    const everyCouncil =
      visitor.signedIn ||
      !visitor.isAdmin ||
      (visitor.email !== null && config.admins.includes(visitor.email.toLowerCase()));
    return dependencies.sourcesState(everyCouncil ? null : (actorOf(visitor).adminOf ?? []));
  }
  async function figures(visitor?: Visitor): Promise<DashboardFigures> {
    const [questions, sharingFigures, directorySync, sources] = await Promise.all([
      assistant.questionFigures({ limit: 10 }),
      sharing.figures(),
      syncSchedule.lastDirectorySyncs(),
      visitor ? sourcesFor(visitor) : [],
    ]);
    return { questions, sharing: sharingFigures, directorySync, sources };
  }
  function dashboardAllowed(request: Request, response: Response, next: NextFunction): void {
    const visitor = visitorOf(response);
    if (visitor.canSeeDashboard) {
      next();
      return;
    }
    const language = pageLanguage(request);
    if (request.path === '/dashboard') {
      response
        .status(403)
        .type('html')
        .send(renderRefusalPage(language, visitor, 'dashboard'));
    } else {
      response.status(403).json({ error: messagesFor(language).errorNotAllowed });
    }
  }
  router.get('/dashboard', guard, dashboardAllowed, (request, response) => {
    const language = pageLanguage(request);
    if (typeof request.query.lang === 'string')
      rememberLanguage(response, language, secureCookies(request, config.publicUrl));
    response
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(renderDashboardPage(language, visitorOf(response)));
  });
  router.get(
    '/dashboard/data.json',
    guard,
    dashboardAllowed,
    api(async (_request, _response, visitor, language) => dashboardData(await figures(visitor), language, labels)),
  );
  router.get(
    '/dashboard/sources.json',
    guard,
    dashboardAllowed,
    api(async (_request, _response, visitor) => ({ sources: await sourcesFor(visitor) })),
  );
  router.get('/dashboard/:chart.csv', guard, dashboardAllowed, async (request, response, next) => {
    const chart = dashboardCharts.find((candidate) => candidate.name === request.params.chart);
    if (!chart) {
      next();
      return;
    }
    try {
      const table = chartTable(chart, await figures(), pageLanguage(request), labels);
      response
        .set('Cache-Control', 'no-store')
        .type('text/csv; charset=utf-8')
        .attachment(`pont-${chart.name}.csv`)
        .send(toCsv(table.columns, table.rows));
    } catch (error) {
      logger.error({ err: error, chart: chart.name }, 'dashboard CSV failed');
      response
        .status(500)
        .type('text/plain')
        .send(messagesFor(pageLanguage(request)).errorGeneric);
    }
  });

  // The JSON API the chat page uses.
  router.get(
    '/api/me',
    guard,
    api(async (_request, _response, visitor) => ({
      identity: await identityOf(visitor),
      canSeeDashboard: visitor.canSeeDashboard,
    })),
  );

  router.post(
    '/api/identity',
    guard,
    sameOriginGuard,
    json,
    api(async (request, response, visitor) => {
      const { email } = parseBody(identityBody, request.body);
      // NOTE: only visible profiles can be chosen, so the picker cannot tell anyone that a hidden profile exists.
      const person = visitor.signedIn ? await people.getOwnProfile(email) : await people.getPerson(email);
      if (!person) throw new BadInput('identityNotFound');
      if (visitor.sessionToken) {
        await sessions.setEmail(visitor.sessionToken, person.email);
      } else {
        const token = await sessions.create({ email: person.email, signedInWithToken: false }, localSessionHours);
        setSessionCookie(response, token, localSessionHours, secureCookies(request, config.publicUrl));
      }
      const isAdmin = visitor.signedIn || adminOfAnyCouncil(person.email);
      return {
        identity: { email: person.email, name: person.name, council: person.council, isAdmin } satisfies PageIdentity,
        canSeeDashboard: isAdmin || visitor.canSeeDashboard,
      };
    }),
  );

  /** The core's view of a chat message from the page. */
  async function chatIncoming(request: Request, visitor: Visitor, language: Language): Promise<Incoming> {
    const body = parseBody(chatBody, request.body);
    const person = visitor.email ? await people.getOwnProfile(visitor.email) : null;
    return {
      channel: 'web',
      channelUserId: visitor.email,
      person,
      email: visitor.email,
      isAdmin: visitor.isAdmin,
      text: body.text,
      locale: (body.language ?? language) === 'cy' ? 'cy-GB' : 'en-GB',
    };
  }

  /**
   * A chat reply streamed as newline-delimited JSON: `{"type":"text","text":…}` for each piece of a
   * model-written answer as it is written (provisional), then `{"type":"reply","reply":…}` with the final
   * reply, or `{"type":"error","status":…,"error":…}`. Until the first piece is written nothing is sent, so a
   * refusal before then is the usual JSON error with its status.
   */
  async function streamChat(request: Request, response: Response): Promise<void> {
    const visitor = visitorOf(response);
    const language = requestLanguage(request);
    let gone = false;
    response.on('close', () => {
      gone = !response.writableFinished;
    });
    const send = (event: Record<string, unknown>) => {
      if (gone || response.destroyed) return;
      if (!response.headersSent) {
        response.status(200).set({
          'Content-Type': 'application/x-ndjson; charset=utf-8',
          'Cache-Control': 'no-store',
          'X-Accel-Buffering': 'no',
        });
        response.flushHeaders();
      }
      response.write(`${JSON.stringify(event)}\n`);
    };
    try {
      const incoming = await chatIncoming(request, visitor, language);
      const reply = await assistant.handle(incoming, {
        onText: (delta) => delta && send({ type: 'text', text: delta }),
      });
      send({ type: 'reply', reply });
    } catch (error) {
      const refused = failure(error, request, language);
      if (!response.headersSent) {
        if (!gone) response.status(refused.status).json({ error: refused.error });
        return;
      }
      send({ type: 'error', ...refused });
    }
    if (!gone && !response.destroyed) response.end();
  }

  router.post(
    '/api/chat',
    guard,
    sameOriginGuard,
    json,
    (request, response, next) => {
      // NOTE: only a client that asks for NDJSON gets the stream; any other gets the whole reply as JSON.
      if (/\bapplication\/x-ndjson\b/i.test(request.get('accept') ?? '')) void streamChat(request, response);
      else next();
    },
    api(async (request, _response, visitor, language) => ({
      reply: await assistant.handle(await chatIncoming(request, visitor, language)),
    })),
  );

  router.post(
    '/api/answers/:id/feedback',
    guard,
    sameOriginGuard,
    json,
    api(async (request, _response, visitor) => {
      const { helpful } = parseBody(helpfulBody, request.body);
      await assistant.feedback(String(request.params.id), helpful, visitor.email);
      return { ok: true };
    }),
  );

  router.get(
    '/api/requests',
    guard,
    api(async (_request, _response, visitor) => {
      const email = requireIdentity(visitor);
      return { requests: await sharing.list({ involving: email, viewer: email, isAdmin: visitor.isAdmin }) };
    }),
  );

  router.post(
    '/api/requests',
    guard,
    sameOriginGuard,
    json,
    api(async (request, _response, visitor, language) => {
      const body = parseBody(openRequestBody, request.body);
      const email = requireIdentity(visitor);
      const opened = await sharing.open({
        text: body.text,
        fromEmail: email,
        target: body.target,
        language: body.language ?? language,
        clientKey: body.clientKey,
      });
      return { request: opened };
    }),
  );

  router.get(
    '/api/requests/:id',
    guard,
    api(async (request, _response, visitor) => {
      const viewer = requireIdentity(visitor);
      const id = String(request.params.id);
      const reader = { viewer, isAdmin: visitor.isAdmin };
      return { request: await sharing.get(id, reader), events: await sharing.events(id, reader) };
    }),
  );

  router.post(
    '/api/requests/:id/answer',
    guard,
    sameOriginGuard,
    json,
    api(async (request, _response, visitor) => {
      const body = parseBody(answerBody, request.body);
      requireIdentity(visitor);
      return {
        request: await sharing.answer(String(request.params.id), body.text, actorOf(visitor), {
          consentToShare: body.consentToShare,
        }),
      };
    }),
  );

  router.post(
    '/api/requests/:id/helpful',
    guard,
    sameOriginGuard,
    json,
    api(async (request, _response, visitor) => {
      const { helpful } = parseBody(helpfulBody, request.body);
      requireIdentity(visitor);
      return { request: await sharing.markHelpful(String(request.params.id), helpful, actorOf(visitor)) };
    }),
  );

  router.post(
    '/api/requests/:id/:action',
    guard,
    sameOriginGuard,
    json,
    api(async (request, _response, visitor) => {
      const action = simpleActions.find((candidate) => candidate === request.params.action);
      if (!action) throw new BadInput('unknownAction');
      requireIdentity(visitor);
      return { request: await sharing[action](String(request.params.id), actorOf(visitor)) };
    }),
  );

  return router;
}
