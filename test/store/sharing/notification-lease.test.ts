import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharing } from '../../../src/core/sharing/index.ts';
import type { Database } from '../../../src/store/index.ts';
import { createRequestStore } from '../../../src/store/sharing/index.ts';
import { createFakeKnowledge, createRecordingNotifier, sampleDirectory, silent } from '../../core/sharing/fakes.ts';
import { storeTargets } from '../../support/stores.ts';

// A process that wrote a step and stopped before delivering its notifications leaves them held for the
// configured lease (`leaseMs`); once it runs out another process delivers them, and not before.

describe.each(await storeTargets())('the lease on undelivered notifications on $name', (target) => {
  let db: Database & { drop(): Promise<void> };
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => db?.drop());

  it.each([
    { leaseMs: 60_000, early: 30_000, late: 90_000 },
    { leaseMs: 30 * 60_000, early: 20 * 60_000, late: 31 * 60_000 },
  ])('holds them for leaseMs = $leaseMs, then another process delivers them', async ({ leaseMs, early, late }) => {
    const opened = new Date('2026-03-02T10:00:00Z');
    const dependencies = {
      store: createRequestStore(db),
      people: sampleDirectory(),
      knowledge: createFakeKnowledge(),
      logger: silent,
    };
    // The first process writes the request and stops before anyone is told.
    const stopped = createSharing(
      { ...dependencies, notifier: createRecordingNotifier(), scheduleDelivery: async () => undefined },
      { leaseMs, clock: () => opened },
    );
    const request = await stopped.open({
      text: 'How do you run your waste rota over bank holidays?',
      fromEmail: 'rhian@blaenau-gwent.gov.uk',
    });

    const notifier = createRecordingNotifier();
    const other = createSharing({ ...dependencies, notifier }, { leaseMs });
    const sentFor = () =>
      notifier.sent
        .filter((notification) => notification.request.id === request.id)
        .map((notification) => notification.recipientEmail)
        .sort();
    await other.runDueFollowUps(new Date(opened.getTime() + early));
    expect(sentFor()).toEqual([]);
    await other.runDueFollowUps(new Date(opened.getTime() + late));
    expect(sentFor()).toEqual([...request.routedTo].sort());
  });
});
