import iconv from 'iconv-lite';

/** The text encodings a staff directory export is read in: what Excel and HR systems write. */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** How each encoding is named to the person importing. */
export const csvEncodingNames: Record<CsvEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252',
};

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((byte, index) => bytes[index] === byte);

/** Control bytes no text export carries (tab, line feed and carriage return apart): a sign of a binary file. */
function hasControlBytes(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return true;
  return false;
}

/**
 * Decodes a staff directory export and says which encoding it was in. A byte-order mark decides (UTF-8, UTF-16
 * little- or big-endian: Excel's "Unicode text"); without one, valid UTF-8 is UTF-8, and anything else is read as
 * Windows-1252 (Excel's "CSV" on a Windows PC in the UK). A file with control bytes is not text: it is decoded as
 * UTF-8 so the CSV reader refuses it as binary.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  // NOTE: iconv-lite, not TextDecoder: Node 20's TextDecoder('windows-1252') reads 0x80–0x9F as Latin-1 control
  // characters, so O’Brien (0x92) would lose its apostrophe. The decoders drop a byte-order mark themselves.
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { text: iconv.decode(buffer, 'utf-8'), encoding: 'utf-8' };
  if (startsWith(bytes, [0xff, 0xfe])) return { text: iconv.decode(buffer, 'utf-16le'), encoding: 'utf-16le' };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: iconv.decode(buffer, 'utf-16be'), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    if (hasControlBytes(bytes)) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
    return { text: iconv.decode(buffer, 'windows-1252'), encoding: 'windows-1252' };
  }
}
