/** Sharing requests, routes, events, follow-ups and notifications in PostgreSQL (PGlite or a server). */
export { createRequestStore } from './request-store.ts';
