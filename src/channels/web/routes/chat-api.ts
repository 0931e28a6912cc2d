import type express from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Incoming } from '../../../core/assistant/index.ts';
import type { Language } from '../../../core/language/index.ts';
import { sameOriginGuard, visitorOf, type Visitor } from '../access.ts';
import { apiPost, apiRoute, failure, parseBody, requestLanguage, type WebContext } from '../context.ts';
import { languageSchema } from '../cookies.ts';
import type { StringKey } from '../strings.ts';

// NOTE: a schema's messages are keys of the page strings, so the reply is in the page's language.
const chatBody = z.object({
  text: z.string().max(4000, 'messageTooLong' satisfies StringKey),
  language: languageSchema.optional(),
});
const helpfulBody = z.object({ helpful: z.boolean() });

/** The chat API: a message to the assistant (`POST /api/chat`, whole or streamed) and feedback on an answer. */
export function chatApiRoutes(router: express.Router, context: WebContext): void {
  const { dependencies, guard, json } = context;
  const { logger, assistant, people } = dependencies;

  /** The core's view of a chat message from the page. */
  async function chatIncoming(request: Request, visitor: Visitor, language: Language): Promise<Incoming> {
    const body = parseBody(chatBody, request.body);
    const person = visitor.email ? await people.getOwnProfile(visitor.email) : null;
    return {
      channel: 'web',
      channelUserId: visitor.email,
      person,
      email: visitor.email,
      isAdmin: visitor.isAdmin,
      text: body.text,
      locale: (body.language ?? language) === 'cy' ? 'cy-GB' : 'en-GB',
    };
  }

  /**
   * A chat reply streamed as newline-delimited JSON: `{"type":"text","text":…}` for each piece of a
   * model-written answer as it is written (provisional), then `{"type":"reply","reply":…}` with the final
   * reply, or `{"type":"error","status":…,"error":…}`. Until the first piece is written nothing is sent, so a
   * refusal before then is the usual JSON error with its status.
   */
  async function streamChat(request: Request, response: Response): Promise<void> {
    const visitor = visitorOf(response);
    const language = requestLanguage(request);
    let gone = false;
    response.on('close', () => {
      gone = !response.writableFinished;
    });
    const send = (event: Record<string, unknown>) => {
      if (gone || response.destroyed) return;
      if (!response.headersSent) {
        response.status(200).set({
          'Content-Type': 'application/x-ndjson; charset=utf-8',
          'Cache-Control': 'no-store',
          'X-Accel-Buffering': 'no',
        });
        response.flushHeaders();
      }
      response.write(`${JSON.stringify(event)}\n`);
    };
    try {
      const incoming = await chatIncoming(request, visitor, language);
      const reply = await assistant.handle(incoming, {
        onText: (delta) => delta && send({ type: 'text', text: delta }),
      });
      send({ type: 'reply', reply });
    } catch (error) {
      const refused = failure(logger, error, request, language);
      if (!response.headersSent) {
        if (!gone) response.status(refused.status).json({ error: refused.error });
        return;
      }
      send({ type: 'error', ...refused });
    }
    if (!gone && !response.destroyed) response.end();
  }

  router.post(
    '/api/chat',
    guard,
    sameOriginGuard,
    json,
    (request, response, next) => {
      // NOTE: only a client that asks for NDJSON gets the stream; any other gets the whole reply as JSON.
      if (/\bapplication\/x-ndjson\b/i.test(request.get('accept') ?? '')) void streamChat(request, response);
      else next();
    },
    apiRoute(logger, async (request, _response, visitor, language) => ({
      reply: await assistant.handle(await chatIncoming(request, visitor, language)),
    })),
  );

  apiPost(router, context, '/api/answers/:id/feedback', async (request, _response, visitor) => {
    const { helpful } = parseBody(helpfulBody, request.body);
    await assistant.feedback(String(request.params.id), helpful, visitor.email);
    return { ok: true };
  });
}
