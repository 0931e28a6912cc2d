import type { SharingContext } from './context.ts';
import type { Sharing } from './types.ts';

/**
 * The figures of connections made between the councils. People whose profile is hidden are counted but never named:
 * the store is told who they are so it can leave their names out.
 */
export function createFigures({ store, visibility }: SharingContext): Sharing['figures'] {
  return async (figureOptions = {}) => {
    const since = figureOptions.since;
    const involved = await store.connectionPeople({ since });
    const isVisible = visibility();
    const visible = await Promise.all(involved.map(isVisible));
    return store.figures({ since, hiddenEmails: involved.filter((_, index) => !visible[index]) });
  };
}
