/** Microsoft Graph: the council directories in Entra ID, read with app-only credentials. */
export { createGraphDirectoryReader, readUser, userFields, type GraphDirectoryReaderOptions } from './graph-directory-reader.ts';
