import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCliFolder } from '../../support/cli.ts';
import {
  blaenauGwentAdmin,
  councilsWithTheirAdmins,
  torfaenAdmin,
  writeCouncilsFile,
} from '../../support/councils-file.ts';

// Each council's admins, from the councils file, manage that council's directory and not the other's; PONT_ADMINS
// still manage every council.
let environment: Record<string, string>;
// NOTE: the folder's database is opened once for the file; each command still runs through the CLI's entry point.
const cli = useCliFolder('pont-cli-council-admins-', () => environment);
const pont = cli.pont;

const federationAdmin = 'joint.it@torfaen.gov.uk';

const errorOf = (stderr: string) => {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  return (JSON.parse(stderr) as { error: { code: string; message: string } }).error;
};

beforeAll(() => {
  environment = {
    LOG_LEVEL: 'silent',
    PONT_COUNCILS_FILE: writeCouncilsFile(cli.dataDir, councilsWithTheirAdmins),
    PONT_ADMINS: federationAdmin,
  };
});

// NOTE: each command opens the embedded database, which takes seconds on a busy machine.
describe('per-council administration at the command line', { timeout: 600_000 }, () => {
  it('imports only the rows of the councils the admin administers, and rejects the rest by line', async () => {
    const byTorfaen = await pont('people', 'import', 'examples/staff-directory.csv', '--as', torfaenAdmin, '--json');
    expect(byTorfaen.status).toBe(0);
    const report = JSON.parse(byTorfaen.stdout) as { imported: number; rejected: { line: number; reason: string }[] };
    const sample = fs.readFileSync('examples/staff-directory.csv', 'utf8').trim().split('\n').slice(1);
    const torfaenRows = sample.filter((line) => line.includes('@torfaen.gov.uk,')).length;
    expect(report.imported).toBe(torfaenRows);
    expect(report.rejected).toHaveLength(sample.length - torfaenRows);
    expect(report.rejected[0]!.reason).toBe('the person is in Blaenau Gwent, whose directory you do not administer');

    const byBlaenauGwent = await pont(
      'people',
      'import',
      'examples/staff-directory.csv',
      '--as',
      blaenauGwentAdmin,
      '--json',
    );
    expect(JSON.parse(byBlaenauGwent.stdout)).toMatchObject({ imported: sample.length - torfaenRows, unchanged: 0 });

    const byStaff = await pont(
      'people',
      'import',
      'examples/staff-directory.csv',
      '--as',
      'aled.jenkins@torfaen.gov.uk',
      '--json',
    );
    expect(byStaff.status).toBe(1);
    expect(errorOf(byStaff.stderr)).toMatchObject({ code: 'forbidden' });
    expect(errorOf(byStaff.stderr).message).toMatch(/^Only a Pont administrator can import the staff directory/);
  });

  it('lets an admin hide and erase profiles of their own council only', async () => {
    const refused = await pont('people', 'hide', 'leanne.smith@blaenau-gwent.gov.uk', '--as', torfaenAdmin, '--json');
    expect(refused.status).toBe(1);
    expect(errorOf(refused.stderr)).toEqual({
      code: 'forbidden',
      message:
        "That profile belongs to Blaenau Gwent: only Blaenau Gwent's admins, or the person themselves, can change or erase it. (Mae'r proffil hwnnw'n perthyn i Blaenau Gwent: dim ond gweinyddwyr Blaenau Gwent, neu'r person ei hun, all ei newid neu ei ddileu.)",
    });
    const stillFound = await pont('skills', 'ArcGIS', '--json');
    expect(JSON.parse(stillFound.stdout).people.map((person: { email: string }) => person.email)).toContain(
      'leanne.smith@blaenau-gwent.gov.uk',
    );

    const hidden = await pont(
      'people',
      'hide',
      'leanne.smith@blaenau-gwent.gov.uk',
      '--as',
      blaenauGwentAdmin,
      '--json',
    );
    expect(hidden.status).toBe(0);
    expect(JSON.parse(hidden.stdout).person).toMatchObject({
      email: 'leanne.smith@blaenau-gwent.gov.uk',
      visible: false,
    });

    const eraseRefused = await pont(
      'people',
      'erase',
      'dylan.hughes@torfaen.gov.uk',
      '--as',
      blaenauGwentAdmin,
      '--json',
    );
    expect(eraseRefused.status).toBe(1);
    expect(errorOf(eraseRefused.stderr).code).toBe('forbidden');
    const erased = await pont('people', 'erase', 'dylan.hughes@torfaen.gov.uk', '--as', torfaenAdmin, '--json');
    expect(erased.status).toBe(0);

    // PONT_ADMINS administer every council.
    const byFederation = await pont(
      'people',
      'unhide',
      'leanne.smith@blaenau-gwent.gov.uk',
      '--as',
      federationAdmin,
      '--json',
    );
    expect(JSON.parse(byFederation.stdout).person).toMatchObject({ visible: true });
  });

  it('lets an admin sync only their own council from Entra ID', async () => {
    const refused = await pont('people', 'sync', '--council', 'torfaen', '--as', blaenauGwentAdmin, '--json');
    expect(refused.status).toBe(1);
    expect(errorOf(refused.stderr)).toEqual({
      code: 'forbidden',
      message: `${blaenauGwentAdmin} is not an admin of Torfaen: only its admins can sync its directory`,
    });
  });

  it('shows each step in the audit trail under the admin who did it', async () => {
    const audit = await pont('people', 'audit', 'leanne.smith@blaenau-gwent.gov.uk', '--json');
    const entries = JSON.parse(audit.stdout).audit as { actorEmail: string | null; action: string }[];
    expect(entries.map((entry) => [entry.action, entry.actorEmail])).toEqual(
      expect.arrayContaining([
        ['people.profile.hide', blaenauGwentAdmin],
        ['people.profile.update', federationAdmin],
      ]),
    );
  });
});
