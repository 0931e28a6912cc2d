import fs from 'node:fs/promises';
import path from 'node:path';
import type { DocumentReader, ReadOutcome } from '../core/knowledge/index.ts';
import {
  parseDocument,
  supportedExtensions,
  supportedList,
  typeFromMediaType,
  type DocumentType,
} from './parse-document.ts';
import { createPolicyFetch, RefusedUrl } from './fetch-policy.ts';
import { SkipSource } from './skip.ts';

/** Largest file or download Pont indexes. */
export const maximumBytes = 25 * 1024 * 1024;

export interface DocumentReaderOptions {
  /** Defaults to a fetch that refuses loopback, private and link-local addresses (see fetch-policy.ts). */
  fetch?: typeof fetch;
  maximumBytes?: number;
  /** How long a URL may take, in milliseconds. */
  timeoutMs?: number;
  /** The folder file sources are named relative to; defaults to the current working directory. */
  workingFolder?: string;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true });
  entries.sort((left, right) => left.name.localeCompare(right.name));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

/** A response's body, read no further than `limit` bytes (a larger body is skipped with a reason). */
export async function readLimited(response: Response, limit: number): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(await response.arrayBuffer());
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new SkipSource(`larger than ${megabytes(limit)}`);
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}

/**
 * How a file is named as a source: its path relative to the working folder when it is inside it
 * (`data/federation-facts.en.md`), so citations show no server paths; its absolute path otherwise.
 */
export function fileSource(file: string, workingFolder: string = process.cwd()): string {
  const absolute = path.resolve(file);
  const folder = path.resolve(workingFolder);
  // NOTE: from the filesystem root every path is "inside"; a source named from there says nothing shorter.
  if (path.parse(folder).root === folder) return absolute;
  const relative = path.relative(folder, absolute);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative))
    return absolute;
  return relative.split(path.sep).join('/');
}

/**
 * Reads files, folders (every file under them, hidden ones excepted) and http(s) URLs into documents. Each
 * source that cannot be read is reported with its reason and the rest carry on.
 */
export function createDocumentReader(options: DocumentReaderOptions = {}): DocumentReader {
  const limit = options.maximumBytes ?? maximumBytes;
  const fetcher = options.fetch ?? createPolicyFetch({ hosts: [], ranges: [] });
  const timeoutMs = options.timeoutMs ?? 20_000;

  const workingFolder = path.resolve(options.workingFolder ?? process.cwd());

  async function readFile(file: string): Promise<ReadOutcome> {
    const absolute = path.resolve(file);
    const source = fileSource(absolute, workingFolder);
    try {
      const type = supportedExtensions[path.extname(file).toLowerCase()];
      if (!type) {
        throw new SkipSource(`unsupported type ${path.extname(file) || '(no extension)'}: Pont reads ${supportedList}`);
      }
      const stat = await fs.stat(file);
      if (stat.size > limit) throw new SkipSource(`larger than ${megabytes(limit)} (${megabytes(stat.size)})`);
      const bytes = new Uint8Array(await fs.readFile(file));
      const document = await parseDocument(bytes, type, source);
      return { document: source === absolute ? document : { ...document, formerSources: [absolute] } };
    } catch (error) {
      if (error instanceof SkipSource) return { skipped: { source, reason: error.reason } };
      return { skipped: { source, reason: `could not be read (${(error as Error).message})` } };
    }
  }

  async function readUrl(url: string): Promise<ReadOutcome> {
    try {
      let response: Response;
      try {
        response = await fetcher(url, { signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        if (error instanceof RefusedUrl) throw new SkipSource(error.reason);
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new SkipSource(`unreachable (${cause?.code ?? cause?.message ?? (error as Error).message})`);
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new SkipSource(`unreachable (HTTP ${response.status})`);
      }
      const length = Number(response.headers.get('content-length') ?? 0);
      if (length > limit) {
        await response.body?.cancel();
        throw new SkipSource(`larger than ${megabytes(limit)} (${megabytes(length)})`);
      }
      const pathType = supportedExtensions[path.extname(new URL(url).pathname).toLowerCase()];
      const type: DocumentType | undefined = typeFromMediaType(response.headers.get('content-type')) ?? pathType;
      if (!type) {
        await response.body?.cancel();
        throw new SkipSource(
          `unsupported type ${response.headers.get('content-type') ?? '(none)'}: Pont reads ${supportedList}`,
        );
      }
      return { document: await parseDocument(await readLimited(response, limit), type, url) };
    } catch (error) {
      if (error instanceof SkipSource) return { skipped: { source: url, reason: error.reason } };
      return { skipped: { source: url, reason: `could not be read (${(error as Error).message})` } };
    }
  }

  return {
    async *read(sources) {
      for (const source of sources) {
        if (/^https?:\/\//i.test(source)) {
          yield await readUrl(source);
          continue;
        }
        let stat;
        try {
          stat = await fs.stat(source);
        } catch {
          yield {
            skipped: { source: fileSource(path.resolve(source), workingFolder), reason: 'not found: check the path' },
          };
          continue;
        }
        if (stat.isDirectory()) {
          for (const file of await filesUnder(source)) yield await readFile(file);
        } else yield await readFile(source);
      }
    },
  };
}
