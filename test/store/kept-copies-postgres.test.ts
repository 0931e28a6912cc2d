import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPont } from '../support/cli.ts';
import { postgresReachable, postgresSchema } from '../support/stores.ts';

// Two replicas on one PostgreSQL database, each with its own data folder (and so its own kept search index and kept
// profiles): a write by one, through its own connections, must make the other's kept copy out of date at once.

const reachable = await postgresReachable();

describe.runIf(reachable)('kept copies on PostgreSQL, written to by another replica', { timeout: 300_000 }, () => {
  let database: Awaited<ReturnType<typeof postgresSchema>>;
  const environment = () => ({ LOG_LEVEL: 'silent', DATABASE_URL: database.databaseUrl });
  let files: string;
  const folders: Record<'a' | 'b', string> = { a: '', b: '' };
  const on = (replica: 'a' | 'b', ...argv: string[]) => runPont(folders[replica], argv, environment());
  const kept = (replica: 'a' | 'b', name: string) => path.join(folders[replica], 'cache', name);
  const writtenAt = (replica: 'a' | 'b', name: string) => fs.statSync(kept(replica, name)).mtimeMs;

  beforeAll(async () => {
    files = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-kept-files-'));
    folders.a = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-kept-a-'));
    folders.b = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-kept-b-'));
    database = await postgresSchema('pont_kept');
  });
  afterAll(async () => {
    await database?.drop();
    for (const folder of [files, folders.a, folders.b]) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('answers from a document another replica changed, not from its own kept index', async () => {
    const permit = path.join(files, 'parking.md');
    const ask = async (replica: 'a' | 'b') => {
      const result = await on(replica, 'ask', 'How much is a parking permit?', '--json');
      expect(result.status).toBe(0);
      return JSON.parse(result.stdout) as { citations: { quote: string }[] };
    };
    fs.writeFileSync(
      permit,
      '# Parking permits\n\nA resident parking permit costs thirty pounds a year in Pontypool.\n',
    );
    expect((await on('a', 'ingest', permit)).status).toBe(0);
    expect((await ask('a')).citations[0]!.quote).toContain('thirty pounds');
    const built = writtenAt('a', 'knowledge-index.v8');
    // NOTE: nothing changed: the kept index is used as it is, not built and written again.
    expect((await ask('a')).citations[0]!.quote).toContain('thirty pounds');
    expect(writtenAt('a', 'knowledge-index.v8')).toBe(built);

    fs.writeFileSync(
      permit,
      '# Parking permits\n\nA resident parking permit costs forty pounds a year in Pontypool.\n',
    );
    expect((await on('b', 'ingest', permit)).status).toBe(0);
    const after = await ask('a');
    expect(after.citations[0]!.quote).toContain('forty pounds');
    expect(JSON.stringify(after)).not.toContain('thirty pounds');
    expect(writtenAt('a', 'knowledge-index.v8')).not.toBe(built);
  });

  it('finds people by the skills another replica wrote, not by its own kept profiles', async () => {
    const csv = path.join(files, 'directory.csv');
    fs.writeFileSync(
      csv,
      'email,name,council,job_title,service_area,team,manager_email,skills,welsh_level,visible\n' +
        'nia.beekeeper@torfaen.gov.uk,Nia Beekeeper,Torfaen,Countryside Officer,Neighbourhood Services,Parks,,Beekeeping,2,true\n',
    );
    expect((await on('a', 'people', 'import', csv)).status).toBe(0);
    const skilled = async (replica: 'a' | 'b', skill: string) => {
      const result = await on(replica, 'skills', skill, '--json');
      expect(result.status).toBe(0);
      return (JSON.parse(result.stdout) as { people: { email: string }[] }).people.map((person) => person.email);
    };
    expect(await skilled('a', 'Beekeeping')).toEqual(['nia.beekeeper@torfaen.gov.uk']);
    const read = writtenAt('a', 'directory.v8');
    expect(await skilled('a', 'Beekeeping')).toEqual(['nia.beekeeper@torfaen.gov.uk']);
    expect(writtenAt('a', 'directory.v8')).toBe(read);

    const edited = await on('b', 'people', 'edit', 'nia.beekeeper@torfaen.gov.uk', '--skills', 'Orchard care');
    expect(edited.status).toBe(0);
    expect(await skilled('a', 'Beekeeping')).toEqual([]);
    expect(await skilled('a', 'Orchard care')).toEqual(['nia.beekeeper@torfaen.gov.uk']);

    expect((await on('b', 'people', 'erase', 'nia.beekeeper@torfaen.gov.uk')).status).toBe(0);
    expect(await skilled('a', 'Orchard care')).toEqual([]);
    // NOTE: the replica that searched next replaced its out-of-date copy, and the erasing one removed its own.
    expect(fs.readFileSync(kept('a', 'directory.v8')).includes('nia.beekeeper')).toBe(false);
    const other = kept('b', 'directory.v8');
    expect(!fs.existsSync(other) || !fs.readFileSync(other).includes('nia.beekeeper')).toBe(true);
  });
});
