/**
 * The floor of `npm run bench:load -- --floor`: a server that does the least an acknowledgement needs (read the body,
 * parse it, record it in PostgreSQL with the same batching as Pont's inbox, on two connections, and answer 200) and
 * nothing else. The same bursts sent to it show how much of an acknowledgement's time is this machine's (its two
 * cores shared by the sender, PostgreSQL and the replicas) rather than Pont's. Prints `listening PORT` once ready.
 *
 * Environment: DATABASE_URL (with its search_path), FLOOR_TABLE (created if missing).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';

const table = process.env.FLOOR_TABLE ?? 'ack_floor';
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
await pool.query(`create table if not exists ${table} (key text primary key, payload jsonb not null)`);

let writing = 0;
let waiting: { payload: string; done: () => void; failed: () => void }[] = [];
function record(): void {
  if (writing >= 2 || waiting.length === 0) return;
  const batch = waiting;
  waiting = [];
  writing += 1;
  const values = batch.map((_, index) => `($${index * 2 + 1}, $${index * 2 + 2}::jsonb)`).join(', ');
  pool
    .query(
      `insert into ${table} (key, payload) values ${values} on conflict (key) do nothing`,
      batch.flatMap((entry) => [randomUUID(), entry.payload]),
    )
    .then(
      () => batch.forEach((entry) => entry.done()),
      () => batch.forEach((entry) => entry.failed()),
    )
    .finally(() => {
      writing -= 1;
      record();
    });
}

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const reply = (status: number) => {
      response.writeHead(status, { 'content-length': '0' });
      response.end();
    };
    let payload: string;
    try {
      payload = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch {
      reply(400);
      return;
    }
    waiting.push({ payload, done: () => reply(200), failed: () => reply(500) });
    record();
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as { port: number }).port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void pool.end();
});
