import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuessLimiter } from '../../../src/channels/web/guess-limiter.ts';
import type { Database } from '../../../src/store/index.ts';
import { storeTargets } from '../../support/stores.ts';

describe.each(await storeTargets())('wrong admin-token guesses on $name', (target) => {
  let db: Database & { drop(): Promise<void> };

  beforeAll(async () => {
    db = await target.open();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('lets an address guess until its limit, then makes it wait, as seen from another replica', async () => {
    const one = createGuessLimiter(db, { guesses: 3, windowSeconds: 600 });
    const other = createGuessLimiter(db, { guesses: 3, windowSeconds: 600 });
    await one.wrongGuess('198.51.100.4');
    await other.wrongGuess('198.51.100.4');
    expect(await one.waitFor('198.51.100.4')).toBe(0);
    await one.wrongGuess('198.51.100.4');
    const wait = await other.waitFor('198.51.100.4');
    expect(wait).toBeGreaterThan(590_000);
    expect(wait).toBeLessThanOrEqual(600_000);
    expect(await other.waitFor('198.51.100.5')).toBe(0);
  });

  it('forgets the guesses once the window has passed', async () => {
    const limiter = createGuessLimiter(db, { guesses: 1, windowSeconds: 600 });
    await limiter.wrongGuess('203.0.113.9');
    expect(await limiter.waitFor('203.0.113.9')).toBeGreaterThan(0);
    await db.query(`update rate_limits set expire = $1 where key = 'admin-token:203.0.113.9'`, [Date.now() - 1]);
    expect(await limiter.waitFor('203.0.113.9')).toBe(0);
  });
});
