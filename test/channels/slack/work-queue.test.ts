import { describe, expect, it } from 'vitest';
import { createWorkQueue } from '../../../src/channels/slack/work-queue.ts';

describe('the work queue after an acknowledgement', () => {
  it('runs at most the given number of tasks at once, in arrival order, and passes results and errors back', async () => {
    const queue = createWorkQueue(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (index: number) => async () => {
      started.push(index);
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
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
});
