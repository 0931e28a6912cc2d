import { createCounterparts } from './counterparts.ts';
import { createDirectoryImport } from './directory-import.ts';
import type { Directory } from './directory.ts';
import { createFindPeople } from './find-people.ts';
import { createLiveIndex, type DirectoryCache } from './live-index.ts';
import type { PeopleLanguage } from './messages.ts';
import type { PeopleContext } from './people-context.ts';
import { createRecordReader } from './person-records.ts';
import { createProfileListeners } from './profile-listeners.ts';
import { createProfiles } from './profiles.ts';
import type { Taxonomy } from './taxonomy.ts';
import type { People } from './types.ts';

export { publicPerson } from './person-records.ts';

export interface CreatePeopleOptions {
  directory: Directory;
  taxonomy: Taxonomy;
  /** The visible profiles kept between processes, so a command need not read the directory when it is unchanged. */
  directoryCache?: DirectoryCache;
}

/**
 * The people capability: import the HR directory, find colleagues by skill and counterparts by role, route
 * topics to people, and let each person see, edit, hide or erase their own profile. Hidden profiles never leave
 * it except to the person themselves.
 *
 * Each part lives in its own file: records and the live skill index (`person-records.ts`, `live-index.ts`),
 * filling the directory (`directory-import.ts`), finding people (`find-people.ts`, `counterparts.ts`) and a
 * person's own profile (`profiles.ts`). This function joins them.
 */
export function createPeople({ directory, taxonomy, directoryCache }: CreatePeopleOptions): People {
  const toRecord = createRecordReader(taxonomy);
  const context: PeopleContext = {
    directory,
    taxonomy,
    toRecord,
    index: createLiveIndex(directory, taxonomy, toRecord, directoryCache),
    listeners: createProfileListeners(),
    serviceName: (id: string, language: PeopleLanguage) => taxonomy.service(id)?.name[language] ?? id,
  };
  const profiles = createProfiles(context);
  return {
    ...createDirectoryImport(context, profiles.eraseProfile),
    ...createFindPeople(context),
    counterparts: createCounterparts(context),
    ...profiles,
  };
}
