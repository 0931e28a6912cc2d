/**
 * The load generator of `npm run bench:load`, in a process of its own: it does nothing but send the deliveries it is
 * given and time them, so the acknowledgement it measures is what a platform waits for, not how busy the benchmark's
 * own event loop is (the fake Slack API, Bot Framework connector and model answering the server's calls, and the
 * polling for answers, all run in the parent).
 *
 * Each delivery goes on a new connection (as a platform with no connection to reuse would), written as raw HTTP/1.1
 * over a socket: Node's HTTP client spends a few tenths of a millisecond of processor time a request, which on a
 * small machine is taken from the server being measured and, for a burst sent from one event loop, adds to the wait
 * of every later delivery. Platforms send from many machines at once.
 *
 * Takes, over IPC, `{ id, deliveries: [{ url, headers, body }] }`; sends them all at once; answers
 * `{ id, results: [{ status, ms }] }`, where `ms` runs from the moment the connection is asked for to the last byte of
 * the response.
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

const headerEnd = Buffer.from('\r\n\r\n');

/** The request's bytes, ready before the burst leaves. */
function requestBytes(delivery: Delivery): { host: string; port: number; bytes: Buffer } {
  const url = new URL(delivery.url);
  const body = Buffer.from(delivery.body);
  const headers = { ...delivery.headers, host: url.host, connection: 'close', 'content-length': String(body.length) };
  const head = `POST ${url.pathname}${url.search} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
  return { host: url.hostname, port: Number(url.port), bytes: Buffer.concat([Buffer.from(head, 'latin1'), body]) };
}

/** Whether `received` holds a whole response; its status if so. */
function complete(received: Buffer): number | undefined {
  const end = received.indexOf(headerEnd);
  if (end < 0) return undefined;
  const head = received.subarray(0, end).toString('latin1');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  const body = received.subarray(end + headerEnd.length);
  if (length) return body.length >= Number(length[1]) ? status : undefined;
  if (/\r\ntransfer-encoding: *chunked/i.test(head)) return body.includes('0\r\n\r\n') ? status : undefined;
  return undefined; // NOTE: neither: the response ends when the server closes the connection.
}

function send(request: { host: string; port: number; bytes: Buffer }): Promise<Sent> {
  return new Promise((resolve) => {
    const started = performance.now();
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (status: number) => {
      if (done) return;
      done = true;
      resolve({ status, ms: performance.now() - started });
      socket.destroy();
    };
    const socket = net.connect({ host: request.host, port: request.port }, () => socket.write(request.bytes));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const status = complete(received);
      if (status !== undefined) finish(status);
    });
    socket.once('end', () => finish(Number(/^HTTP\/1\.[01] (\d{3})/.exec(received.toString('latin1'))?.[1] ?? 0)));
    socket.once('error', () => finish(0));
  });
}

process.on('message', (message: { id: number; deliveries: Delivery[] }) => {
  const requests = message.deliveries.map(requestBytes);
  // NOTE: every request is started before any is waited on: the burst leaves in one go.
  const sending = requests.map(send);
  void Promise.all(sending).then((results) => process.send!({ id: message.id, results }));
});
