/** The people area's store: the staff directory and its audit trail, on PGlite or PostgreSQL. */
export { createDirectoryStore } from './directory-store.ts';
