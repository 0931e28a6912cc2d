import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFolder, type OpenFolder } from '../support/cli.ts';

// NOTE: each test runs several whole `pont` commands, each opening the embedded database.
const cliTimeout = 300_000;

// Hostile files given to `pont ingest` in one batch with an ordinary one: each is skipped with its reason and the
// rest of the batch is indexed.
let dataDir: string;
let folder: string;
let pontFolder: OpenFolder;
const environment = { LOG_LEVEL: 'silent' };
const pont = (...argv: string[]) => pontFolder.run(argv, environment);

interface ZipPart {
  name: string;
  data: Buffer;
  /** The uncompressed size the archive claims; the true size when absent. */
  declaredSize?: number;
}

/** A zip archive written byte by byte, so a test can make it claim sizes it does not have. */
function zip(parts: ZipPart[]): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const compressed = deflateRawSync(part.data, { level: 9 });
    const size = part.declaredSize ?? part.data.length;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(crc32(part.data), 14);
    header.writeUInt32LE(compressed.length, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(name.length, 26);
    local.push(header, name, compressed);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc32(part.data), 16);
    entry.writeUInt32LE(compressed.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += header.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, directory, end]);
}

const contentTypes = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
);
const relationships = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
);

/** A Word document whose body is one short paragraph followed by `padding` bytes of spaces. */
function wordDocument(text: string, padding: number, declaredSize?: number): Buffer {
  const document = Buffer.concat([
    Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p>`,
    ),
    Buffer.alloc(padding, 0x20),
    Buffer.from('</w:body></w:document>'),
  ]);
  return zip([
    { name: '[Content_Types].xml', data: contentTypes },
    { name: '_rels/.rels', data: relationships },
    { name: 'word/document.xml', data: document, ...(declaredSize !== undefined ? { declaredSize } : {}) },
  ]);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-security-ingest-'));
  pontFolder = await openFolder(dataDir);
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-security-files-'));
});
afterAll(async () => {
  await pontFolder?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('pont ingest given hostile files', () => {
  it(
    'skips Word documents that inflate far beyond their size, saying why, and indexes the rest of the batch',
    async () => {
      const inflating = path.join(folder, 'inflating.docx');
      const understating = path.join(folder, 'understating.docx');
      const ordinary = path.join(folder, 'ordinary.md');
      // About 60 KB on disk, 60 MB of markup once inflated.
      fs.writeFileSync(inflating, wordDocument('Winter gritting rota.', 60 * 1024 * 1024));
      expect(fs.statSync(inflating).size).toBeLessThan(1024 * 1024);
      // Claims 2 KB of markup, holds 30 MB.
      fs.writeFileSync(understating, wordDocument('Winter gritting rota.', 30 * 1024 * 1024, 2048));
      fs.writeFileSync(
        ordinary,
        '# Bulky waste\n\nBulky waste collections are booked online and collected within ten working days.\n',
      );

      const run = await pont('ingest', inflating, understating, ordinary, '--json');
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout) as { documents: number; skipped: { source: string; reason: string }[] };
      expect(report.documents).toBe(1);
      expect(report.skipped).toEqual([
        { source: inflating, reason: 'Word document expands to 60.0 MB of text and markup; the limit is 40.0 MB' },
        { source: understating, reason: 'Word document part word/document.xml expands beyond the 2 KB it declares' },
      ]);
      const searched = await pont('search', 'bulky waste collections', '--json');
      expect(JSON.parse(searched.stdout).results[0].source).toBe(ordinary);
    },
    cliTimeout,
  );

  it(
    'reads a page of 60,000 unclosed tags, and skips a page longer than the limit, saying why',
    async () => {
      const unclosed = path.join(folder, 'unclosed.html');
      const huge = path.join(folder, 'huge.html');
      fs.writeFileSync(
        unclosed,
        `<html><body><p>Street lights are repaired within five working days.</p>${'<div><span>'.repeat(30_000)}</body></html>`,
      );
      fs.writeFileSync(huge, `<html><body><p>${'word '.repeat(1_100_000)}</p></body></html>`);

      const run = await pont('ingest', unclosed, huge, '--json');
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout) as { documents: number; skipped: { source: string; reason: string }[] };
      expect(report.documents).toBe(1);
      expect(report.skipped).toEqual([{ source: huge, reason: 'HTML longer than 5,000,000 characters (5,500,033)' }]);
      const searched = await pont('search', 'street lights repaired', '--json');
      expect(JSON.parse(searched.stdout).results[0].source).toBe(unclosed);
    },
    cliTimeout,
  );
});
