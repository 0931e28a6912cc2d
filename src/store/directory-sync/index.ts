export { createSyncStateStore } from './sync-state-store.ts';
export {
  createScheduleStore,
  type ScheduleStore,
  type ScheduledJob,
  type LastDirectorySync,
} from './schedule-store.ts';
