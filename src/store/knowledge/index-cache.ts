import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import type { AnalysedLexicon, IndexCache, IndexSnapshot, LexiconCache } from '../../core/knowledge/index.ts';

/**
 * The analysed search index and the analysed Welsh–English word pairs, kept in files in the data folder
 * (`<PONT_DATA_DIR>/cache/`) so that a command or a restarted server uses them instead of reading and analysing every
 * passage and word pair again. Both are derived data: deleting the folder only makes the next start slower.
 *
 * A file is used only under the key it was written with:
 * - the index: the store's version (the generation and a random stamp that every document write replaces, so an index
 *   is never used after any process, on this machine or another replica, has changed the documents);
 * - the word pairs: a hash of the pairs' text;
 * - both: a hash of the code that analyses and indexes text (the knowledge and language modules and the stemmer), so a
 *   new version of Pont never reads what an older one wrote.
 */
export interface KnowledgeCaches {
  index: IndexCache;
  lexicon: LexiconCache;
  /** Resolves once every file being written has been written (a command waits for this before it exits). */
  settled(): Promise<void>;
}

let fingerprint: string | undefined;

/** A hash of the code that decides what an analysed index and analysed word pairs hold. */
function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  const add = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const child = path.join(folder, entry.name);
      if (entry.isDirectory()) add(child);
      else if (/\.(ts|js)$/.test(entry.name)) hash.update(entry.name).update(fs.readFileSync(child));
    }
  };
  const here = path.dirname(fileURLToPath(import.meta.url));
  add(path.resolve(here, '../../core/knowledge'));
  add(path.resolve(here, '../../core/language'));
  hash.update(fs.readFileSync(createRequire(import.meta.url).resolve('stemmer')));
  hash.update(process.versions.v8);
  fingerprint = hash.digest('hex');
  return fingerprint;
}

interface CacheFile<T> {
  key: string;
  value: T;
}

/**
 * The caches in `folder` (made when first written, if its parent is there). With `folder` undefined, nothing is kept.
 */
export function createKnowledgeCaches(
  folder: string | undefined,
  logger?: { debug(detail: object, message: string): void },
): KnowledgeCaches {
  const writes = new Set<Promise<void>>();

  function read<T>(name: string, key: string): T | undefined {
    if (!folder) return undefined;
    try {
      const file = v8.deserialize(fs.readFileSync(path.join(folder, name))) as CacheFile<T>;
      return file.key === `${codeFingerprint()}:${key}` ? file.value : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        logger?.debug({ err: error, file: name }, 'A cached search file could not be read; it is built again');
      return undefined;
    }
  }

  function write<T>(name: string, key: string, value: T): void {
    if (!folder) return;
    const target = folder;
    const done = (async () => {
      // NOTE: after the answer: the file is written while the command prints, and a command waits for `settled`.
      await new Promise((resolve) => setImmediate(resolve));
      const bytes = v8.serialize({ key: `${codeFingerprint()}:${key}`, value } satisfies CacheFile<T>);
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
          'The search index could not be kept on disk; it is built again next time',
        );
      }
    })();
    writes.add(done);
    void done.finally(() => writes.delete(done));
  }

  return {
    index: {
      async load(version) {
        return read<IndexSnapshot>('knowledge-index.v8', version);
      },
      save(version, snapshot) {
        write('knowledge-index.v8', version, snapshot);
      },
    },
    lexicon: {
      load(text) {
        return read<AnalysedLexicon>('lexicon.v8', createHash('sha256').update(text).digest('hex'));
      },
      save(text, lexicon) {
        write('lexicon.v8', createHash('sha256').update(text).digest('hex'), lexicon);
      },
    },
    async settled() {
      while (writes.size > 0) await Promise.all(writes);
    },
  };
}
