import type http from 'node:http';

/** Why a request body could not be read as JSON, with the HTTP status that says so. */
export class UnreadableBody extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

const jsonType = /^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i;

/**
 * Reads a JSON request body of at most `limit` bytes: the parsed value, or undefined when the body is empty or not
 * declared as JSON (the caller's own check then says what is missing). Throws UnreadableBody for JSON that does not
 * parse (400), a body over the limit (413, found from Content-Length before anything is read, or while reading) and a
 * compressed body (415). A body that is refused is still read to its end, so the connection stays usable for the
 * answer.
 *
 * For the platform endpoints, whose acknowledgement a burst of deliveries waits on: it does one Buffer.concat and one
 * JSON.parse and nothing else (see docs/develop/benchmarks.md, "A leaner Teams acknowledgement").
 */
export function readJsonBody(request: http.IncomingMessage, limit: number): Promise<unknown> {
  // NOTE: a body another parser already read is not read again (its 'end' has gone): its result is taken as it is.
  if (request.readableEnded) return Promise.resolve((request as { body?: unknown }).body);
  return new Promise((resolve, reject) => {
    const refuse = (error: UnreadableBody) => {
      request.resume();
      reject(error);
    };
    if (!jsonType.test(request.headers['content-type'] ?? '')) {
      request.resume();
      resolve(undefined);
      return;
    }
    const encoding = request.headers['content-encoding'];
    if (encoding && encoding.toLowerCase() !== 'identity') {
      refuse(new UnreadableBody(415, `the body is compressed (${encoding}), which is not accepted here`));
      return;
    }
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      refuse(new UnreadableBody(413, `the body is ${declared} bytes, over the limit of ${limit}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      request.off('data', onData);
      request.off('end', onEnd);
      chunks.length = 0;
      refuse(new UnreadableBody(413, `the body is over the limit of ${limit} bytes`));
    };
    const onEnd = () => {
      // NOTE: a byte-order mark is allowed before JSON, and an empty body is no JSON at all (the caller's check says
      // what is missing), as Express's parser had it.
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8').replace(/^\uFEFF/, '');
      if (text.trim() === '') {
        resolve(undefined);
        return;
      }
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        reject(new UnreadableBody(400, `the body is not valid JSON (${(error as Error).message})`));
      }
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.once('error', (error) => reject(new UnreadableBody(400, `the body could not be read (${error.message})`)));
  });
}
