import { beforeEach, describe, expect, it } from 'vitest';
import { createPeople } from '../../../src/core/people/people.ts';
import { loadTaxonomy } from '../../../src/core/people/taxonomy.ts';
import type { Actor, People, VisibilityChange } from '../../../src/core/people/types.ts';
import { directoryCsv } from './directory-fixture.ts';
import { createMemoryDirectory } from './memory-directory.ts';

const admin: Actor = { email: 'admin@torfaen.gov.uk', isAdmin: true, via: 'cli' };
const aled = 'aled.jenkins@torfaen.gov.uk';
const self: Actor = { email: aled, isAdmin: false, via: 'slack' };
const taxonomy = loadTaxonomy();

describe('people tell listeners when a profile is hidden, shown again or erased', () => {
  let people: People;
  let heard: VisibilityChange[];

  beforeEach(async () => {
    people = createPeople({ directory: createMemoryDirectory(), taxonomy });
    await people.importCsv(directoryCsv, admin);
    heard = [];
    people.onVisibilityChange((change) => {
      heard.push(change);
    });
  });

  it('announces hiding and showing a profile, and hiding it again so a failed follow-up can be retried', async () => {
    await people.updateProfile(aled, { visible: false }, self);
    await people.updateProfile(aled, { visible: false }, self);
    await people.updateProfile(aled, { visible: true }, self);
    expect(heard).toEqual([
      { email: aled, visible: false, erased: false },
      { email: aled, visible: false, erased: false },
      { email: aled, visible: true, erased: false },
    ]);
  });

  it('says nothing about an edit that leaves visibility alone', async () => {
    await people.updateProfile(aled, { skills: ['GIS', 'LiDAR'] }, self);
    await people.importCsv(directoryCsv, admin);
    expect(heard).toEqual([]);
  });

  it('announces an erasure', async () => {
    await people.eraseProfile(aled, self);
    expect(heard).toEqual([{ email: aled, visible: false, erased: true }]);
  });

  it('announces an HR import that hides or shows someone already in the directory, and nobody else', async () => {
    const hiddenByHr = directoryCsv.replace(/^(aled\.jenkins@torfaen\.gov\.uk,.*),$/m, '$1,false');
    expect(hiddenByHr).not.toBe(directoryCsv);
    await people.importCsv(hiddenByHr, admin);
    expect(heard).toEqual([{ email: aled, visible: false, erased: false }]);
    await people.importCsv(directoryCsv, admin);
    expect(heard).toEqual([
      { email: aled, visible: false, erased: false },
      { email: aled, visible: true, erased: false },
    ]);
  });

  it('waits for a listener and passes its failure on, after the change is saved', async () => {
    people.onVisibilityChange(async () => {
      throw new Error('the knowledge store is down');
    });
    await expect(people.updateProfile(aled, { visible: false }, self)).rejects.toThrow('the knowledge store is down');
    expect((await people.getOwnProfile(aled))?.visible).toBe(false);
    expect(await people.getPerson(aled)).toBeNull();
  });

  it('stops telling a listener once it is removed', async () => {
    const removed: VisibilityChange[] = [];
    const remove = people.onVisibilityChange((change) => {
      removed.push(change);
    });
    remove();
    await people.updateProfile(aled, { visible: false }, self);
    expect(removed).toEqual([]);
    expect(heard).toHaveLength(1);
  });
});
