import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { TestProject } from 'vitest/node';
import { migrate, openPglite } from '../../src/store/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A tarball of an embedded database with every migration applied, made once per run (see `pglite-template.ts`). */
    pgliteTemplate: string;
  }
}

/**
 * Before any test file runs: migrates one embedded database from nothing and saves it as a tarball. Test databases
 * start as copies of it, which skips `initdb` and the migrations (most of the seconds a new PGlite takes). A migration
 * that fails stops the run here; migrating from nothing is also run by `test/store/source-leases-migration.test.ts`
 * and wherever a test opens a new data folder the way Pont does (`runPont`, `test/start.test.ts`).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-test-template-'));
  const dataDir = path.join(dir, 'pglite');
  // NOTE: migrated the way Pont opens a data folder, then reopened as a bare PGlite only to write the tarball.
  const db = await openPglite(dataDir);
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
  const bare = await PGlite.create({ dataDir, extensions: { vector } });
  try {
    const tarball = await bare.dumpDataDir('none');
    fs.writeFileSync(path.join(dir, 'migrated.tar'), Buffer.from(await tarball.arrayBuffer()));
  } finally {
    await bare.close();
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  project.provide('pgliteTemplate', path.join(dir, 'migrated.tar'));
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
