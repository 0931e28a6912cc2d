import { afterEach, describe, expect, it, vi } from 'vitest';
import { startPollingLoop } from '../../../src/core/scheduling/index.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('the polling loop', () => {
  it('runs a pass at start, waits the interval after each pass ends, and runs again', async () => {
    vi.useFakeTimers();
    const started: number[] = [];
    let finish: () => void = () => undefined;
    const loop = startPollingLoop(
      () => {
        started.push(Date.now());
        return new Promise<void>((resolve) => (finish = resolve));
      },
      { intervalMs: 1_000, onError: () => undefined },
    );
    expect(started).toHaveLength(1);
    // The first pass takes five seconds: no second pass starts meanwhile.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(started).toHaveLength(1);
    finish();
    await vi.advanceTimersByTimeAsync(999);
    expect(started).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toHaveLength(2);
    expect(started[1]! - started[0]!).toBe(6_000);
    finish();
    await loop.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(started).toHaveLength(2);
  });

  it('joins the pass in hand when asked to run now, and stop waits for it', async () => {
    let passes = 0;
    let finish: (value: string) => void = () => undefined;
    const loop = startPollingLoop(
      () => {
        passes += 1;
        return new Promise<string>((resolve) => (finish = resolve));
      },
      { intervalMs: 60_000, onError: () => undefined },
    );
    const joined = loop.runNow();
    expect(passes).toBe(1);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish('done');
    expect(await joined).toBe('done');
    await stopping;
    expect(stopped).toBe(true);
  });

  it('reports a pass that throws and goes on to the next one', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let passes = 0;
    const loop = startPollingLoop(
      async () => {
        passes += 1;
        if (passes === 1) throw new Error('database restarting');
        return passes;
      },
      { intervalMs: 1_000, onError: (error) => errors.push(error) },
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toEqual([new Error('database restarting')]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(passes).toBe(2);
    expect(await loop.runNow()).toBe(3);
    await loop.stop();
  });
});
