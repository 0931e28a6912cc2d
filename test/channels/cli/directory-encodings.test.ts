import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFolder, runPont, type OpenFolder } from '../../support/cli.ts';

let dataDir: string;
let folder: OpenFolder;
const environment = { LOG_LEVEL: 'silent' };
const slow = { timeout: 300_000 };
// NOTE: the imports share one open database (openFolder); the damaged folder is opened by each command, as a user's is.
const pont = (...argv: string[]) => folder.run(argv, environment);

const header = 'email,name,council,job_title,service_area,skills,welsh_level';
const rows = [
  'sian.ap.huw@torfaen.gov.uk,Siân ap Huw,Torfaen,GIS Officer,Planning,GIS; Mapping,4',
  'llyr.gruffydd@blaenau-gwent.gov.uk,Llŷr Gruffydd,Blaenau Gwent,Flood Risk Engineer,Highways,Flood risk management,5',
  'niamh.obrien@torfaen.gov.uk,Niamh O’Brien,Torfaen,Procurement Manager,Procurement,Procurement,1',
];

/** Windows-1252 as Excel writes it on a UK PC: Latin-1 for most letters, 0x92 for the curly apostrophe. */
function windows1252(text: string): Buffer {
  const special: Record<string, number> = { '’': 0x92, '€': 0x80 };
  return Buffer.from(
    [...text].map((character) => {
      const byte = special[character] ?? character.charCodeAt(0);
      if (byte > 0xff) throw new Error(`${character} has no Windows-1252 byte`);
      return byte;
    }),
  );
}

const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);

function file(name: string, bytes: Buffer): string {
  const full = path.join(dataDir, name);
  fs.writeFileSync(full, bytes);
  return full;
}

async function nameOf(email: string): Promise<string> {
  const shown = await pont('people', 'show', email, '--json');
  expect(shown.status).toBe(0);
  return (JSON.parse(shown.stdout) as { person: { name: string } }).person.name;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-cli-encodings-'));
  folder = await openFolder(dataDir);
});
afterAll(async () => {
  await folder?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('pont people import of an Excel export', slow, () => {
  it('reads a Windows-1252 file, says so, and keeps Welsh and Irish names as they are written', async () => {
    // NOTE: ŷ has no Windows-1252 byte, so that file holds the two other people.
    const csv = file('excel.csv', windows1252([header, rows[0], rows[2]].join('\r\n')));
    const imported = await pont('people', 'import', csv);
    expect(imported.status).toBe(0);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toBe(`Read ${csv} as Windows-1252.\nImported 2 new, updated 0, 0 unchanged, rejected 0.\n`);
    expect(await nameOf('sian.ap.huw@torfaen.gov.uk')).toBe('Siân ap Huw');
    expect(await nameOf('niamh.obrien@torfaen.gov.uk')).toBe('Niamh O’Brien');
  });

  it('reads UTF-16 little-endian with a byte-order mark (Excel\'s "Unicode text") and reports the encoding under --json', async () => {
    const imported = await pont(
      'people',
      'import',
      file('unicode.csv', utf16le([header, ...rows].join('\r\n'))),
      '--json',
    );
    expect(imported.status).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      imported: 1,
      updated: 0,
      unchanged: 2,
      rejected: [],
      encoding: 'utf-16le',
    });
    expect(await nameOf('llyr.gruffydd@blaenau-gwent.gov.uk')).toBe('Llŷr Gruffydd');
  });

  it('reads UTF-16 big-endian with a byte-order mark, finding nothing changed', async () => {
    const imported = await pont(
      'people',
      'import',
      file('unicode-be.csv', utf16be([header, ...rows].join('\n'))),
      '--json',
    );
    expect(imported.status).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 0, updated: 0, unchanged: 3, encoding: 'utf-16be' });
  });

  it('reads UTF-8 as UTF-8, a byte-order mark or not', async () => {
    const plain = await pont('people', 'import', file('plain.csv', Buffer.from([header, ...rows].join('\n'), 'utf8')));
    expect(plain.stdout).toMatch(
      /^Read .*plain\.csv as UTF-8\.\nImported 0 new, updated 0, 3 unchanged, rejected 0\.\n$/,
    );
    const marked = await pont(
      'people',
      'import',
      file('marked.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([header, ...rows].join('\n'))])),
      '--json',
    );
    expect(JSON.parse(marked.stdout)).toMatchObject({ unchanged: 3, encoding: 'utf-8' });
  });

  it('still refuses a binary file in one line', async () => {
    const binary = await pont(
      'people',
      'import',
      file('sheet.xlsx.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0xe9, 0xff])),
    );
    expect(binary.status).toBe(1);
    expect(binary.stdout).toBe('');
    expect(binary.stderr).toMatch(/^pont people: .*sheet\.xlsx\.csv is not a CSV file \(it looks binary\)[^\n]*\n$/);
  });

  it('names a missing file in one line', async () => {
    const missing = path.join(dataDir, 'nowhere.csv');
    expect(await pont('people', 'import', missing)).toEqual({
      status: 1,
      stdout: '',
      stderr: `pont people: cannot read ${missing} (no such file): give the path of a CSV staff directory\n`,
    });
  });
});

describe('a damaged data folder', slow, () => {
  it('is named in one line that says to restore it or move it aside', async () => {
    await folder.close();
    expect((await runPont(dataDir, ['requests', '--json'], environment)).status).toBe(0);
    fs.writeFileSync(path.join(dataDir, 'pglite', 'global', 'pg_control'), Buffer.alloc(8192, 0x5a));
    const { status, stdout, stderr } = await runPont(dataDir, ['skills', 'GIS'], environment);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /^pont skills: PONT_DATA_DIR \(.*\) holds a database that cannot be opened \(.*\)\. Restore it from a backup, or move the folder aside to start afresh/,
    );
  });
});
