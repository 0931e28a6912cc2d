import { describe, expect, it } from 'vitest';
import { startFollowUpLoop } from '../../../src/core/sharing/index.ts';
import { silent } from './fakes.ts';

describe('the follow-up loop', () => {
  it('runs a pass at start, so follow-ups that fell due while the bot was down go out at once, and stops cleanly', async () => {
    let passes = 0;
    let release: () => void = () => undefined;
    const sharing = {
      runDueFollowUps: () =>
        new Promise<number>((resolve) => {
          passes += 1;
          release = () => resolve(2);
        }),
    };
    const loop = startFollowUpLoop(sharing, silent, { intervalMs: 60_000 });
    expect(passes).toBe(1);
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    // Stopping waits for the pass in progress.
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
    expect(passes).toBe(1);
  });

  it('logs a failed pass instead of crashing the server', async () => {
    const errors: string[] = [];
    const loop = startFollowUpLoop(
      {
        runDueFollowUps: async () => {
          throw new Error('database restarting');
        },
      },
      { ...silent, error: (_fields: unknown, message: string) => void errors.push(message) } as never,
      { intervalMs: 60_000 },
    );
    await loop.stop();
    expect(errors).toEqual(['The sharing follow-up pass failed; it runs again at the next interval']);
  });
});
