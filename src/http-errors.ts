import type express from 'express';
import { languageFromLocale, type Language } from './core/language/index.ts';
import type { Logger } from './logger.ts';

const texts: Record<
  Language,
  { notJson: string; tooLarge: string; badRequest: string; notFound: string; failed: string }
> = {
  en: {
    notJson: 'The request body is not valid JSON.',
    tooLarge: 'The request body is too large.',
    badRequest: 'The request could not be read.',
    notFound: 'There is nothing at this address.',
    failed: 'Something went wrong. Please try again.',
  },
  cy: {
    notJson: 'Nid yw corff y cais yn JSON dilys.',
    tooLarge: 'Mae corff y cais yn rhy fawr.',
    badRequest: 'Doedd dim modd darllen y cais.',
    notFound: 'Does dim byd yn y cyfeiriad hwn.',
    failed: 'Aeth rhywbeth o’i le. Rhowch gynnig arall arni.',
  },
};

function languageOf(request: express.Request): Language {
  return languageFromLocale(request.acceptsLanguages('en', 'cy') || null) ?? 'en';
}

/** Answers any path no channel serves with a short JSON 404, never Express's HTML page. */
export function notFoundHandler(): express.RequestHandler {
  return (request, response) => {
    response.status(404).json({ error: texts[languageOf(request)].notFound });
  };
}

/**
 * The HTTP server's last error boundary: an unreadable body (bad JSON, too large) or any error a route let
 * through is answered with a short JSON message in the caller's language. No stack, path or library message
 * reaches the client; the log keeps the detail.
 */
export function jsonErrorHandler(logger: Logger): express.ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const candidate = error as { status?: unknown; statusCode?: unknown; type?: unknown };
    const given =
      typeof candidate.status === 'number'
        ? candidate.status
        : typeof candidate.statusCode === 'number'
          ? candidate.statusCode
          : 500;
    const status = given >= 400 && given < 600 ? given : 500;
    const words = texts[languageOf(request)];
    if (status >= 500) {
      logger.error({ err: error, path: request.path }, 'HTTP request failed');
      response.status(500).json({ error: words.failed });
      return;
    }
    logger.info(
      { path: request.path, status, reason: candidate.type ?? (error as Error).message },
      'HTTP request refused',
    );
    const message =
      candidate.type === 'entity.parse.failed'
        ? words.notJson
        : candidate.type === 'entity.too.large'
          ? words.tooLarge
          : words.badRequest;
    response.status(status).json({ error: message });
  };
}
