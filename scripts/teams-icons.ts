/**
 * Draws the Teams app icons into manifest/teams/: color.png (192×192, a white bridge on the accent colour)
 * and outline.png (32×32, a white bridge on transparency, as Teams requires). PNG is written by hand with
 * zlib so the icons can be regenerated with no image tools and no network: `npx tsx scripts/teams-icons.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

type Pixel = [number, number, number, number];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGBA PNG of `size`×`size` pixels coloured by `paint`. */
export function encodePng(size: number, paint: (x: number, y: number) => Pixel): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // colour type: RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    const row = y * (size * 4 + 1);
    rows[row] = 0; // filter: none
    for (let x = 0; x < size; x += 1) Buffer.from(paint(x, y)).copy(rows, row + 1 + x * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Whether a point (0..1 square) is on the bridge: an arch, its deck and two piers. */
function onBridge(u: number, v: number, weight: number): boolean {
  const deck = v > 0.56 && v < 0.56 + weight && u > 0.12 && u < 0.88;
  const dx = (u - 0.5) / 0.3;
  const dy = (v - 0.62) / 0.34;
  const radius = Math.sqrt(dx * dx + dy * dy);
  const arch = v < 0.62 && radius > 1 - weight * 2.6 && radius < 1;
  const piers = v >= 0.56 && v < 0.8 && (Math.abs(u - 0.2) < weight / 1.5 || Math.abs(u - 0.8) < weight / 1.5);
  return deck || arch || piers;
}

const white: Pixel = [255, 255, 255, 255];
const clear: Pixel = [0, 0, 0, 0];
const accent: Pixel = [0x0b, 0x6e, 0x4f, 255];

const out = path.resolve('manifest/teams');
fs.writeFileSync(
  path.join(out, 'color.png'),
  encodePng(192, (x, y) => (onBridge((x + 0.5) / 192, (y + 0.5) / 192, 0.07) ? white : accent)),
);
fs.writeFileSync(
  path.join(out, 'outline.png'),
  encodePng(32, (x, y) => (onBridge((x + 0.5) / 32, (y + 0.5) / 32, 0.09) ? white : clear)),
);
process.stdout.write(`wrote ${path.join(out, 'color.png')} and ${path.join(out, 'outline.png')}\n`);
