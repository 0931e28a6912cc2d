/**
 * The directory from an organisation directory (Microsoft Entra ID): reads each council's accounts page by page
 * through a `DirectoryReader` and applies them to the staff directory, resuming from where it stopped.
 */
export * from './types.ts';
export { createDirectorySync, type DirectorySync, type DirectorySyncOptions } from './sync-directory.ts';
export { startDirectorySyncSchedule } from './schedule.ts';
