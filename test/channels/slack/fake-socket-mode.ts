import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A tiny Socket Mode server for one test: accepts the WebSocket the Slack client opens (RFC 6455 handshake),
 * says `hello`, sends envelopes, and records the acknowledgements the client sends back. Text frames, pings
 * and close only: what Slack's Socket Mode uses.
 */
export interface FakeSocketMode {
  url: string;
  /** Envelope ids the client acknowledged. */
  acks: string[];
  connected(): Promise<void>;
  send(envelope: unknown): void;
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const guid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : length < 65536
        ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
        : Buffer.concat([
            Buffer.from([0x80 | opcode, 127]),
            (() => {
              const size = Buffer.alloc(8);
              size.writeBigUInt64BE(BigInt(length));
              return size;
            })(),
          ]);
  return Buffer.concat([header, payload]);
}

export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const acks: string[] = [];
  const waiters = new Set<() => void>();
  let socket: Duplex | null = null;
  let onConnect: (() => void) | null = null;
  const connectedPromise = new Promise<void>((resolve) => {
    onConnect = resolve;
  });
  const server = http.createServer((_request, response) => response.writeHead(426).end());

  server.on('upgrade', (request, upgraded: Duplex) => {
    const key = String(request.headers['sec-websocket-key'] ?? '');
    const accept = createHash('sha1')
      .update(key + guid)
      .digest('base64');
    upgraded.write(
      [
        'HTTP/1.1 101 Switching Protocols',
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Accept: ${accept}`,
        '',
        '',
      ].join('\r\n'),
    );
    socket = upgraded;
    let buffered = Buffer.alloc(0);
    upgraded.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        if (buffered.length < 2) return;
        const opcode = buffered[0]! & 0x0f;
        let length = buffered[1]! & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffered.length < 4) return;
          length = buffered.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffered.length < 10) return;
          length = Number(buffered.readBigUInt64BE(2));
          offset = 10;
        }
        // Frames from a client are always masked.
        if (buffered.length < offset + 4 + length) return;
        const mask = buffered.subarray(offset, offset + 4);
        const payload = Buffer.from(buffered.subarray(offset + 4, offset + 4 + length));
        for (let index = 0; index < payload.length; index += 1) payload[index]! ^= mask[index % 4]!;
        buffered = buffered.subarray(offset + 4 + length);
        if (opcode === 0x9) upgraded.write(frame(0xa, payload));
        else if (opcode === 0x8) upgraded.end(frame(0x8, Buffer.alloc(0)));
        else if (opcode === 0x1) {
          const message = JSON.parse(payload.toString('utf8')) as { envelope_id?: string };
          if (message.envelope_id) acks.push(message.envelope_id);
          for (const waiter of [...waiters]) waiter();
        }
      }
    });
    upgraded.on('error', () => undefined);
    upgraded.write(
      frame(
        0x1,
        Buffer.from(
          JSON.stringify({
            type: 'hello',
            num_connections: 1,
            debug_info: { host: 'fake', approximate_connection_time: 3600 },
            connection_info: { app_id: 'A0PONTAPP1' },
          }),
        ),
      ),
    );
    onConnect?.();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `ws://127.0.0.1:${port}/link`,
    acks,
    connected: () => connectedPromise,
    send(envelope) {
      socket?.write(frame(0x1, Buffer.from(JSON.stringify(envelope))));
    },
    waitForAck(envelopeId, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (acks.includes(envelopeId)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ack for ${envelopeId}; acks: ${acks.join(', ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      socket?.destroy();
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
