import express from 'express';
import { createAccessGuard } from './access.ts';
import type { WebChannelDependencies, WebContext } from './context.ts';
import { pageLanguage, securityHeaders } from './cookies.ts';
import { createGuessLimiter, type GuessLimiter } from './guess-limiter.ts';
import { renderRefusalPage, renderSignInPage } from './pages.ts';
import { chatApiRoutes } from './routes/chat-api.ts';
import { chatPageRoutes } from './routes/chat-page.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { profileRoutes } from './routes/profile.ts';
import { requestsApiRoutes } from './routes/requests-api.ts';
import { signInRoutes } from './routes/sign-in.ts';
import { staticFileRoutes } from './routes/static-files.ts';
import { createWebSessions, type WebSessions } from './sessions.ts';
import { pageStrings } from './strings.ts';

export type { WebChannelDependencies } from './context.ts';
export { languageCookie, pageLanguage } from './cookies.ts';

/** The paths that get the security headers, besides `/`, sign-in and sign-out, the dashboard and static files. */
const webApiPaths = ['/sources', '/api/chat', '/api/me', '/api/identity', '/api/requests', '/api/answers'];

/**
 * The web channel: the chat page at `/`, the dashboard at `/dashboard`, their JSON API and static files.
 * It renders what the core returns and adds no feature logic of its own. Each group of routes is in its own
 * file under `routes/`; this joins them behind one access guard and one set of security headers.
 */
export function createWebChannel(
  dependencies: WebChannelDependencies,
  options: { sessions?: WebSessions; limiter?: GuessLimiter } = {},
): express.Router {
  const { config, logger } = dependencies;
  const sessions = options.sessions ?? createWebSessions(dependencies.db);
  // NOTE: wrong admin tokens are counted in the database, so guessing across replicas meets one limit.
  const limiter = options.limiter ?? createGuessLimiter(dependencies.db);
  const router = express.Router();

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

  const context: WebContext = {
    dependencies,
    sessions,
    limiter,
    guard,
    json: express.json({ limit: '64kb' }),
    form: express.urlencoded({ extended: false, limit: '16kb' }),
  };
  // NOTE: the order is the order routes are tried; the requests API's `/:id/answer` must come before `/:id/:action`.
  staticFileRoutes(router);
  signInRoutes(router, context);
  chatPageRoutes(router, context);
  dashboardRoutes(router, context);
  profileRoutes(router, context);
  chatApiRoutes(router, context);
  requestsApiRoutes(router, context);
  return router;
}
