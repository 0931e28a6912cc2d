import type { Directory, StoredPerson } from './directory.ts';
import type { LiveIndex } from './live-index.ts';
import type { PeopleLanguage } from './messages.ts';
import type { ProfileListeners } from './profile-listeners.ts';
import type { Taxonomy } from './taxonomy.ts';
import type { PersonRecord } from './types.ts';

/** What every part of the people capability shares. */
export interface PeopleContext {
  directory: Directory;
  taxonomy: Taxonomy;
  /** A stored profile as a record, with its services and level. */
  toRecord(stored: StoredPerson): PersonRecord;
  index: LiveIndex;
  listeners: ProfileListeners;
  /** A service's name in `language`, or its id when the taxonomy has no such service. */
  serviceName(id: string, language: PeopleLanguage): string;
}
