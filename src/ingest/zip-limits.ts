import { inflateRawSync } from 'node:zlib';
import { SkipSource } from './skip.ts';

/** What a Word document may expand to before Pont reads it. */
export interface ZipLimits {
  /** Most entries in the archive. */
  maxEntries: number;
  /** Most bytes the entries Pont reads (all but `ignored`) may hold once decompressed, together. */
  maxUncompressedBytes: number;
  /** Entries never read (a Word document's pictures), so not counted. */
  ignored?: (name: string) => boolean;
}

const endOfDirectorySignature = 0x06054b50;
const directorySignature = 0x02014b50;
const localHeaderSignature = 0x04034b50;

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** The entries listed in a zip archive's central directory. */
function centralDirectory(bytes: Buffer): Entry[] {
  // The end-of-directory record sits in the last 22 bytes plus an optional comment of up to 65,535 bytes.
  let end = -1;
  for (let offset = bytes.length - 22; offset >= Math.max(0, bytes.length - 22 - 65_535); offset -= 1) {
    if (bytes.readUInt32LE(offset) === endOfDirectorySignature) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw new SkipSource('corrupt or unreadable Word document (not a zip archive)');
  const count = bytes.readUInt16LE(end + 10);
  const size = bytes.readUInt32LE(end + 12);
  const start = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || size === 0xffffffff || start === 0xffffffff)
    throw new SkipSource('Word document uses ZIP64, which Pont does not read');
  if (start + size > end) throw new SkipSource('corrupt or unreadable Word document (bad zip directory)');
  const entries: Entry[] = [];
  let offset = start;
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > end || bytes.readUInt32LE(offset) !== directorySignature)
      throw new SkipSource('corrupt or unreadable Word document (bad zip directory)');
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    entries.push({
      name: bytes.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: bytes.readUInt16LE(offset + 10),
      compressedSize: bytes.readUInt32LE(offset + 20),
      uncompressedSize: bytes.readUInt32LE(offset + 24),
      localHeaderOffset: bytes.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Refuses, with a SkipSource saying why, a zip archive (a .docx) that would expand beyond `limits`: the sizes
 * its central directory declares are checked before anything is inflated, then each counted entry is inflated
 * once with its output capped at the size it declared, so an archive that understates a size is refused too
 * rather than filling memory.
 */
export function checkZipLimits(bytes: Uint8Array, limits: ZipLimits): void {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = centralDirectory(buffer);
  if (entries.length > limits.maxEntries)
    throw new SkipSource(
      `Word document has ${entries.length.toLocaleString('en-GB')} parts; the limit is ${limits.maxEntries.toLocaleString('en-GB')}`,
    );
  const counted = entries.filter((entry) => !entry.name.endsWith('/') && !limits.ignored?.(entry.name));
  const declared = counted.reduce((total, entry) => total + entry.uncompressedSize, 0);
  if (declared > limits.maxUncompressedBytes) {
    throw new SkipSource(
      `Word document expands to ${megabytes(declared)} of text and markup; the limit is ${megabytes(limits.maxUncompressedBytes)}`,
    );
  }
  for (const entry of counted) {
    const header = entry.localHeaderOffset;
    if (header + 30 > buffer.length || buffer.readUInt32LE(header) !== localHeaderSignature)
      throw new SkipSource('corrupt or unreadable Word document (bad zip entry)');
    const dataStart = header + 30 + buffer.readUInt16LE(header + 26) + buffer.readUInt16LE(header + 28);
    const data = buffer.subarray(dataStart, dataStart + entry.compressedSize);
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.uncompressedSize)
        throw new SkipSource('corrupt or unreadable Word document (bad zip entry size)');
      continue;
    }
    if (entry.method !== 8)
      throw new SkipSource(`Word document part ${entry.name} uses a compression Pont does not read`);
    let inflated: Buffer;
    try {
      inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new SkipSource(
          `Word document part ${entry.name} expands beyond the ${megabytes(entry.uncompressedSize)} it declares`,
        );
      }
      throw new SkipSource(`corrupt or unreadable Word document (${(error as Error).message})`);
    }
    if (inflated.length !== entry.uncompressedSize)
      throw new SkipSource(
        `Word document part ${entry.name} expands beyond the ${megabytes(entry.uncompressedSize)} it declares`,
      );
  }
}
