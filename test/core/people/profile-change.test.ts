import { beforeEach, describe, expect, it } from 'vitest';
import { createPeople } from '../../../src/core/people/people.ts';
import { loadTaxonomy } from '../../../src/store/people/index.ts';
import type { Actor, People, ProfileChange } from '../../../src/core/people/types.ts';
import { directoryCsv } from './directory-fixture.ts';
import { createMemoryDirectory } from './memory-directory.ts';

const admin: Actor = { email: 'admin@torfaen.gov.uk', isAdmin: true, via: 'cli' };
const aled = 'aled.jenkins@torfaen.gov.uk';
const self: Actor = { email: aled, isAdmin: false, via: 'slack' };
const taxonomy = loadTaxonomy();

describe('people tell listeners when a profile is hidden, shown again, erased, or renamed by HR', () => {
  let people: People;
  let heard: ProfileChange[];

  beforeEach(async () => {
    people = createPeople({ directory: createMemoryDirectory(), taxonomy });
    await people.importCsv(directoryCsv, admin);
    heard = [];
    people.onProfileChange((change) => {
      heard.push(change);
    });
  });

  it('announces hiding and showing a profile, and hiding it again so a failed follow-up can be retried', async () => {
    await people.updateProfile(aled, { visible: false }, self);
    await people.updateProfile(aled, { visible: false }, self);
    await people.updateProfile(aled, { visible: true }, self);
    expect(heard).toEqual([
      { email: aled, visible: false, erased: false, fields: ['visible'] },
      { email: aled, visible: false, erased: false, fields: ['visible'] },
      { email: aled, visible: true, erased: false, fields: ['visible'] },
    ]);
  });

  it('says nothing about an edit that leaves visibility, name, job title and council alone', async () => {
    await people.updateProfile(aled, { skills: ['GIS', 'LiDAR'] }, self);
    await people.importCsv(directoryCsv, admin);
    expect(heard).toEqual([]);
  });

  it('announces an erasure', async () => {
    await people.eraseProfile(aled, self);
    expect(heard).toEqual([{ email: aled, visible: false, erased: true, fields: ['visible'] }]);
  });

  it('announces an HR import that hides or shows someone already in the directory, and nobody else', async () => {
    const hiddenByHr = directoryCsv.replace(/^(aled\.jenkins@torfaen\.gov\.uk,.*),$/m, '$1,false');
    expect(hiddenByHr).not.toBe(directoryCsv);
    await people.importCsv(hiddenByHr, admin);
    expect(heard).toEqual([{ email: aled, visible: false, erased: false, fields: ['visible'] }]);
    await people.importCsv(directoryCsv, admin);
    expect(heard).toEqual([
      { email: aled, visible: false, erased: false, fields: ['visible'] },
      { email: aled, visible: true, erased: false, fields: ['visible'] },
    ]);
  });

  it('announces an HR import that renames someone, changes their job title or moves them to the other council', async () => {
    const renamed = directoryCsv.replace(
      'aled.jenkins@torfaen.gov.uk,Aled Jenkins,Cyngor Torfaen,GIS Officer,',
      'aled.jenkins@torfaen.gov.uk,Aled Jenkins-Price,Cyngor Torfaen,Senior GIS Officer,',
    );
    expect(renamed).not.toBe(directoryCsv);
    await people.importCsv(renamed, admin);
    expect(heard).toEqual([{ email: aled, visible: true, erased: false, fields: ['name', 'jobTitle'] }]);
    const moved = renamed.replace('Aled Jenkins-Price,Cyngor Torfaen,', 'Aled Jenkins-Price,Blaenau Gwent,');
    await people.importCsv(moved, admin);
    expect(heard[1]).toEqual({ email: aled, visible: true, erased: false, fields: ['council'] });
    expect((await people.getPerson(aled))?.name).toBe('Aled Jenkins-Price');
  });

  it('waits for a listener and passes its failure on, after the change is saved', async () => {
    people.onProfileChange(async () => {
      throw new Error('the knowledge store is down');
    });
    await expect(people.updateProfile(aled, { visible: false }, self)).rejects.toThrow('the knowledge store is down');
    expect((await people.getOwnProfile(aled))?.visible).toBe(false);
    expect(await people.getPerson(aled)).toBeNull();
  });

  it('stops telling a listener once it is removed', async () => {
    const removed: ProfileChange[] = [];
    const remove = people.onProfileChange((change) => {
      removed.push(change);
    });
    remove();
    await people.updateProfile(aled, { visible: false }, self);
    expect(removed).toEqual([]);
    expect(heard).toHaveLength(1);
  });
});
