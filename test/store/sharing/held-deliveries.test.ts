import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdUntilAnswered, afterAnswer } from '../../../src/channels/after-response.ts';
import { createSharing, type Sharing } from '../../../src/core/sharing/index.ts';
import type { Database } from '../../../src/store/index.ts';
import { createRequestStore } from '../../../src/store/sharing/index.ts';
import { createFakeKnowledge, createRecordingNotifier, sampleDirectory, silent } from '../../core/sharing/fakes.ts';
import { storeTargets } from '../../support/stores.ts';

// The sharing workflow wired as a server wires it (scheduleDelivery: afterAnswer): a chat interaction that
// holds its follow-on work gets its answer before anyone is notified, and the notifications still go out and
// are recorded once it lets them.

describe.each(await storeTargets())("notifications held for an interaction's answer on $name", (target) => {
  let db: Database & { drop(): Promise<void> };
  let notifier: ReturnType<typeof createRecordingNotifier>;
  let sharing: Sharing;

  const statuses = async (requestId: string) =>
    (
      await db.query<{ status: string }>('select status from sharing_notifications where request_id = $1 order by id', [
        requestId,
      ])
    ).map((row) => row.status);

  beforeAll(async () => {
    db = await target.open();
    notifier = createRecordingNotifier(['broken@torfaen.gov.uk']);
    sharing = createSharing({
      store: createRequestStore(db),
      people: sampleDirectory(),
      knowledge: createFakeKnowledge(),
      notifier,
      logger: silent,
      scheduleDelivery: afterAnswer,
    });
  });
  afterAll(async () => db?.drop());

  it('opens and claims without notifying anyone until the interaction releases its held work', async () => {
    const opening = holdUntilAnswered(() =>
      sharing.open({
        text: 'How do you run your waste rota over bank holidays?',
        fromEmail: 'rhian@blaenau-gwent.gov.uk',
      }),
    );
    const request = await opening.result;
    expect(request.routedTo.length).toBeGreaterThan(0);
    // The answer is ready; nobody has been told yet, and the notifications wait in the database.
    expect(notifier.sent).toEqual([]);
    expect(new Set(await statuses(request.id))).toEqual(new Set(['sending']));

    const errors: unknown[] = [];
    await opening.release((error) => errors.push(error));
    expect(errors).toEqual([]);
    expect(notifier.sent.map((notification) => notification.recipientEmail).sort()).toEqual(
      [...request.routedTo].sort(),
    );
    expect(new Set(await statuses(request.id))).toEqual(new Set(['sent']));

    const claiming = holdUntilAnswered(() =>
      sharing.claim(request.id, { email: request.routedTo[0]!, isAdmin: false, via: 'slack' }),
    );
    expect((await claiming.result).status).toBe('claimed');
    expect(notifier.sent.filter((notification) => notification.kind === 'request-claimed')).toEqual([]);
    await claiming.release(() => undefined);
    expect(
      notifier.sent
        .filter((notification) => notification.kind === 'request-claimed')
        .map((notification) => notification.recipientEmail),
    ).toEqual(['rhian@blaenau-gwent.gov.uk']);
  });

  it('notifies at once when nothing is holding work (the command line, the follow-up loop)', async () => {
    const before = notifier.sent.length;
    const request = await sharing.open({
      text: 'How do you plan garden waste rounds in winter?',
      fromEmail: 'rhian@blaenau-gwent.gov.uk',
    });
    expect(notifier.sent.length - before).toBe(request.routedTo.length);
    expect(new Set(await statuses(request.id))).toEqual(new Set(['sent']));
  });
});
