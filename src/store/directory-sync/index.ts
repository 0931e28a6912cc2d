export { createSyncStateStore } from './sync-state-store.ts';
