import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPeople, type People } from '../../src/core/people/index.ts';
import {
  createDirectorySync,
  type DirectoryAccount,
  type DirectoryPage,
  type DirectoryReader,
} from '../../src/directory-sync/index.ts';
import { UpstreamError } from '../../src/errors.ts';
import { silentLogger } from '../../src/logger.ts';
import { createSyncStateStore } from '../../src/store/directory-sync/index.ts';
import type { Database } from '../../src/store/index.ts';
import { createDirectoryStore, loadTaxonomy } from '../../src/store/people/index.ts';
import { storeTargets } from '../support/stores.ts';

const account = (id: string, changes: Partial<DirectoryAccount> = {}): DirectoryAccount => ({
  id,
  email: `${id}@torfaen.gov.uk`,
  name: `Person ${id}`,
  jobTitle: 'GIS Officer',
  department: 'ICT and Digital',
  office: null,
  managerId: null,
  enabled: true,
  ...changes,
});

/** A directory of pages: a full read is `pages`, and a link names the page it leads to. */
function readerOf(
  pages: DirectoryAccount[][],
  failAt = new Set<number>(),
): DirectoryReader & { reads: (string | null)[] } {
  const reads: (string | null)[] = [];
  return {
    reads,
    async verify() {},
    async readPage(link): Promise<DirectoryPage> {
      reads.push(link);
      const index = link === null ? 0 : Number(/page=(\d+)/.exec(link)?.[1] ?? pages.length);
      if (failAt.has(index)) {
        failAt.delete(index);
        throw new UpstreamError(`page ${index} failed`);
      }
      if (index >= pages.length) return { accounts: [], removed: [], nextLink: null, deltaLink: 'delta:empty' };
      const last = index === pages.length - 1;
      return {
        accounts: pages[index]!,
        removed: [],
        nextLink: last ? null : `next?page=${index + 1}`,
        deltaLink: last ? `delta?page=${pages.length}` : null,
      };
    },
  };
}

describe.each(await storeTargets())('the directory sync on $name', (target) => {
  let db: Database & { drop(): Promise<void> };
  let people: People;
  let sync: ReturnType<typeof createDirectorySync>;

  beforeAll(async () => {
    db = await target.open();
    people = createPeople({ directory: createDirectoryStore(db), taxonomy: loadTaxonomy() });
    sync = createDirectorySync({ people, store: createSyncStateStore(db), logger: silentLogger });
  });

  afterAll(async () => {
    await db.drop();
  });

  it('resumes a full read from the page that failed, and only then removes the accounts it no longer saw', async () => {
    const first = readerOf([[account('a1'), account('a2')], [account('a3', { managerId: 'a1' })]]);
    const report = await sync.sync([{ council: 'torfaen', reader: first }]);
    expect(report.councils[0]).toMatchObject({ added: 3, errors: 0, mode: 'full' });
    expect((await people.getPerson('a3@torfaen.gov.uk'))?.managerEmail).toBe('a1@torfaen.gov.uk');

    // a2 has gone from the directory; the second page of the new full read fails once.
    const second = readerOf([[account('a1')], [account('a3', { managerId: 'a1' })]], new Set([1]));
    const stopped = await sync.sync([{ council: 'torfaen', reader: second }], { full: true });
    expect(stopped.councils[0]).toMatchObject({ errors: 1, removed: 0, error: 'page 1 failed' });
    expect(await people.getPerson('a2@torfaen.gov.uk')).not.toBeNull();

    const resumed = await sync.sync([{ council: 'torfaen', reader: second }]);
    expect(second.reads).toEqual([null, 'next?page=1', 'next?page=1']);
    expect(resumed.councils[0]).toMatchObject({ errors: 0, removed: 1, mode: 'resumed' });
    expect(await people.getPerson('a2@torfaen.gov.uk')).toBeNull();
    expect(await people.getPerson('a1@torfaen.gov.uk')).not.toBeNull();
    expect((await people.getOwnProfile('a2@torfaen.gov.uk'))?.visible).toBe(false);

    // The next sync follows the stored delta link.
    const third = readerOf([[account('a1')], [account('a3', { managerId: 'a1' })]]);
    const delta = await sync.sync([{ council: 'torfaen', reader: third }]);
    expect(third.reads).toEqual(['delta?page=2']);
    expect(delta.councils[0]).toMatchObject({ mode: 'delta', added: 0, updated: 0, removed: 0, errors: 0 });
  });
});
