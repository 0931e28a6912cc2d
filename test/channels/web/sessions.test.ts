import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebSessions, type WebSessions } from '../../../src/channels/web/sessions.ts';
import type { Database } from '../../../src/store/index.ts';
import { storeTargets } from '../../support/stores.ts';

describe.each(await storeTargets())('web sessions on $name', (target) => {
  let db: Database & { drop(): Promise<void> };
  let sessions: WebSessions;

  beforeAll(async () => {
    db = await target.open();
    sessions = createWebSessions(db);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('remembers who a browser acts for, and keeps only a hash of the cookie', async () => {
    const token = await sessions.create({ email: 'alys.morgan@torfaen.gov.uk', signedInWithToken: false }, 24);
    expect(await sessions.read(token)).toEqual({ email: 'alys.morgan@torfaen.gov.uk', signedInWithToken: false });
    const stored = await db.query<{ token_hash: string }>('select token_hash from web_sessions');
    expect(stored.map((row) => row.token_hash)).not.toContain(token);
  });

  it('changes who a session acts for and forgets it on sign-out', async () => {
    const token = await sessions.create({ email: null, signedInWithToken: true }, 12);
    await sessions.setEmail(token, 'owen.davies@torfaen.gov.uk');
    expect(await sessions.read(token)).toEqual({ email: 'owen.davies@torfaen.gov.uk', signedInWithToken: true });
    await sessions.remove(token);
    expect(await sessions.read(token)).toBeNull();
  });

  it('does not open an expired or unknown session', async () => {
    const token = await sessions.create({ email: 'x@torfaen.gov.uk', signedInWithToken: true }, 1);
    await db.query(`update web_sessions set expires_at = now() - interval '1 minute'`);
    expect(await sessions.read(token)).toBeNull();
    expect(await sessions.read('made-up')).toBeNull();
  });
});
