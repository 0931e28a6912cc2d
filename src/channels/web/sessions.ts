import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../store/index.ts';

/** What a browser session holds: who the page acts for, and whether it signed in with the admin token. */
export interface WebSession {
  email: string | null;
  signedInWithToken: boolean;
}

/** Browser sessions kept in the database, so any replica can serve any browser. */
export interface WebSessions {
  /** Starts a session and returns the secret value for the cookie. */
  create(session: WebSession, lifetimeHours: number): Promise<string>;
  /** The session behind a cookie value, or null when unknown or expired. */
  read(token: string): Promise<WebSession | null>;
  /** Changes who an existing session acts for. */
  setEmail(token: string, email: string): Promise<void>;
  remove(token: string): Promise<void>;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Sessions in the `web_sessions` table (migration 070); expired rows are removed as new ones are made. */
export function createWebSessions(db: Database): WebSessions {
  return {
    async create(session, lifetimeHours) {
      const token = randomBytes(32).toString('base64url');
      await db.query('delete from web_sessions where expires_at < now()');
      await db.query(
        `insert into web_sessions (token_hash, email, signed_in_with_token, expires_at)
         values ($1, $2, $3, now() + make_interval(hours => $4::int))`,
        [hashToken(token), session.email, session.signedInWithToken, lifetimeHours],
      );
      return token;
    },
    async read(token) {
      const rows = await db.query<{ email: string | null; signed_in_with_token: boolean }>(
        'select email, signed_in_with_token from web_sessions where token_hash = $1 and expires_at > now()',
        [hashToken(token)],
      );
      const row = rows[0];
      return row ? { email: row.email, signedInWithToken: row.signed_in_with_token } : null;
    },
    async setEmail(token, email) {
      await db.query('update web_sessions set email = $2 where token_hash = $1', [hashToken(token), email]);
    },
    async remove(token) {
      await db.query('delete from web_sessions where token_hash = $1', [hashToken(token)]);
    },
  };
}
