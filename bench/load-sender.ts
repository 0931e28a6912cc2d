/**
 * The load generator of `npm run bench:load`, in a process of its own: it does nothing but send the deliveries it is
 * given and time them, so the acknowledgement it measures is what a platform waits for, not how busy the benchmark's
 * own event loop is (the fake Slack API, Bot Framework connector and model answering the server's calls, and the
 * polling for answers, all run in the parent).
 *
 * Requests are written as raw HTTP/1.1 over sockets: Node's HTTP client spends a few tenths of a millisecond of
 * processor time a request, which on a small machine is taken from the server being measured and, for a burst sent
 * from one event loop, adds to the wait of every later delivery (platforms send from many machines at once).
 *
 * Connections, as given on the command line:
 * - `kept` (default): as a reverse proxy or load balancer in front of the replicas does, connections are kept open
 *   and reused, one request at a time each; a burst larger than the connections open opens more.
 * - `new`: every delivery on a new connection, as a platform talking to Pont directly with nothing to reuse would.
 *
 * Takes, over IPC, `{ id, deliveries: [{ url, headers, body }] }`; sends them all at once; answers
 * `{ id, results: [{ status, ms }] }`, where `ms` runs from the moment the delivery is started (a connection taken or
 * asked for) to the last byte of the response.
 */
import net from 'node:net';

export interface Delivery {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface Sent {
  status: number;
  ms: number;
}

const keep = !process.argv.includes('new');
const headerEnd = Buffer.from('\r\n\r\n');
const idle = new Map<string, net.Socket[]>();

interface Request {
  host: string;
  port: number;
  bytes: Buffer;
}

/** The request's bytes, ready before the burst leaves. */
function requestBytes(delivery: Delivery): Request {
  const url = new URL(delivery.url);
  const body = Buffer.from(delivery.body);
  const headers = {
    ...delivery.headers,
    host: url.host,
    connection: keep ? 'keep-alive' : 'close',
    'content-length': String(body.length),
  };
  const head = `POST ${url.pathname}${url.search} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
  return { host: url.hostname, port: Number(url.port), bytes: Buffer.concat([Buffer.from(head, 'latin1'), body]) };
}

/** Whether `received` holds a whole response: its status and whether the server keeps the connection, if so. */
function complete(received: Buffer): { status: number; reusable: boolean } | undefined {
  const end = received.indexOf(headerEnd);
  if (end < 0) return undefined;
  const head = received.subarray(0, end).toString('latin1');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  const reusable = !/\r\nconnection: *close/i.test(head);
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  const body = received.subarray(end + headerEnd.length);
  if (length) return body.length >= Number(length[1]) ? { status, reusable } : undefined;
  if (/\r\ntransfer-encoding: *chunked/i.test(head))
    return body.includes('0\r\n\r\n') ? { status, reusable } : undefined;
  return undefined; // NOTE: neither: the response ends when the server closes the connection.
}

/** One attempt on one connection; resolves with undefined when a kept connection turned out closed (try a new one). */
function attempt(request: Request, started: number): Promise<Sent | undefined> {
  const address = `${request.host}:${request.port}`;
  const kept = keep ? idle.get(address)?.pop() : undefined;
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    let done = false;
    const socket = kept ?? net.connect({ host: request.host, port: request.port });
    const finish = (result: Sent | undefined, reusable = false) => {
      if (done) return;
      done = true;
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onError);
      if (reusable && keep) (idle.get(address) ?? idle.set(address, []).get(address)!).push(socket);
      else socket.destroy();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const response = complete(received);
      if (response) finish({ status: response.status, ms: performance.now() - started }, response.reusable);
    };
    const onEnd = () => {
      if (kept && received.length === 0) finish(undefined);
      else
        finish({
          status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(received.toString('latin1'))?.[1] ?? 0),
          ms: performance.now() - started,
        });
    };
    const onError = () =>
      finish(kept && received.length === 0 ? undefined : { status: 0, ms: performance.now() - started });
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('error', onError);
    if (kept) socket.write(request.bytes);
    else socket.once('connect', () => socket.write(request.bytes));
  });
}

async function send(request: Request): Promise<Sent> {
  const started = performance.now();
  // NOTE: a kept connection the server closed while idle is found closed on use; the delivery goes on a new one.
  for (;;) {
    const sent = await attempt(request, started);
    if (sent) return sent;
  }
}

process.on('message', (message: { id: number; deliveries: Delivery[] }) => {
  const requests = message.deliveries.map(requestBytes);
  // NOTE: every request is started before any is waited on: the burst leaves in one go.
  const sending = requests.map(send);
  void Promise.all(sending).then((results) => process.send!({ id: message.id, results }));
});
