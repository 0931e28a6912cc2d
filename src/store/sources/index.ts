export { createSourceStore, type NewSource, type SourceStore } from './source-store.ts';
