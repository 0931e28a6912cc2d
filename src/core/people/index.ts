/**
 * People: the staff directory of both councils. Import the HR export, find colleagues by skill, find a
 * manager's counterpart across the border, route topics to people, and let staff manage their own profile.
 */
export * from './types.ts';
export type { AuditEntry, Directory, StoredPerson } from './directory.ts';
export type {
  DirectoryApplyReport,
  DirectoryConflict,
  DirectoryProfile,
  DirectoryProfileChange,
} from './directory-profiles.ts';
export { createPeople, publicPerson, type CreatePeopleOptions } from './people.ts';
export type { DirectoryCache } from './live-index.ts';
export {
  buildTaxonomy,
  parseTaxonomy,
  readTaxonomyDefinitions,
  taxonomyFrom,
  type TaxonomyDefinitions,
  type Taxonomy,
  type TaxonomyFile,
  type ServiceDefinition,
  type SkillDefinition,
} from './taxonomy.ts';
export { parseDirectoryCsv, directoryColumns } from './csv-import.ts';
export { decodeCsv, csvEncodingNames, type CsvEncoding } from './csv-encoding.ts';
export { normaliseCouncil, councilMentioned, councilName, councilIds, otherCouncils } from './council.ts';
export { inferLevel, levelRank, levelName, levels, type Level } from './levels.ts';
