import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFolder, type OpenFolder } from '../../support/cli.ts';
import { directoryCsv } from '../../core/people/directory-fixture.ts';

interface Run {
  status: number;
  stdout: string;
  stderr: string;
  json: () => Record<string, unknown>;
}

let dataDir: string;
// NOTE: the folder's database is opened once for the file; each command still runs through the CLI's entry point.
let folder: OpenFolder | undefined;

async function pont(...argv: string[]): Promise<Run> {
  folder ??= await openFolder(dataDir);
  const { status, stdout, stderr } = await folder.run([...argv, '--json'], { LOG_LEVEL: 'silent' });
  return { status, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> };
}

function file(name: string, content: string | Buffer): string {
  const full = path.join(dataDir, name);
  fs.writeFileSync(full, content);
  return full;
}

const emails = (people: unknown) => (people as { email: string }[]).map((person) => person.email);

describe('pont people, skills and counterpart', () => {
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-people-cli-'));
    const withExtras = directoryCsv
      .split('\n')
      .map((line, index) => `${line},${index === 0 ? 'Shoe_Size' : '9'}`)
      .concat(['nobody-at-all,Nameless,Torfaen,,,,,,,,,true,9', 'x@torfaen.gov.uk,X,Newport,,,,,,,,,true,9'])
      .join('\n');
    const first = await pont('people', 'import', file('staff.csv', withExtras));
    expect(first.status).toBe(0);
    expect(first.json()).toMatchObject({
      imported: 15,
      updated: 0,
      rejected: [
        { line: 17, reason: 'email is not a valid email address' },
        { line: 18, reason: 'council "Newport" is neither Blaenau Gwent nor Torfaen' },
      ],
    });
    expect(first.stderr).toBe('pont people import: warning: ignored the unknown column "Shoe_Size"\n');
  });

  afterAll(async () => {
    await folder?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('changes nothing when the same export is imported twice', async () => {
    const again = await pont('people', 'import', path.join(dataDir, 'staff.csv'));
    expect(again.json()).toMatchObject({ imported: 0, updated: 0, unchanged: 15 });
  });

  it('refuses a file that is not a staff directory CSV in one line and imports nothing', async () => {
    const binary = await pont(
      'people',
      'import',
      file('photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a])),
    );
    expect(binary.status).toBe(1);
    // NOTE: every run here passes --json, so the error is JSON too.
    expect(JSON.parse(binary.stderr)).toEqual({
      error: { code: 'validation', message: expect.stringMatching(/photo\.png is not a CSV file \(it looks binary\)/) },
    });
    expect(binary.stderr.trim().split('\n')).toHaveLength(1);
    const noColumns = await pont('people', 'import', file('teams.csv', 'team,lead\nWaste,Gareth\n'));
    expect(noColumns.status).toBe(1);
    expect(noColumns.stderr).toMatch(/teams\.csv is not a staff directory CSV: it has no email, name, council columns/);
    expect(noColumns.stdout).toBe('');
  });

  it('finds people by skill, synonym, typo and Welsh term, and filters by council', async () => {
    const welsh = await pont('skills', 'caffael');
    expect(welsh.status).toBe(0);
    const found = welsh.json().people as {
      email: string;
      score: number;
      reasons: string[];
      council: string;
      welshLevel: number;
    }[];
    expect(found[0]).toMatchObject({
      email: 'carys.morgan@blaenau-gwent.gov.uk',
      name: 'Carys Morgan',
      council: 'blaenau-gwent',
      jobTitle: 'Rheolwr Caffael',
      serviceArea: 'Caffael',
      skills: ['Caffael', 'Rheoli contractau'],
      welshLevel: 5,
      score: 100,
    });
    expect(found.find((person) => person.email === 'nia.roberts@torfaen.gov.uk')!.reasons).toEqual([
      'skill "Procurement" is related to "caffael"',
    ]);

    const typo = await pont('skills', 'tender', 'evaluaton', '--council', 'TCBC');
    expect(emails(typo.json().people)).toEqual(['nia.roberts@torfaen.gov.uk']);

    const flooding = await pont('skills', 'flooding', '--council', 'Blaenau Gwent');
    expect(emails(flooding.json().people)).toEqual(['craig.walters@blaenau-gwent.gov.uk']);
  });

  it('never shows a hidden profile', async () => {
    const gis = await pont('skills', 'GIS');
    expect(emails(gis.json().people).sort()).toEqual([
      'aled.jenkins@torfaen.gov.uk',
      'leanne.smith@blaenau-gwent.gov.uk',
    ]);
    expect(gis.stdout).not.toMatch(/kerry/i);
  });

  it('answers a one-letter or a 500-character search with a clear message and no directory', async () => {
    const short = await pont('skills', 'a');
    expect(short.status).toBe(1);
    expect(short.stdout).toBe('');
    expect(JSON.parse(short.stderr).error.message).toMatch(/^Search for at least two letters/);
    const long = await pont('skills', 'procurement '.repeat(42));
    expect(long.status).toBe(1);
    expect(long.stdout).toBe('');
    expect(JSON.parse(long.stderr).error.message).toMatch(/^That search is 500 characters or more/);
  });

  it('finds counterparts for a person and for a described role', async () => {
    const forPerson = await pont('counterpart', 'gareth.lewis@torfaen.gov.uk');
    expect(forPerson.status).toBe(0);
    const counterparts = forPerson.json().counterparts as { email: string; reasons: string[] }[];
    expect(emails(counterparts)).toEqual(['matthew.jones@blaenau-gwent.gov.uk', 'karen.phillips@blaenau-gwent.gov.uk']);
    expect(counterparts[0]!.reasons).toEqual(['works in Waste and recycling', 'same level: head of service']);
    expect(forPerson.json().note).toBeUndefined();

    const forRole = await pont('counterpart', 'waste manager in Torfaen');
    expect(emails(forRole.json().counterparts)[0]).toBe('karen.phillips@blaenau-gwent.gov.uk');
  });

  it('says plainly when there is no counterpart and who to ask instead', async () => {
    const none = await pont('counterpart', 'tom.harris@torfaen.gov.uk');
    expect(none.json()).toMatchObject({
      note: 'No one in Blaenau Gwent works in Building control. The nearest service is Planning: its senior contact is Joanne Reynolds.',
      counterparts: [{ email: 'joanne.reynolds@blaenau-gwent.gov.uk' }],
    });
  });

  it('edits, hides and erases a profile and keeps an audit trail of it', async () => {
    const edit = await pont(
      'people',
      'edit',
      'leanne.smith@blaenau-gwent.gov.uk',
      '--skills',
      'GIS; LiDAR',
      '--welsh-level',
      'intermediate',
    );
    expect(edit.json().person).toMatchObject({ skills: ['GIS', 'LiDAR'], welshLevel: 3, visible: true });
    expect((await pont('people', 'hide', 'aled.jenkins@torfaen.gov.uk')).status).toBe(0);
    expect((await pont('people', 'erase', 'tom.harris@torfaen.gov.uk')).json()).toEqual({
      erased: 'tom.harris@torfaen.gov.uk',
    });

    const lidar = await pont('skills', 'lidar');
    expect(emails(lidar.json().people)).toEqual(['leanne.smith@blaenau-gwent.gov.uk']);
    const gis = await pont('skills', 'GIS');
    expect(emails(gis.json().people)).toEqual(['leanne.smith@blaenau-gwent.gov.uk']);

    const audit = (await pont('people', 'audit')).json().audit as {
      action: string;
      subject: string | null;
      via: string;
    }[];
    expect(audit.slice(0, 3).map((entry) => [entry.action, entry.subject, entry.via])).toEqual([
      ['people.erase', 'tom.harris@torfaen.gov.uk', 'cli'],
      ['people.profile.hide', 'aled.jenkins@torfaen.gov.uk', 'cli'],
      ['people.profile.update', 'leanne.smith@blaenau-gwent.gov.uk', 'cli'],
    ]);
    expect(audit.filter((entry) => entry.action === 'people.import')).toHaveLength(2);
  });
});
