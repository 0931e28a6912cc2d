import { describe, expect, it, vi } from 'vitest';
import { createPeople } from '../../../src/core/people/index.ts';
import { loadTaxonomy } from '../../../src/store/people/index.ts';
import { loadSampleDirectory } from '../../../src/ingest/index.ts';
import type { Logger } from '../../../src/logger.ts';
import { createMemoryDirectory } from './memory-directory.ts';

const taxonomy = loadTaxonomy();

describe('the sample staff directory', () => {
  it('loads once into an empty directory and says so in the log', async () => {
    const directory = createMemoryDirectory();
    const people = createPeople({ directory, taxonomy });
    const info = vi.fn();
    const logger = { info } as unknown as Logger;

    expect(await loadSampleDirectory(people, logger)).toBe(true);
    expect(info).toHaveBeenCalledWith(
      expect.objectContaining({ imported: 52 }),
      expect.stringMatching(/^Loaded the sample staff directory \(52 fictional people\)/),
    );
    expect(await directory.count()).toBe(52);
    expect(directory.entries.find((entry) => entry.action === 'people.import')!.detail).toMatchObject({
      imported: 52,
      rejected: 0,
      warnings: 0,
    });

    expect(await loadSampleDirectory(people, logger)).toBe(false);
    expect(info).toHaveBeenCalledTimes(1);
  });

  it('never loads into a directory that was imported before, even if it is empty now', async () => {
    const directory = createMemoryDirectory();
    const people = createPeople({ directory, taxonomy });
    await people.importCsv('email,name,council\nonly.one@torfaen.gov.uk,Only One,Torfaen', {
      email: null,
      isAdmin: true,
      via: 'cli',
    });
    await people.eraseProfile('only.one@torfaen.gov.uk', { email: null, isAdmin: true, via: 'cli' });
    expect(await loadSampleDirectory(people, { info: vi.fn() } as unknown as Logger)).toBe(false);
    expect(await directory.count()).toBe(0);
  });

  it('gives newcomers something to find in every kind of look-up', async () => {
    const people = createPeople({ directory: createMemoryDirectory(), taxonomy });
    await loadSampleDirectory(people, { info: vi.fn() } as unknown as Logger);
    for (const skill of [
      'GIS',
      'flood risk',
      'procurement',
      'caffael',
      'DPIA',
      'Welsh translation',
      'employee relations',
      'cyber security',
      'waste management',
    ]) {
      expect((await people.findBySkill(skill)).length, skill).toBeGreaterThan(0);
    }
    const hidden = ['kerry.evans@torfaen.gov.uk', 'sophie.lloyd@torfaen.gov.uk', 'robert.king@blaenau-gwent.gov.uk'];
    for (const skill of ['recycling', 'homelessness prevention', 'GIS', 'data analysis']) {
      const emails = (await people.findBySkill(skill, { limit: 200 })).map((person) => person.email);
      for (const email of hidden) expect(emails).not.toContain(email);
    }
    const { counterparts } = await people.counterparts('head of highways in Torfaen');
    expect(counterparts[0]).toMatchObject({ email: 'simon.baker@blaenau-gwent.gov.uk' });
  });
});
