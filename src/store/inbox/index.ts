/** The inbox's store: platform deliveries recorded before their acknowledgement, taken by workers on any replica. */
export { createInboxStore } from './inbox-store.ts';
