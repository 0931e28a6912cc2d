import type { DirectoryCache, StoredPerson } from '../../core/people/index.ts';
import { codeFingerprint, type DataCache } from '../data-cache.ts';

const file = 'directory.v8';

/**
 * The visible profiles kept in the data folder at the directory's version (a counter and a random stamp that every
 * write, by any process or replica, replaces), so `pont skills` and the other people commands need not start the
 * database when nothing changed. A write in this process removes the file at once, so a profile erased here is not
 * left in it; a copy found out of date is replaced by the next process that reads the directory.
 */
export function createDirectoryCache(files: DataCache): DirectoryCache {
  const key = (version: string) => `${codeFingerprint(['core/people', 'store/people'])}:${version}`;
  return {
    load: (version) => files.read<StoredPerson[]>(file, key(version)),
    save: (version, people) => files.write(file, key(version), people),
    forget: () => files.remove(file),
  };
}
