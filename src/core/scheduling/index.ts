/**
 * Scheduling: the one polling loop (a pass, a wait, another pass) that the sharing follow-ups, the directory sync and
 * the source syncs run on. Pure: what is due, and who holds it, is the caller's (the database's) business.
 */
export { startPollingLoop, type PollingLoop, type PollingLoopOptions } from './polling-loop.ts';
