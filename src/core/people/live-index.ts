import type { Directory, StoredPerson } from './directory.ts';
import { SkillIndex } from './skill-index.ts';
import type { Taxonomy } from './taxonomy.ts';
import type { PersonRecord } from './types.ts';

/** The skill index of everyone visible, kept in this process and following the directory in the database. */
export interface LiveIndex {
  /** The index as the directory now stands, rebuilt when any replica changed it. */
  current(): Promise<SkillIndex>;
  /** Called after a write here: the next call reads the directory's version afresh. */
  wrote(): void;
}

export function createLiveIndex(
  directory: Directory,
  taxonomy: Taxonomy,
  toRecord: (stored: StoredPerson) => PersonRecord,
): LiveIndex {
  let cached: { version: number; index: SkillIndex } | undefined;
  let building: { version: number; promise: Promise<SkillIndex> } | undefined;

  // NOTE: the index lives in this process but follows the database: one cheap version read per call, and a
  // rebuild when any replica changed the directory.
  let versionRead: Promise<number> | undefined;

  return {
    wrote() {
      // NOTE: after a write here, the next call reads the version afresh instead of sharing a read begun before it.
      versionRead = undefined;
    },

    async current() {
      // NOTE: calls arriving while a version read is on its way share it, so a busy process asks once, not per call.
      versionRead ??= directory.version().finally(() => {
        versionRead = undefined;
      });
      const version = await versionRead;
      if (cached && cached.version === version) return cached.index;
      if (building && building.version === version) return building.promise;
      const promise = (async () => {
        const rows = await directory.listVisible();
        const index = new SkillIndex(
          rows.map(toRecord).filter((record) => record.visible),
          taxonomy,
        );
        if (!cached || cached.version <= version) cached = { version, index };
        return index;
      })();
      building = { version, promise };
      try {
        return await promise;
      } finally {
        if (building?.promise === promise) building = undefined;
      }
    },
  };
}
