/** Scheduled jobs: when each is next due and which replica holds its lease (`scheduled_jobs`). */
export { jobLeases } from './job-leases.ts';
