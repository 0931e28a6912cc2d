/** Microsoft Graph: the council directories in Entra ID, read with app-only credentials. */
export {
  createGraphDirectoryReader,
  readUser,
  userFields,
  type GraphDirectoryReaderOptions,
} from './graph-directory-reader.ts';
export {
  createGraphDriveReader,
  DeltaExpired,
  driveItemFields,
  type DriveItem,
  type GraphDriveReader,
  type GraphDriveReaderOptions,
} from './graph-drive-reader.ts';
