/**
 * The load generator of `npm run bench:load`, in a process of its own: it does nothing but send the deliveries it is
 * given and time them, so the acknowledgement it measures is what a platform waits for, not how busy the benchmark's
 * own event loop is (the fake Slack API, Bot Framework connector and model answering the server's calls, and the
 * polling for answers, all run in the parent).
 *
 * Takes, over IPC, `{ id, deliveries: [{ url, headers, body }] }`; sends them all at once, each on a new connection
 * (as a platform with no connection to reuse would); answers `{ id, results: [{ status, ms }] }`, where `ms` runs from
 * the moment the request is started (the connection opened) to the last byte of the response.
 */
import http from 'node:http';

export interface Delivery {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface Sent {
  status: number;
  ms: number;
}

function send(delivery: Delivery): Promise<Sent> {
  return new Promise((resolve) => {
    const started = performance.now();
    const request = http.request(
      delivery.url,
      {
        method: 'POST',
        agent: false,
        headers: { ...delivery.headers, 'content-length': String(Buffer.byteLength(delivery.body)) },
      },
      (response) => {
        response.resume();
        response.once('end', () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - started }));
        response.once('error', () => resolve({ status: 0, ms: performance.now() - started }));
      },
    );
    request.once('error', () => resolve({ status: 0, ms: performance.now() - started }));
    request.end(delivery.body);
  });
}

process.on('message', (message: { id: number; deliveries: Delivery[] }) => {
  // NOTE: every request is started before any is waited on: the burst leaves in one go.
  const sending = message.deliveries.map(send);
  void Promise.all(sending).then((results) => process.send!({ id: message.id, results }));
});
