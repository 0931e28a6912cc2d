import { setTimeout as delay } from 'node:timers/promises';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type express from 'express';
import { isAdmin as adminOfAnyCouncil } from '../../../core/councils/index.ts';
import { guessKey, isAdminToken, sameOriginGuard, sessionCookie } from '../access.ts';
import { pageLanguage, safeNext, secureCookies, setSessionCookie, signedInSessionHours } from '../cookies.ts';
import type { WebContext } from '../context.ts';
import { renderSignInPage } from '../pages.ts';

/** Signing in with the admin token, from a browser on the network, and signing out. */
export function signInRoutes(router: express.Router, context: WebContext): void {
  const { dependencies, sessions, limiter, form } = context;
  const { config, logger, people } = dependencies;

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
}
