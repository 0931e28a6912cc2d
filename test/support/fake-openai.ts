import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake server received, as sent. */
export interface RecordedRequest {
  method: string;
  /** Path with query string, e.g. /v1/chat/completions or /openai/deployments/d/chat/completions?api-version=… */
  url: string;
  headers: http.IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export type ScriptedResponse =
  /** `pauseMs`: when streamed, wait this long before each word (a model writing at a visible pace). */
  | { kind: 'text'; text: string; pauseMs?: number }
  | { kind: 'tool'; calls: { name: string; arguments: unknown }[] }
  | { kind: 'error'; status: number; headers?: Record<string, string>; message?: string }
  /** Never answers (until the server closes): for timeouts. */
  | { kind: 'hang' };

/** Decides a chat answer from the request (after any queued responses are used up). */
export type ChatResponder = (request: RecordedRequest) => ScriptedResponse;

export interface FakeOpenAI {
  /** Base URL for the OpenAI client (…/v1) — also the Azure endpoint when used without /v1. */
  baseUrl: string;
  origin: string;
  requests: RecordedRequest[];
  chatRequests(): RecordedRequest[];
  embeddingRequests(): RecordedRequest[];
  /** Answers for the next chat requests, in order. */
  enqueue(...responses: ScriptedResponse[]): void;
  /** Failures for the next embedding requests, in order. */
  enqueueEmbedding(...responses: Extract<ScriptedResponse, { kind: 'error' }>[]): void;
  /** Replaces the default chat responder. */
  respondWith(responder: ChatResponder): void;
  /** Resolves once no response is being written (a streamed answer finished, or its client went away). */
  idle(): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

const dimensions = 64;

function tokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 2);
}

/** A deterministic bag-of-words vector, so texts sharing words are near each other. */
export function fakeEmbedding(text: string): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of words(text)) {
    let hash = 2166136261;
    for (const character of word) hash = Math.imul(hash ^ character.codePointAt(0)!, 16777619);
    vector[Math.abs(hash) % dimensions]! += 1;
  }
  const length = Math.hypot(...vector) || 1;
  return vector.map((value) => value / length);
}

// A rough stem: "approve"/"approved", "retire"/"retired" (enough for a fake).
const stem = (word: string) => word.slice(0, 6);
const questionFiller = new Set([
  'what',
  'when',
  'which',
  'where',
  'does',
  'were',
  'often',
  'many',
  'much',
  'long',
  'with',
  'about',
  'from',
  'have',
  'beth',
  'pryd',
  'oedd',
  'sydd',
]);

interface Passage {
  number: number;
  title: string;
  text: string;
}

/** Reads the numbered passages out of a Pont answer request's data block. */
export function passagesIn(content: string): Passage[] {
  const block = /<<<PASSAGES (\w+)>>>\n([\s\S]*?)<<<END PASSAGES \1>>>/.exec(content);
  if (!block) return [];
  const passages: Passage[] = [];
  for (const match of block[2]!.matchAll(/\[(\d+)\] title: "(.*)"\nsource: .*\ntext: "([\s\S]*?)"\n/g)) {
    passages.push({ number: Number(match[1]), title: match[2]!, text: match[3]! });
  }
  return passages;
}

/**
 * The default answer: like a careful model, it picks the sentence of the sent passages that best covers the
 * question's words (rare words count most) and quotes it with a citation; when no sentence covers at least
 * half the question, it says NO_ANSWER. Nothing is hard-coded: it only knows what it was sent.
 */
export const quotingResponder: ChatResponder = (request) => {
  const messages: { role: string; content: string }[] = request.body.messages ?? [];
  const user = [...messages].reverse().find((message) => message.role === 'user')?.content ?? '';
  const passages = passagesIn(user);
  if (passages.length === 0) return { kind: 'text', text: 'How can I help?' };
  const question = /^Question: (.*)$/m.exec(user)?.[1] ?? '';
  const welsh = /^Answer in: Welsh/m.test(user);
  const sentences = passages.flatMap((passage) =>
    passage.text
      .split(/(?<=[.!?])\s+|\n+/)
      .map((sentence) => sentence.replace(/^[-*•]\s+/, '').trim())
      .filter(Boolean)
      .map((sentence) => ({ passage, sentence, words: new Set(words(sentence).map(stem)) })),
  );
  const asked = [
    ...new Set(
      words(question)
        .filter((word) => word.length > 3 && !questionFiller.has(word))
        .map(stem),
    ),
  ];
  const weight = (word: string) =>
    Math.log(1 + sentences.length / (1 + sentences.filter((candidate) => candidate.words.has(word)).length));
  const total = asked.reduce((sum, word) => sum + weight(word), 0);
  let best: { passage: Passage; sentence: string; score: number } | null = null;
  for (const candidate of sentences) {
    const score =
      asked.filter((word) => candidate.words.has(word)).reduce((sum, word) => sum + weight(word), 0) / (total || 1);
    if (!best || score > best.score) best = { ...candidate, score };
  }
  if (!best || best.score < 0.5) return { kind: 'text', text: 'NO_ANSWER' };
  const quote = best.sentence.replace(/\s*\(source:[^)]*\)|\s*\(ffynhonnell:[^)]*\)/g, '').replace(/[.!?]$/, '');
  const lead = welsh ? `Yn ôl "${best.passage.title}",` : `According to "${best.passage.title}",`;
  return {
    kind: 'text',
    text: `${lead} ${quote.charAt(0).toLowerCase()}${quote.slice(1)} [${best.passage.number}].\nSOURCES\n[${best.passage.number}] "${quote}"`,
  };
};

function sendJson(
  response: http.ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(value));
}

function chatCompletion(request: RecordedRequest, scripted: Extract<ScriptedResponse, { kind: 'text' | 'tool' }>) {
  const promptTokens = tokens(JSON.stringify(request.body.messages ?? []));
  const toolCalls =
    scripted.kind === 'tool'
      ? scripted.calls.map((call, index) => ({
          id: `call_${index + 1}`,
          type: 'function',
          function: {
            name: call.name,
            arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
          },
        }))
      : undefined;
  const text = scripted.kind === 'text' ? scripted.text : null;
  return {
    text,
    toolCalls,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: tokens(text ?? JSON.stringify(toolCalls)),
      total_tokens: 0,
    },
  };
}

async function streamChat(
  response: http.ServerResponse,
  model: string,
  completion: ReturnType<typeof chatCompletion>,
  pauseMs = 0,
): Promise<void> {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model };
  const send = (value: unknown) => response.write(`data: ${JSON.stringify(value)}\n\n`);
  send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
  if (completion.text !== null) {
    for (const piece of completion.text.match(/\S+\s*|\s+/g) ?? []) {
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      if (response.destroyed) return;
      send({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
    }
  }
  for (const [index, call] of (completion.toolCalls ?? []).entries()) {
    const half = Math.ceil(call.function.arguments.length / 2);
    send({
      ...base,
      choices: [
        {
          index: 0,
          delta: {
            tool_calls: [
              {
                index,
                id: call.id,
                type: 'function',
                function: { name: call.function.name, arguments: call.function.arguments.slice(0, half) },
              },
            ],
          },
          finish_reason: null,
        },
      ],
    });
    send({
      ...base,
      choices: [
        {
          index: 0,
          delta: { tool_calls: [{ index, function: { arguments: call.function.arguments.slice(half) } }] },
          finish_reason: null,
        },
      ],
    });
  }
  send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: completion.toolCalls ? 'tool_calls' : 'stop' }] });
  completion.usage.total_tokens = completion.usage.prompt_tokens + completion.usage.completion_tokens;
  send({ ...base, choices: [], usage: completion.usage });
  response.end('data: [DONE]\n\n');
}

/**
 * A local OpenAI-compatible server on 127.0.0.1 for tests and the answers bench: chat completions (plain and
 * streamed as server-sent events, with tool calls), embeddings, and scripted failures (429 with Retry-After,
 * 500). Every request is recorded so tests can assert exactly what the model was sent.
 */
export async function startFakeOpenAI(options: { responder?: ChatResponder } = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedResponse[] = [];
  const embeddingQueue: ScriptedResponse[] = [];
  let responder = options.responder ?? quotingResponder;
  let writing = 0;
  let whenIdle: (() => void)[] = [];

  const server = http.createServer((incoming, response) => {
    writing += 1;
    response.once('close', () => {
      writing -= 1;
      if (writing > 0) return;
      const waiting = whenIdle;
      whenIdle = [];
      for (const resolve of waiting) resolve();
    });
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        sendJson(response, 400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
        return;
      }
      const recorded: RecordedRequest = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        headers: incoming.headers,
        body,
      };
      requests.push(recorded);
      const pathname = new URL(recorded.url, 'http://fake').pathname;
      const isChat = pathname.endsWith('/chat/completions');
      const isEmbeddings = pathname.endsWith('/embeddings');
      if (!isChat && !isEmbeddings) {
        sendJson(response, 404, { error: { message: `no route ${pathname}`, type: 'invalid_request_error' } });
        return;
      }
      const scripted = isChat ? (queue.shift() ?? responder(recorded)) : (embeddingQueue.shift() ?? null);
      if (scripted?.kind === 'hang') return;
      if (scripted?.kind === 'error') {
        sendJson(
          response,
          scripted.status,
          { error: { message: scripted.message ?? `scripted ${scripted.status}`, type: 'server_error' } },
          scripted.headers,
        );
        return;
      }
      const model = String(recorded.body?.model ?? 'fake-model');
      if (isEmbeddings) {
        const input: string[] = Array.isArray(recorded.body.input) ? recorded.body.input : [recorded.body.input];
        sendJson(response, 200, {
          object: 'list',
          model,
          data: input.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) })),
          usage: { prompt_tokens: tokens(input.join(' ')), total_tokens: tokens(input.join(' ')) },
        });
        return;
      }
      const completion = chatCompletion(recorded, scripted!);
      if (recorded.body.stream) {
        void streamChat(response, model, completion, scripted?.kind === 'text' ? scripted.pauseMs : 0);
        return;
      }
      completion.usage.total_tokens = completion.usage.prompt_tokens + completion.usage.completion_tokens;
      sendJson(response, 200, {
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: completion.text,
              ...(completion.toolCalls ? { tool_calls: completion.toolCalls } : {}),
            },
            finish_reason: completion.toolCalls ? 'tool_calls' : 'stop',
          },
        ],
        usage: completion.usage,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    baseUrl: `${origin}/v1`,
    origin,
    requests,
    chatRequests: () => requests.filter((request) => request.url.includes('/chat/completions')),
    embeddingRequests: () => requests.filter((request) => request.url.includes('/embeddings')),
    enqueue: (...responses) => void queue.push(...responses),
    enqueueEmbedding: (...responses) => void embeddingQueue.push(...responses),
    respondWith: (next) => void (responder = next),
    idle: () => (writing === 0 ? Promise.resolve() : new Promise<void>((resolve) => whenIdle.push(resolve))),
    reset() {
      requests.length = 0;
      queue.length = 0;
      embeddingQueue.length = 0;
      responder = options.responder ?? quotingResponder;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
