import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCliFolder } from '../../support/cli.ts';
import { blaenauGwent, monmouthshire, torfaen, withAdmins, writeCouncilsFile } from '../../support/councils-file.ts';

// A third council joins the federation by an entry in the councils file, and nothing else: its staff are found by
// skill, are counterparts, receive requests and appear in the figures, through the same commands as the first two.
let environment: Record<string, string>;
// NOTE: the folder's database is opened once for the file; each command still runs through the CLI's entry point.
const cli = useCliFolder('pont-cli-third-council-', () => environment);
const pont = cli.pont;

const monmouthshireStaff = [
  'nia.rowlands@monmouthshire.gov.uk,Nia Rowlands,Sir Fynwy,Head of Waste and Street Services,Neighbourhood Services,Waste,,Waste management;Rota planning;Fleet management,3,,,true',
  'tomos.bevan@monmouthshire.gov.uk,Tomos Bevan,MCC,Waste Collections Manager,Waste and Recycling,Waste Collections,nia.rowlands@monmouthshire.gov.uk,Refuse collection;Rota planning;Bank holiday collections,2,,,true',
  'ffion.lloyd@monmouthshire.gov.uk,Ffion Lloyd,Monmouthshire,GIS Officer,ICT and Digital,GIS,,GIS;QGIS;Spatial analysis,4,,,true',
].join('\n');

beforeAll(async () => {
  const councilsFile = writeCouncilsFile(cli.dataDir, [
    blaenauGwent,
    torfaen,
    withAdmins(monmouthshire, 'it.lead@monmouthshire.gov.uk'),
  ]);
  const sample = fs.readFileSync('examples/staff-directory.csv', 'utf8').trimEnd();
  fs.writeFileSync(path.join(cli.dataDir, 'staff.csv'), `${sample}\n${monmouthshireStaff}\n`);
  environment = { LOG_LEVEL: 'silent', PONT_COUNCILS_FILE: councilsFile };
  const imported = await pont('people', 'import', path.join(cli.dataDir, 'staff.csv'), '--json');
  expect(imported.stderr).toBe('');
  expect(imported.status).toBe(0);
  expect(JSON.parse(imported.stdout)).toMatchObject({ rejected: [] });
}, 600_000);

// NOTE: each command opens the embedded database, which takes seconds on a busy machine.
describe('a third council added in the councils file', { timeout: 600_000 }, () => {
  it('takes part in people search, by its id and by its Welsh name', async () => {
    const byId = await pont('skills', 'GIS', '--council', 'monmouthshire', '--json');
    expect(byId.status).toBe(0);
    const people = JSON.parse(byId.stdout).people as { email: string; council: string }[];
    expect(people.map((person) => person.email)).toEqual(['ffion.lloyd@monmouthshire.gov.uk']);

    const byWelshName = await pont('skills', 'GIS', '--council', 'Sir Fynwy', '--json');
    expect(JSON.parse(byWelshName.stdout).people.map((person: { email: string }) => person.email)).toEqual([
      'ffion.lloyd@monmouthshire.gov.uk',
    ]);

    const everyone = await pont('skills', 'GIS', '--json');
    const councils = new Set(JSON.parse(everyone.stdout).people.map((person: { council: string }) => person.council));
    expect(councils).toEqual(new Set(['torfaen', 'blaenau-gwent', 'monmouthshire']));

    const text = await pont('skills', 'GIS', '--council', 'monmouthshire');
    expect(text.stdout).toContain('Ffion Lloyd — GIS Officer, ICT and Digital (Monmouthshire)');

    const unknown = await pont('skills', 'GIS', '--council', 'Cardiff');
    expect(unknown).toMatchObject({
      status: 1,
      stderr: 'pont skills: --council takes blaenau-gwent or torfaen or monmouthshire, not "Cardiff"\n',
    });
  });

  it('finds a counterpart in each other council', async () => {
    const result = await pont('counterpart', 'gareth.lewis@torfaen.gov.uk', '--limit', '2', '--json');
    expect(result.status).toBe(0);
    const counterparts = JSON.parse(result.stdout).counterparts as { email: string; council: string }[];
    // Even with room for two, each other council's closest counterpart is there.
    expect(counterparts).toHaveLength(2);
    expect(new Set(counterparts.map((person) => person.council))).toEqual(new Set(['blaenau-gwent', 'monmouthshire']));
    expect(counterparts.map((person) => person.email)).toContain('nia.rowlands@monmouthshire.gov.uk');
  });

  it('reads the third council in a chat message, in English and in Welsh', async () => {
    const english = await pont(
      'chat',
      'who knows about GIS in Monmouthshire?',
      '--as',
      'aled.jenkins@torfaen.gov.uk',
      '--json',
    );
    expect(english.status).toBe(0);
    expect(JSON.parse(english.stdout)).toMatchObject({
      kind: 'people',
      heading: 'People who know about GIS in Monmouthshire',
    });
    expect(JSON.parse(english.stdout).people.map((person: { email: string }) => person.email)).toEqual([
      'ffion.lloyd@monmouthshire.gov.uk',
    ]);

    const welsh = await pont(
      'chat',
      "pwy sy'n gwybod am GIS yn Sir Fynwy?",
      '--as',
      'aled.jenkins@torfaen.gov.uk',
      '--json',
    );
    expect(JSON.parse(welsh.stdout)).toMatchObject({ kind: 'people', heading: "Pobl sy'n gwybod am GIS yn Sir Fynwy" });
  });

  it('routes a request to every other council by default, or to the councils named', async () => {
    const question = 'How do you run your waste collection rota over bank holidays?';
    const toOthers = await pont('share', question, '--from', 'matthew.jones@blaenau-gwent.gov.uk', '--json');
    expect(toOthers.status).toBe(0);
    expect(JSON.parse(toOthers.stdout).request.targetCouncils).toEqual(['torfaen', 'monmouthshire']);

    const toOne = await pont(
      'share',
      question,
      '--from',
      'matthew.jones@blaenau-gwent.gov.uk',
      '--to',
      'Sir Fynwy',
      '--json',
    );
    const request = JSON.parse(toOne.stdout).request as { targetCouncils: string[]; routedTo: string[] };
    expect(request.targetCouncils).toEqual(['monmouthshire']);
    expect(request.routedTo.length).toBeGreaterThan(0);
    for (const email of request.routedTo) expect(email).toMatch(/@monmouthshire\.gov\.uk$/);

    const toTwo = await pont(
      'share',
      question,
      '--from',
      'gareth.lewis@torfaen.gov.uk',
      '--to',
      'monmouthshire,blaenau-gwent',
      '--json',
    );
    expect(JSON.parse(toTwo.stdout).request.targetCouncils).toEqual(['monmouthshire', 'blaenau-gwent']);

    const bad = await pont('share', question, '--from', 'gareth.lewis@torfaen.gov.uk', '--to', 'Newport');
    expect(bad).toMatchObject({
      status: 1,
      stderr: 'pont share: --to: "Newport" is not a council: give blaenau-gwent, torfaen, monmouthshire\n',
    });
  });

  it('counts the requests per pair of councils in the figures', async () => {
    const result = await pont('requests', 'figures', '--json');
    expect(result.status).toBe(0);
    const { byDirection } = JSON.parse(result.stdout).figures as {
      byDirection: { from: string; to: string; count: number }[];
    };
    const count = (from: string, to: string) =>
      byDirection.find((row) => row.from === from && row.to === to)?.count ?? 0;
    expect(count('blaenau-gwent', 'monmouthshire')).toBe(2);
    expect(count('blaenau-gwent', 'torfaen')).toBe(1);
    expect(count('torfaen', 'monmouthshire')).toBe(1);
    expect(count('torfaen', 'blaenau-gwent')).toBe(1);

    const text = await pont('requests', 'figures');
    expect(text.stdout).toContain(
      'By direction: Torfaen → Blaenau Gwent 1, Blaenau Gwent → Torfaen 1, Monmouthshire → Blaenau Gwent 0, Blaenau Gwent → Monmouthshire 2, Monmouthshire → Torfaen 0, Torfaen → Monmouthshire 1',
    );
  });
});
