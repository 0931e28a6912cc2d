import type { Directory, StoredPerson } from './directory.ts';
import { SkillIndex } from './skill-index.ts';
import type { Taxonomy } from './taxonomy.ts';
import type { PersonRecord } from './types.ts';

/** The skill index of everyone visible, kept in this process and following the directory in the database. */
export interface LiveIndex {
  /** The index as the directory now stands, rebuilt when any replica changed it. */
  current(): Promise<SkillIndex>;
  /** Called after a write here: the next call reads the directory's version afresh, and the kept copy is dropped. */
  wrote(): void;
}

/**
 * The visible profiles kept between processes (in the data folder), used only at the directory version they were
 * read at, so a command that finds nothing changed need not read the directory.
 */
export interface DirectoryCache {
  load(version: string): StoredPerson[] | undefined;
  save(version: string, people: StoredPerson[]): void;
  /** Drops the kept copy: the directory was written here, and what it held may have been erased. */
  forget(): void;
}

export function createLiveIndex(
  directory: Directory,
  taxonomy: Taxonomy,
  toRecord: (stored: StoredPerson) => PersonRecord,
  cache?: DirectoryCache,
): LiveIndex {
  let cached: { version: string; index: SkillIndex; read: number } | undefined;
  let building: { version: string; promise: Promise<SkillIndex> } | undefined;
  /** How many version reads have begun: an index built from an older read never replaces one from a newer read. */
  let reads = 0;

  // NOTE: the index lives in this process but follows the database: one cheap version read per call, and a
  // rebuild when any replica changed the directory.
  let versionRead: Promise<{ version: string; read: number }> | undefined;

  return {
    wrote() {
      // NOTE: after a write here, the next call reads the version afresh instead of sharing a read begun before it.
      versionRead = undefined;
      cache?.forget();
    },

    async current() {
      // NOTE: calls arriving while a version read is on its way share it, so a busy process asks once, not per call.
      const read = ++reads;
      versionRead ??= directory
        .version()
        .then((version) => ({ version, read }))
        .finally(() => {
          versionRead = undefined;
        });
      const { version, read: readAt } = await versionRead;
      if (cached && cached.version === version) return cached.index;
      if (building && building.version === version) return building.promise;
      const promise = (async () => {
        const kept = cache?.load(version);
        const rows = kept ?? (await directory.listVisible());
        const index = new SkillIndex(
          rows.map(toRecord).filter((record) => record.visible),
          taxonomy,
        );
        if (!kept) cache?.save(version, rows);
        if (!cached || cached.read <= readAt) cached = { version, index, read: readAt };
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
