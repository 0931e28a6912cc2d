import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { TaxonomyDefinitions } from '../../../src/core/people/index.ts';

// The checked taxonomy kept in the data folder is used by a later process while the taxonomy's files are unchanged,
// and never once a file has been edited. Each "process" below imports the store afresh (the taxonomy is read once per
// process and folder).

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

function tempFolder(prefix: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

/** Loads the taxonomy of `dir` as a new process would, keeping files in `cacheDir`. */
async function loadInNewProcess(dir: string, cacheDir: string) {
  vi.resetModules();
  const { createDataCache } = await import('../../../src/store/index.ts');
  const { loadTaxonomy } = await import('../../../src/store/people/index.ts');
  const cache = createDataCache(cacheDir);
  const taxonomy = loadTaxonomy(dir, cache);
  await cache.settled();
  return taxonomy;
}

describe('the taxonomy kept in the data folder', () => {
  const dir = tempFolder('pont-taxonomy-kept-');
  const cacheDir = path.join(tempFolder('pont-taxonomy-data-'), 'cache');
  fs.writeFileSync(
    path.join(dir, 'services.yaml'),
    'services:\n  - id: waste\n    name: { en: Waste and recycling, cy: Gwastraff ac ailgylchu }\n    group: environment\n',
  );
  fs.writeFileSync(path.join(dir, 'skills.yaml'), 'skills:\n  - name: Rota planning\n    services: [waste]\n');
  const keptFile = path.join(cacheDir, 'taxonomy.v8');

  it('is used by the next process while the files are unchanged', async () => {
    const first = await loadInNewProcess(dir, cacheDir);
    expect(first.service('waste')?.name.en).toBe('Waste and recycling');
    expect(fs.existsSync(keptFile)).toBe(true);

    // NOTE: the kept copy is changed behind Pont's back, under its own key: a process that reads it shows the change,
    // which proves it did not read the files again.
    const kept = v8.deserialize(fs.readFileSync(keptFile)) as { key: string; value: TaxonomyDefinitions };
    kept.value.services[0]!.name.en = 'Waste (kept copy)';
    fs.writeFileSync(keptFile, v8.serialize(kept));
    expect((await loadInNewProcess(dir, cacheDir)).service('waste')?.name.en).toBe('Waste (kept copy)');
  });

  it('is not used once a file has been edited', async () => {
    fs.writeFileSync(
      path.join(dir, 'skills.yaml'),
      'skills:\n  - name: Rota planning\n    services: [waste]\n  - name: Fleet management\n    services: [waste]\n',
    );
    const edited = await loadInNewProcess(dir, cacheDir);
    expect(edited.service('waste')?.name.en).toBe('Waste and recycling');
    expect(edited.skills.map((skill) => skill.name)).toEqual(['Rota planning', 'Fleet management']);
  });
});
