import type express from 'express';
import { z } from 'zod';
import { actorOf, apiPost, apiRoute, BadInput, parseBody, requireIdentity, type WebContext } from '../context.ts';
import { languageSchema } from '../cookies.ts';
import type { StringKey } from '../strings.ts';

// NOTE: a schema's messages are keys of the page strings, so the reply is in the page's language.
const openRequestBody = z.object({
  text: z
    .string()
    .trim()
    .min(1, 'requestEmpty' satisfies StringKey)
    .max(4000, 'requestTooLong' satisfies StringKey),
  // 'other' (every other council), 'both' (every council), or the ids of the councils to ask; the core checks the ids.
  target: z
    .union([z.enum(['other', 'both']), z.array(z.string().trim().min(1).max(60)).min(1).max(50)])
    .default('other'),
  language: languageSchema.optional(),
  clientKey: z.string().max(200).optional(),
});
const answerBody = z.object({
  text: z
    .string()
    .trim()
    .min(1, 'answerEmpty' satisfies StringKey)
    .max(8000, 'answerTooLong' satisfies StringKey),
  consentToShare: z.boolean().default(false),
});
const helpfulBody = z.object({ helpful: z.boolean() });
const simpleActions = ['claim', 'decline', 'close', 'cancel'] as const;

/**
 * The sharing requests API: list, open and read requests, and take the actions the core lists for the reader
 * (answer, rate, claim, decline, close, cancel). The core decides who may do what; these routes only pass it on.
 */
export function requestsApiRoutes(router: express.Router, context: WebContext): void {
  const { dependencies, guard } = context;
  const { logger, sharing } = dependencies;

  router.get(
    '/api/requests',
    guard,
    apiRoute(logger, async (_request, _response, visitor) => {
      const email = requireIdentity(visitor);
      return { requests: await sharing.list({ involving: email, viewer: email, isAdmin: visitor.isAdmin }) };
    }),
  );

  apiPost(router, context, '/api/requests', async (request, _response, visitor, language) => {
    const body = parseBody(openRequestBody, request.body);
    const email = requireIdentity(visitor);
    const opened = await sharing.open({
      text: body.text,
      fromEmail: email,
      target: body.target,
      language: body.language ?? language,
      clientKey: body.clientKey,
    });
    return { request: opened };
  });

  router.get(
    '/api/requests/:id',
    guard,
    apiRoute(logger, async (request, _response, visitor) => {
      const viewer = requireIdentity(visitor);
      const id = String(request.params.id);
      const reader = { viewer, isAdmin: visitor.isAdmin };
      return { request: await sharing.get(id, reader), events: await sharing.events(id, reader) };
    }),
  );

  apiPost(router, context, '/api/requests/:id/answer', async (request, _response, visitor) => {
    const body = parseBody(answerBody, request.body);
    requireIdentity(visitor);
    return {
      request: await sharing.answer(String(request.params.id), body.text, actorOf(visitor), {
        consentToShare: body.consentToShare,
      }),
    };
  });

  apiPost(router, context, '/api/requests/:id/helpful', async (request, _response, visitor) => {
    const { helpful } = parseBody(helpfulBody, request.body);
    requireIdentity(visitor);
    return { request: await sharing.markHelpful(String(request.params.id), helpful, actorOf(visitor)) };
  });

  apiPost(router, context, '/api/requests/:id/:action', async (request, _response, visitor) => {
    const action = simpleActions.find((candidate) => candidate === request.params.action);
    if (!action) throw new BadInput('unknownAction');
    requireIdentity(visitor);
    return { request: await sharing[action](String(request.params.id), actorOf(visitor)) };
  });
}
