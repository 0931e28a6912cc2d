/** The people area's store: the staff directory and its audit trail, on PGlite or PostgreSQL, and the service taxonomy's files. */
export { createDirectoryStore } from './directory-store.ts';
export { defaultTaxonomyDir, forgetLoadedTaxonomies, loadTaxonomy } from './taxonomy-files.ts';
export { createDirectoryCache } from './directory-cache.ts';
