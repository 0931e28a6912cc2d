import fs from 'node:fs';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRequestMessage } from '../../src/channels/slack/blocks/request-blocks.ts';
import { actionIds } from '../../src/channels/slack/ids.ts';
import { requestCard, requestVerbs } from '../../src/channels/teams/cards/request-card.ts';
import type { Actor } from '../../src/core/people/types.ts';
import {
  createSharing,
  type RequestAction,
  type RequestStatus,
  type Sharing,
  type SharingRequest,
} from '../../src/core/sharing/index.ts';
import { isPontError } from '../../src/errors.ts';
import type { Database } from '../../src/store/index.ts';
import { createRequestStore } from '../../src/store/sharing/index.ts';
import { createFakeKnowledge, createRecordingNotifier, sampleDirectory, silent } from '../core/sharing/fakes.ts';
import { storeTargets } from '../support/stores.ts';

/**
 * The contract between the core and the channels about a request's buttons: for every status and every kind
 * of reader, the core lists the actions it would accept from them and refuses every other, and Slack, Teams
 * and the web page each show exactly that list.
 */

type Viewer = 'requester' | 'routed' | 'claimer' | 'admin' | 'bystander';
const viewers: Viewer[] = ['requester', 'routed', 'claimer', 'admin', 'bystander'];
const statuses: RequestStatus[] = ['open', 'routed', 'claimed', 'answered', 'closed', 'cancelled', 'expired'];
const allActions: RequestAction[] = ['claim', 'answer', 'decline', 'markHelpful', 'close', 'cancel'];

/**
 * What each reader may do, written out by hand from the lifecycle: this is the specification the core's list
 * is held to. The claimer is the routed person who picks the request up once it gets that far; the other
 * routed person stays routed; the admin and the bystander were never asked.
 */
const expected: Record<RequestStatus, Record<Viewer, RequestAction[]>> = {
  open: { requester: ['cancel'], routed: [], claimer: [], admin: ['cancel'], bystander: [] },
  routed: {
    requester: ['cancel'],
    routed: ['claim', 'decline'],
    claimer: ['claim', 'decline'],
    admin: ['claim', 'cancel'],
    bystander: [],
  },
  claimed: { requester: ['cancel'], routed: [], claimer: ['answer', 'decline'], admin: ['cancel'], bystander: [] },
  answered: {
    requester: ['markHelpful', 'close'],
    routed: [],
    claimer: [],
    admin: ['markHelpful', 'close'],
    bystander: [],
  },
  closed: { requester: ['markHelpful'], routed: [], claimer: [], admin: ['markHelpful'], bystander: [] },
  cancelled: { requester: [], routed: [], claimer: [], admin: [], bystander: [] },
  expired: { requester: [], routed: [], claimer: [], admin: [], bystander: [] },
};

const requester = 'rhian@blaenau-gwent.gov.uk';
const adminEmail = 'lowri@torfaen.gov.uk';
const bystanderEmail = 'megan@torfaen.gov.uk';

/** The web page's mapping, loaded from the very file the browser runs. */
const webControls = (() => {
  const source = fs.readFileSync(new URL('../../src/channels/web/static/request-actions.js', import.meta.url), 'utf8');
  const sandbox = {
    window: {} as { Pont?: { requestControls(actions: string[]): { action: string; path: string; body?: unknown }[] } },
  };
  vm.runInNewContext(source, sandbox);
  return sandbox.window.Pont!.requestControls;
})();

const slackAction: Record<string, RequestAction> = {
  [actionIds.claim]: 'claim',
  [actionIds.decline]: 'decline',
  [actionIds.answer]: 'answer',
  [actionIds.markHelpful]: 'markHelpful',
  [actionIds.markNotHelpful]: 'markHelpful',
  [actionIds.close]: 'close',
  [actionIds.cancel]: 'cancel',
};
const teamsAction: Record<string, RequestAction> = {
  [requestVerbs.claim]: 'claim',
  [requestVerbs.decline]: 'decline',
  [requestVerbs.answer]: 'answer',
  [requestVerbs.helpful]: 'markHelpful',
  [requestVerbs.close]: 'close',
  [requestVerbs.cancel]: 'cancel',
};

/** Each distinct action, in the order its first control appears. */
const distinct = (actions: RequestAction[]) => [...new Set(actions)];

function slackButtons(blocks: unknown): string[] {
  const ids: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record.type === 'button' && typeof record.action_id === 'string') ids.push(record.action_id);
      Object.values(record).forEach(walk);
    }
  };
  walk(blocks);
  return ids;
}

function teamsVerbs(card: { actions?: { verb?: string }[] }): string[] {
  return (card.actions ?? []).map((action) => String(action.verb));
}

describe('the actions each reader gets on a request, in the core and in every channel', () => {
  let db: Database & { drop(): Promise<void> };
  let sharing: Sharing;
  let store: ReturnType<typeof createRequestStore>;
  let now = new Date('2026-03-02T10:00:00Z');

  beforeAll(async () => {
    const [pglite] = await storeTargets();
    db = await pglite!.open();
    store = createRequestStore(db);
    sharing = createSharing(
      {
        store,
        people: sampleDirectory(),
        knowledge: createFakeKnowledge(),
        notifier: createRecordingNotifier(),
        logger: silent,
      },
      { clock: () => now },
    );
  });
  afterAll(async () => db?.drop());

  /** A new request brought to `status` the way people would, and who plays each reader on it. */
  async function requestIn(status: RequestStatus): Promise<{ id: string; people: Record<Viewer, Actor> }> {
    now = new Date(now.getTime() + 60_000);
    const opened = await sharing.open({
      text: 'How do you run your waste rota over bank holidays?',
      fromEmail: requester,
    });
    const [claimer, routed] = opened.routedTo;
    expect(routed).toBeDefined();
    const as = (email: string, isAdmin = false): Actor => ({ email, isAdmin, via: 'test' });
    const people: Record<Viewer, Actor> = {
      requester: as(requester),
      routed: as(routed!),
      claimer: as(claimer!),
      admin: as(adminEmail, true),
      bystander: as(bystanderEmail),
    };
    const move = async (to: RequestStatus) => {
      await store.change(opened.id, () => ({ status: to, events: [], notifications: [] }), now);
    };
    if (status === 'open' || status === 'expired') await move(status);
    if (status === 'cancelled') await sharing.cancel(opened.id, people.requester);
    if (['claimed', 'answered', 'closed'].includes(status)) await sharing.claim(opened.id, people.claimer);
    if (status === 'answered' || status === 'closed')
      await sharing.answer(opened.id, 'We plan it four weeks ahead.', people.claimer, { consentToShare: false });
    if (status === 'closed') await sharing.close(opened.id, people.requester);
    expect((await sharing.get(opened.id)).status).toBe(status);
    return { id: opened.id, people };
  }

  /**
   * Takes the action through the core: `accepted` when it did something (a step in the request's history),
   * `refused` with one of the core's refusals, `no change` when it was taken as already done (claiming again).
   */
  async function attempt(
    action: RequestAction,
    id: string,
    actor: Actor,
  ): Promise<'accepted' | 'refused' | 'no change'> {
    const before = (await sharing.events(id)).length;
    try {
      if (action === 'claim') await sharing.claim(id, actor);
      else if (action === 'decline') await sharing.decline(id, actor);
      else if (action === 'answer') await sharing.answer(id, 'Here is how we do it.', actor);
      else if (action === 'markHelpful') await sharing.markHelpful(id, false, actor);
      else if (action === 'close') await sharing.close(id, actor);
      else await sharing.cancel(id, actor);
      return (await sharing.events(id)).length > before ? 'accepted' : 'no change';
    } catch (error) {
      if (isPontError(error) && ['validation', 'forbidden', 'conflict'].includes(error.code)) return 'refused';
      throw error;
    }
  }

  describe.each(statuses)('a request that is %s', (status) => {
    it.each(viewers)(
      'lists for the %s exactly what the core accepts from them, and every channel shows that list',
      async (viewer) => {
        const { id, people } = await requestIn(status);
        const actor = people[viewer];
        const seen = await sharing.get(id, { viewer: actor.email, isAdmin: actor.isAdmin });
        expect(seen.actions).toEqual(expected[status][viewer]);

        // Slack: the request message, as the requester or as someone it was sent to.
        const role = viewer === 'requester' ? 'requester' : 'recipient';
        const slack = renderRequestMessage(seen, { role, email: actor.email!, language: 'en' }, (email) => email);
        expect(distinct(slackButtons(slack.blocks).map((button) => slackAction[button]!))).toEqual(seen.actions);
        // Teams: the request card's Action.Execute verbs.
        const card = requestCard(seen, 'cy', { viewerEmail: actor.email }) as { actions?: { verb?: string }[] };
        expect(distinct(teamsVerbs(card).map((verb) => teamsAction[verb]!))).toEqual(seen.actions);
        // The web page: the controls drawn for the actions the API returns.
        expect(distinct(webControls(seen.actions).map((control) => control.action as RequestAction))).toEqual(
          seen.actions,
        );

        // Nothing listed is refused and nothing else does anything: each listed action on a request of its own.
        for (const action of allActions.filter((candidate) => !seen.actions.includes(candidate))) {
          expect({ action, outcome: await attempt(action, id, actor) }).not.toEqual({ action, outcome: 'accepted' });
        }
        for (const action of seen.actions) {
          const fresh = await requestIn(status);
          expect({ action, outcome: await attempt(action, fresh.id, fresh.people[viewer]) }).toEqual({
            action,
            outcome: 'accepted',
          });
        }
      },
    );
  });

  it('keeps offering a claim to someone who said "not me", as the core still accepts it from them', async () => {
    const { id, people } = await requestIn('routed');
    await sharing.decline(id, people.routed);
    const seen: SharingRequest = await sharing.get(id, { viewer: people.routed.email });
    expect(seen.routedTo).not.toContain(people.routed.email);
    expect(seen.actions).toEqual(['claim']);
    expect(await attempt('claim', id, people.routed)).toBe('accepted');
  });
});
