import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

/**
 * Derived data kept in files of the data folder (`<PONT_DATA_DIR>/cache/`) so that a command or a restarted server
 * need not build it again: the analysed search index, the analysed word pairs, the visible staff profiles and the
 * checked service taxonomy. Deleting the folder only makes the next start slower.
 *
 * A file is used only under the exact key it was written with, and every key starts with a hash of the code that
 * decides what the file holds (`codeFingerprint`), so a new version of Pont never reads what an older one wrote.
 */
export interface DataCache {
  /** The value written under `key` to the file `name`, if the file is there and has that key. */
  read<T>(name: string, key: string): T | undefined;
  /** Writes `value` under `key` soon after (the caller goes on answering); a failure is only a slower next start. */
  write(name: string, key: string, value: unknown): void;
  /** Removes a file now (its content no longer stands, or must no longer be kept). */
  remove(name: string): void;
  /** Resolves once every file being written has been written (a command waits for this before it exits). */
  settled(): Promise<void>;
}

const fingerprints = new Map<string, string>();

/**
 * A hash of the code that decides what a kept file holds: every `.ts`/`.js` file in `folders` (relative to `src/`,
 * or to `build/` in the compiled build), the named packages' entry files, and the V8 version (the file format).
 */
export function codeFingerprint(folders: string[], packages: string[] = []): string {
  const id = `${folders.join(',')}|${packages.join(',')}`;
  const known = fingerprints.get(id);
  if (known) return known;
  const hash = createHash('sha256');
  const add = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const child = path.join(folder, entry.name);
      if (entry.isDirectory()) add(child);
      else if (/\.(ts|js)$/.test(entry.name)) hash.update(entry.name).update(fs.readFileSync(child));
    }
  };
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  for (const folder of folders) add(path.resolve(root, folder));
  const require = createRequire(import.meta.url);
  for (const name of packages) hash.update(fs.readFileSync(require.resolve(name)));
  hash.update(process.versions.v8);
  const fingerprint = hash.digest('hex');
  fingerprints.set(id, fingerprint);
  return fingerprint;
}

/** The kept files in `folder` (made when first written, if its parent is there). With `folder` undefined, nothing is kept. */
export function createDataCache(
  folder: string | undefined,
  logger?: { debug(detail: object, message: string): void },
): DataCache {
  const writes = new Set<Promise<void>>();
  /** How many times each file was removed: a write begun before a removal is dropped. */
  const removals = new Map<string, number>();
  return {
    read<T>(name: string, key: string): T | undefined {
      if (!folder) return undefined;
      try {
        const file = v8.deserialize(fs.readFileSync(path.join(folder, name))) as { key: string; value: T };
        return file.key === key ? file.value : undefined;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
          logger?.debug({ err: error, file: name }, 'A kept file could not be read; it is built again');
        return undefined;
      }
    },

    write(name, key, value) {
      if (!folder) return;
      const target = folder;
      const removedBefore = removals.get(name) ?? 0;
      const done = (async () => {
        // NOTE: after the answer: the file is written while the command prints, and a command waits for `settled`.
        await new Promise((resolve) => setImmediate(resolve));
        if ((removals.get(name) ?? 0) !== removedBefore) return;
        const bytes = v8.serialize({ key, value });
        try {
          await fs.promises.mkdir(target).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== 'EEXIST') throw error;
          });
          // NOTE: written aside and renamed, so another process reading it meanwhile sees the old file or the new one.
          const temporary = path.join(target, `${name}.${process.pid}.${Math.random().toString(36).slice(2)}`);
          await fs.promises.writeFile(temporary, bytes);
          await fs.promises.rename(temporary, path.join(target, name));
        } catch (error) {
          logger?.debug(
            { err: error, folder: target },
            'A file could not be kept on disk; it is built again next time',
          );
        }
      })();
      writes.add(done);
      void done.finally(() => writes.delete(done));
    },

    remove(name) {
      removals.set(name, (removals.get(name) ?? 0) + 1);
      if (folder) fs.rmSync(path.join(folder, name), { force: true });
    },

    async settled() {
      while (writes.size > 0) await Promise.all(writes);
    },
  };
}
