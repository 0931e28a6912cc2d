import { anyAdminsConfigured, isAdmin as adminOfAnyCouncil } from '../../core/councils/index.ts';
import { createHash, timingSafeEqual } from 'node:crypto';
import { parse as parseCookies } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../../config.ts';
import type { GuessLimiter } from './guess-limiter.ts';
import type { WebSessions } from './sessions.ts';

export const sessionCookie = 'pont_session';

/** Who is looking at a page or calling the API, as far as access is concerned. */
export interface Visitor {
  /** The request came straight from this computer (loopback socket, loopback Host, no proxy in between). */
  local: boolean;
  /** The session cookie value, when the browser has a live session. */
  sessionToken: string | null;
  /** The directory person the page acts for, when chosen or signed in. */
  email: string | null;
  /** An admin: of every council (PONT_ADMINS) or of one (the councils file), or the admin token (bearer header or a session signed in with it). */
  isAdmin: boolean;
  /** Signed in with the admin token (bearer header or session). */
  signedIn: boolean;
  /** May open the dashboard: an admin, or anyone on this computer when no admin is configured at all. */
  canSeeDashboard: boolean;
}

/** Whether a socket address belongs to this computer (IPv4 127/8, IPv6 ::1, IPv4-mapped loopback). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return plain === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}

/** Whether a Host header names this computer (localhost, 127.x.x.x, [::1]), with or without a port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  const lower = name.toLowerCase();
  return lower === 'localhost' || lower.endsWith('.localhost') || isLoopbackAddress(lower);
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Whether `given` is the configured admin token. Always false when no token is configured. */
export function isAdminToken(config: Pick<Config, 'adminToken'>, given: string | undefined | null): boolean {
  return Boolean(config.adminToken && given && sameSecret(given, config.adminToken));
}

function bearerToken(request: Request): string | undefined {
  const header = request.get('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

export type AccessDecision =
  { allowed: true; visitor: Visitor } | { allowed: false; reason: 'not-local' | 'bad-token' };

/**
 * Decides who a request comes from and whether it may in at all.
 *
 * NOTE: a request counts as local only when its socket is loopback, its Host header names this computer
 * (which stops DNS rebinding from a web page) and it carries no proxy header: behind a reverse proxy on the
 * same machine every request would look local, so anything forwarded must bring the admin token instead.
 */
export async function decideAccess(
  request: Request,
  config: Pick<Config, 'adminToken' | 'admins'>,
  sessions: WebSessions,
): Promise<AccessDecision> {
  const forwarded = request.get('x-forwarded-for') !== undefined || request.get('forwarded') !== undefined;
  const local = isLoopbackAddress(request.socket?.remoteAddress) && isLoopbackHost(request.get('host')) && !forwarded;

  const bearer = bearerToken(request);
  if (bearer !== undefined && !isAdminToken(config, bearer)) return { allowed: false, reason: 'bad-token' };

  const cookies = parseCookies(request.get('cookie') ?? '');
  const sessionToken = cookies[sessionCookie] ?? null;
  const session = sessionToken ? await sessions.read(sessionToken) : null;

  const signedIn = bearer !== undefined || Boolean(session?.signedInWithToken && config.adminToken);
  if (!local && !signedIn) return { allowed: false, reason: 'not-local' };

  const email = session?.email ?? null;
  // NOTE: the settings' PONT_ADMINS are also the councils' federation admins (see useCouncils); both are read here so the
  // decision follows the config it is given.
  const isAdmin =
    signedIn || (email !== null && (config.admins.includes(email.toLowerCase()) || adminOfAnyCouncil(email)));
  // NOTE: a fresh local install has no admins at all; the person trying Pont on their own computer may then see
  // the dashboard, so `npm start` shows every capability. Once PONT_ADMINS or a token is set, only admins may.
  const noAdminsConfigured = config.admins.length === 0 && !anyAdminsConfigured() && !config.adminToken;
  return {
    allowed: true,
    visitor: {
      local,
      sessionToken: session ? sessionToken : null,
      email,
      isAdmin,
      signedIn,
      canSeeDashboard: isAdmin || (local && noAdminsConfigured),
    },
  };
}

/** The visitor a guarded route runs for. */
export function visitorOf(response: Response): Visitor {
  const visitor = response.locals.visitor as Visitor | undefined;
  if (!visitor) throw new Error('visitorOf called on a route without the access guard');
  return visitor;
}

export interface AccessGuardOptions {
  config: Pick<Config, 'adminToken' | 'admins'>;
  sessions: WebSessions;
  /** Answers a refused page request (an HTML sign-in or refusal page). */
  refusePage(request: Request, response: Response, reason: 'not-local' | 'bad-token'): void;
  /** Counts wrong admin tokens per address across replicas; without it guesses are not limited. */
  limiter?: GuessLimiter;
  /** Answers a request from an address that has guessed wrong too often (429, in the page's language). */
  refuseGuessing?(request: Request, response: Response, waitMs: number): void;
}

/** The key wrong guesses are counted under: the address the connection came from. */
export function guessKey(request: Request): string {
  return request.socket?.remoteAddress ?? 'unknown';
}

/**
 * Express middleware that lets a request through only from this computer or with the admin token, and
 * records the visitor in `response.locals`. API calls (`/api/…`, CSV and JSON) are refused with JSON 401.
 */
export function createAccessGuard(options: AccessGuardOptions) {
  return async function accessGuard(request: Request, response: Response, next: NextFunction): Promise<void> {
    const guessing = options.limiter !== undefined && bearerToken(request) !== undefined;
    if (guessing) {
      const waitMs = await options.limiter!.waitFor(guessKey(request));
      if (waitMs > 0) {
        response.set({ 'Cache-Control': 'no-store', 'Retry-After': String(Math.ceil(waitMs / 1000)) });
        if (options.refuseGuessing) options.refuseGuessing(request, response, waitMs);
        else response.status(429).json({ error: 'Too many wrong admin tokens from this address; try again later.' });
        return;
      }
    }
    const decision = await decideAccess(request, options.config, options.sessions);
    if (!decision.allowed && decision.reason === 'bad-token' && guessing)
      await options.limiter!.wrongGuess(guessKey(request));
    if (decision.allowed) {
      response.locals.visitor = decision.visitor;
      next();
      return;
    }
    response.set('Cache-Control', 'no-store');
    const wantsPage =
      request.method === 'GET' && !request.path.startsWith('/api/') && !/\.(csv|json)$/.test(request.path);
    if (wantsPage) {
      options.refusePage(request, response, decision.reason);
      return;
    }
    response
      .status(401)
      .set('WWW-Authenticate', 'Bearer realm="pont"')
      .json({
        error:
          decision.reason === 'bad-token'
            ? 'The bearer token is not the admin token: send Authorization: Bearer <PONT_ADMIN_TOKEN>.'
            : 'Pont’s web pages are open only on this computer; from elsewhere send Authorization: Bearer <PONT_ADMIN_TOKEN> or sign in at /sign-in.',
      });
  };
}

/**
 * Refuses a state-changing request sent from another site's page: when the browser names an Origin, its host
 * must be the Host the request was sent to. With SameSite=Strict cookies this closes cross-site posting.
 */
export function sameOriginGuard(request: Request, response: Response, next: NextFunction): void {
  if (request.method === 'GET' || request.method === 'HEAD') {
    next();
    return;
  }
  const origin = request.get('origin');
  const fetchSite = request.get('sec-fetch-site');
  const sameOrigin =
    origin === undefined
      ? fetchSite === undefined || fetchSite === 'same-origin' || fetchSite === 'none'
      : origin !== 'null' && URL.canParse(origin) && new URL(origin).host === request.get('host');
  if (sameOrigin) {
    next();
    return;
  }
  response.status(403).json({ error: 'This request came from another site’s page; send it from Pont’s own page.' });
}
