import type { ProfileChange, ProfileListener } from './types.ts';

/** Who hears that a profile changed in a way that changes what others see of it. */
export interface ProfileListeners {
  /** Tells every listener, one change after another, once the changes are saved. */
  announce(changes: ProfileChange[]): Promise<void>;
  /** Adds a listener; returns the function that removes it. */
  add(listener: ProfileListener): () => void;
}

export function createProfileListeners(): ProfileListeners {
  const listeners = new Set<ProfileListener>();
  return {
    async announce(changes) {
      for (const change of changes) for (const listener of [...listeners]) await listener(change);
    },
    add(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
