import { describe, expect, it } from 'vitest';
import { createWorkQueue } from '../../../src/channels/slack/work-queue.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the work queue after an acknowledgement', () => {
  it('runs at most the given number of tasks at once, in arrival order, and passes results and errors back', async () => {
    const queue = createWorkQueue({ concurrency: 2 });
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (index: number) => async () => {
      started.push(index);
      running += 1;
      most = Math.max(most, running);
      await pause(5);
      running -= 1;
      if (index === 3) throw new Error('task 3 failed');
      return index * 10;
    };
    const results = await Promise.allSettled([0, 1, 2, 3, 4, 5].map((index) => queue.run(task(index))));
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message))).toEqual([0, 10, 20, 'task 3 failed', 40, 50]);
    await queue.idle();
    expect(queue.size).toBe(0);
  });

  /** Calls `arrived()` every 2 ms, as a burst of Slack requests would, until the returned function is called. */
  function burst(queue: { arrived(): void }): () => void {
    queue.arrived();
    const timer = setInterval(() => queue.arrived(), 2);
    return () => clearInterval(timer);
  }

  it('does not delay a task for the request it came from: at a human pace nothing waits', async () => {
    const queue = createWorkQueue({ pauseMs: 60_000, maxDeferMs: 60_000 });
    queue.arrived();
    const queuedAt = performance.now();
    const startedAfter = await queue.run(async () => performance.now() - queuedAt);
    expect(startedAfter).toBeLessThan(1_000);
  });

  it('holds queued work while requests keep arriving, and starts it in order once they pause', async () => {
    const queue = createWorkQueue({ pauseMs: 30, maxDeferMs: 60_000 });
    const started: string[] = [];
    const stop = burst(queue);
    await pause(10);
    const done = Promise.all(['first', 'second', 'third'].map((name) => queue.run(async () => void started.push(name))));
    await pause(150);
    expect(started).toEqual([]);
    expect(queue.size).toBe(3);

    stop();
    await done;
    expect(started).toEqual(['first', 'second', 'third']);
    await queue.idle();
    expect(queue.size).toBe(0);
  });

  it('starts a task that has waited its longest even while the burst goes on', async () => {
    const queue = createWorkQueue({ pauseMs: 30, maxDeferMs: 80 });
    const stop = burst(queue);
    await pause(10);
    try {
      const queuedAt = performance.now();
      const startedAfter = await queue.run(async () => performance.now() - queuedAt);
      expect(startedAfter).toBeGreaterThanOrEqual(79);
      expect(await queue.run(async () => 'answered')).toBe('answered');
    } finally {
      stop();
    }
  });
});
