import type { SharingContext } from './context.ts';
import type { RequestChanges } from './request-changes.ts';
import { normaliseEmail } from './request-text.ts';
import type { Sharing, ViewOptions } from './types.ts';
import { eventFor, standingOf, viewFor } from './visibility.ts';

/** Reading requests and their history, each as the reader may see it. */
export type Reading = Pick<Sharing, 'get' | 'list' | 'events'>;

export function createReading({ store, visibility }: SharingContext, { load }: RequestChanges): Reading {
  return {
    async get(id, getOptions = {}) {
      return viewFor(await load(id), getOptions, visibility());
    },

    async list(listOptions = {}) {
      const involving = listOptions.involving ? normaliseEmail(listOptions.involving) : undefined;
      const viewer = listOptions.viewer ? normaliseEmail(listOptions.viewer) : null;
      const reader: ViewOptions = {
        ...(listOptions.viewer !== undefined ? { viewer } : {}),
        isAdmin: listOptions.isAdmin,
        audience: listOptions.audience,
      };
      const requests = await store.list({ status: listOptions.status, involving });
      const isVisible = visibility();
      const views = await Promise.all(requests.map((request) => viewFor(request, reader, isVisible)));
      if (!involving || involving === viewer) return views;
      // NOTE: listing what a hidden person was involved in would show their involvement; only what still names them
      // after hiding, as the reader may see it, is listed.
      return views.filter(
        (request) =>
          request.requesterEmail === involving ||
          request.routedTo.includes(involving) ||
          request.claimedBy === involving ||
          request.answeredBy === involving,
      );
    },

    async events(id, eventOptions = {}) {
      const request = await load(id);
      if (standingOf(request, eventOptions) === 'public') return [];
      const viewer = eventOptions.viewer ? normaliseEmail(eventOptions.viewer) : null;
      const isVisible = visibility();
      return Promise.all((await store.events(request.id)).map((event) => eventFor(event, viewer, isVisible)));
    },
  };
}
