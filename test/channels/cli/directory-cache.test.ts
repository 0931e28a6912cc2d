import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPont } from '../../support/cli.ts';

// Each command opens the data folder as a new process would: `pont skills` answers from the profiles kept in the
// folder while the directory is unchanged (without starting the database), and never from a copy that any write has
// made out of date: an import, a person's own edit, hiding or erasing a profile.

let dataDir: string;
let csvFolder: string;
const environment = { LOG_LEVEL: 'silent' };
const pont = (...argv: string[]) => runPont(dataDir, argv, environment);
const header = 'email,name,council,job_title,service_area,team,manager_email,skills,welsh_level,visible';
const rows = {
  nia: 'nia.beekeeper@torfaen.gov.uk,Nia Beekeeper,Torfaen,Countryside Officer,Neighbourhood Services,Parks,,Beekeeping;Hedgerow surveys,2,true',
  owen: 'owen.hives@blaenau-gwent.gov.uk,Owen Hives,Blaenau Gwent,Ranger,Neighbourhood Services,Parks,,Beekeeping,1,true',
};

const skilled = async (skill: string): Promise<string[]> => {
  const result = await pont('skills', skill, '--json');
  expect(result.status).toBe(0);
  return (JSON.parse(result.stdout) as { people: { email: string }[] }).people.map((person) => person.email).sort();
};
const importCsv = async (...lines: string[]) => {
  const file = path.join(csvFolder, 'directory.csv');
  fs.writeFileSync(file, [header, ...lines].join('\n') + '\n');
  expect((await pont('people', 'import', file)).status).toBe(0);
};
const kept = () => path.join(dataDir, 'cache', 'directory.v8');
/** What the embedded database recorded at its last clean close: unchanged when a command never started it. */
const lastClose = () => fs.readFileSync(path.join(dataDir, 'pglite.closed.json'), 'utf8');

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-cli-directory-cache-'));
  csvFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-cli-directory-csv-'));
});
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(csvFolder, { recursive: true, force: true });
});

describe('pont skills with the profiles kept in the data folder', { timeout: 300_000 }, () => {
  it('answers the same from the kept profiles, without starting the database', async () => {
    await importCsv(rows.nia, rows.owen);
    const first = await skilled('Beekeeping');
    expect(first).toEqual(['nia.beekeeper@torfaen.gov.uk', 'owen.hives@blaenau-gwent.gov.uk']);
    expect(fs.existsSync(kept())).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'cache', 'taxonomy.v8'))).toBe(true);

    const closedBefore = lastClose();
    const closedAt = fs.statSync(path.join(dataDir, 'pglite.closed.json')).mtimeMs;
    expect(await skilled('Beekeeping')).toEqual(first);
    expect(lastClose()).toBe(closedBefore);
    expect(fs.statSync(path.join(dataDir, 'pglite.closed.json')).mtimeMs).toBe(closedAt);

    fs.rmSync(path.join(dataDir, 'cache'), { recursive: true });
    expect(await skilled('Beekeeping')).toEqual(first);
  });

  it('follows an import that changes a skill', async () => {
    await importCsv(rows.nia.replace('Beekeeping;', 'Orchard care;'), rows.owen);
    expect(await skilled('Beekeeping')).toEqual(['owen.hives@blaenau-gwent.gov.uk']);
    expect(await skilled('Orchard care')).toEqual(['nia.beekeeper@torfaen.gov.uk']);
  });

  it("follows a person's own edit of their skills", async () => {
    expect(await skilled('Orchard care')).toEqual(['nia.beekeeper@torfaen.gov.uk']);
    expect(
      (await pont('people', 'edit', 'nia.beekeeper@torfaen.gov.uk', '--skills', 'Beekeeping; Dry stone walls')).status,
    ).toBe(0);
    expect(await skilled('Orchard care')).toEqual([]);
    expect(await skilled('Dry stone walls')).toEqual(['nia.beekeeper@torfaen.gov.uk']);
  });

  it('leaves out a hidden profile, and keeps no copy of an erased one', async () => {
    expect(await skilled('Beekeeping')).toEqual(['nia.beekeeper@torfaen.gov.uk', 'owen.hives@blaenau-gwent.gov.uk']);
    expect((await pont('people', 'hide', 'owen.hives@blaenau-gwent.gov.uk')).status).toBe(0);
    expect(await skilled('Beekeeping')).toEqual(['nia.beekeeper@torfaen.gov.uk']);

    expect(fs.readFileSync(kept()).includes('nia.beekeeper@torfaen.gov.uk')).toBe(true);
    expect((await pont('people', 'erase', 'nia.beekeeper@torfaen.gov.uk')).status).toBe(0);
    // NOTE: the erasing command removes the kept copy itself; it does not wait for the next search to replace it.
    expect(fs.existsSync(kept())).toBe(false);
    expect(await skilled('Beekeeping')).toEqual([]);
    expect(fs.readFileSync(kept()).includes('nia.beekeeper@torfaen.gov.uk')).toBe(false);
  });
});
