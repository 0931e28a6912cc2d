import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkSections } from '../../../src/core/knowledge/index.ts';
import { parseMarkdown } from '../../../src/ingest/index.ts';
import { postgresReachable, postgresUrl, uniqueSchema } from '../../support/stores.ts';

// NOTE: run against the PostgreSQL server, which a second connection can watch while `pont ingest` runs
// in another process; the embedded database belongs to the one process that opened it.
const reachable = await postgresReachable();

describe.runIf(reachable)('pont ingest killed midway', () => {
  const schema = uniqueSchema('pont_kill');
  let folder: string;
  let client: pg.Client;
  const fileCount = 120;

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-kill-'));
    for (let file = 0; file < fileCount; file += 1) {
      const sections = Array.from({ length: 12 }, (_, section) =>
        [
          `## Section ${section}`,
          ...Array.from({ length: 4 }, (_, paragraph) =>
            `Document ${file} section ${section} paragraph ${paragraph} says something about the federation. `.repeat(
              6,
            ),
          ),
        ].join('\n\n'),
      );
      fs.writeFileSync(
        path.join(folder, `document-${String(file).padStart(3, '0')}.md`),
        `# Document ${file}\n\n${sections.join('\n\n')}\n`,
      );
    }
    client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`create schema ${schema}`);
  });
  afterAll(async () => {
    await client?.query(`drop schema if exists ${schema} cascade`);
    await client?.end();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('leaves every document either fully indexed or not at all', async () => {
    const databaseUrl = `${postgresUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const child = spawn(process.execPath, ['bin/pont.js', 'ingest', folder, '--json'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

    let indexed = 0;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && child.exitCode === null) {
      const rows = await client
        .query<{ count: number }>(`select count(*)::int as count from ${schema}.knowledge_documents`)
        .then(
          (result) => result.rows,
          () => [{ count: 0 }],
        );
      indexed = rows[0]!.count;
      if (indexed >= 3) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    await exited;

    const documents = await client.query<{ source: string; chunks: number }>(
      `select document.source, count(chunk.id)::int as chunks
       from ${schema}.knowledge_documents document left join ${schema}.knowledge_chunks chunk on chunk.document_id = document.id
       group by document.source`,
    );
    expect(documents.rows.length).toBeGreaterThanOrEqual(3);
    expect(documents.rows.length).toBeLessThan(fileCount);
    for (const row of documents.rows) {
      const expected = chunkSections(parseMarkdown(fs.readFileSync(row.source, 'utf8'), row.source).sections).length;
      expect({ source: row.source, chunks: row.chunks }).toEqual({ source: row.source, chunks: expected });
    }
  });
});
