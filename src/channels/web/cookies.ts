/** The web pages' cookies and headers: the session, the page language, and where a sign-in may lead. */
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { languageFromLocale, type Language } from '../../core/language/index.ts';
import { sessionCookie } from './access.ts';

export const languageCookie = 'pont_language';
/** How long a session lasts: opened on this computer, and signed in with the admin token. */
export const localSessionHours = 24 * 30;
export const signedInSessionHours = 12;

/** The headers every page and API reply carries. */
export const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  // NOTE: not no-referrer: with it Chromium sends `Origin: null` on form posts, which the same-origin check refuses.
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

/** A page language as a query, cookie or body gives it. */
export const languageSchema = z.enum(['en', 'cy']);

/** The page language: `?lang=`, then the language cookie, then the browser's Accept-Language, then English. */
export function pageLanguage(request: Request): Language {
  const query = languageSchema.safeParse(request.query.lang);
  if (query.success) return query.data;
  const cookie = languageSchema.safeParse(parseCookies(request.get('cookie') ?? '')[languageCookie]);
  if (cookie.success) return cookie.data;
  const preferred = request.acceptsLanguages('en', 'cy');
  return languageFromLocale(preferred || null) ?? 'en';
}

/**
 * Whether cookies must be `Secure`: the request came over TLS, or Pont is published at an https address
 * (PONT_PUBLIC_URL), as behind a TLS-terminating proxy, where the request itself arrives over plain HTTP.
 */
export function secureCookies(request: Request, publicUrl: string | undefined): boolean {
  return request.secure || (publicUrl?.startsWith('https:') ?? false);
}

/** Sets the session cookie: HTTP only, same site, for `hours`. */
export function setSessionCookie(response: Response, token: string, hours: number, secure: boolean): void {
  response.append(
    'Set-Cookie',
    serializeCookie(sessionCookie, token, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      maxAge: hours * 3600,
      secure,
    }),
  );
}

/** Remembers the page language chosen, for a year. */
export function rememberLanguage(response: Response, language: Language, secure: boolean): void {
  response.append(
    'Set-Cookie',
    serializeCookie(languageCookie, language, { sameSite: 'lax', path: '/', maxAge: 365 * 24 * 3600, secure }),
  );
}

/** Only a path on this site may be a sign-in's next page. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : '/';
}
