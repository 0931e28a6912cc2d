import type express from 'express';
import { z } from 'zod';
import { isAdmin as adminOfAnyCouncil } from '../../../core/councils/index.ts';
import { apiPost, apiRoute, BadInput, identityOf, parseBody, type WebContext } from '../context.ts';
import { localSessionHours, secureCookies, setSessionCookie } from '../cookies.ts';
import type { PageIdentity } from '../pages.ts';
import type { StringKey } from '../strings.ts';

// NOTE: a schema's messages are keys of the page strings, so the reply is in the page's language.
const identityBody = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .email('emailInvalid' satisfies StringKey),
});

/** Who the page acts for: `GET /api/me`, and choosing yourself from the directory with `POST /api/identity`. */
export function profileRoutes(router: express.Router, context: WebContext): void {
  const { dependencies, sessions, guard } = context;
  const { config, logger, people } = dependencies;

  router.get(
    '/api/me',
    guard,
    apiRoute(logger, async (_request, _response, visitor) => ({
      identity: await identityOf(people, visitor),
      canSeeDashboard: visitor.canSeeDashboard,
    })),
  );

  apiPost(router, context, '/api/identity', async (request, response, visitor) => {
    const { email } = parseBody(identityBody, request.body);
    // NOTE: only visible profiles can be chosen, so the picker cannot tell anyone that a hidden profile exists.
    const person = visitor.signedIn ? await people.getOwnProfile(email) : await people.getPerson(email);
    if (!person) throw new BadInput('identityNotFound');
    if (visitor.sessionToken) {
      await sessions.setEmail(visitor.sessionToken, person.email);
    } else {
      const token = await sessions.create({ email: person.email, signedInWithToken: false }, localSessionHours);
      setSessionCookie(response, token, localSessionHours, secureCookies(request, config.publicUrl));
    }
    const isAdmin = visitor.signedIn || adminOfAnyCouncil(person.email);
    return {
      identity: { email: person.email, name: person.name, council: person.council, isAdmin } satisfies PageIdentity,
      canSeeDashboard: isAdmin || visitor.canSeeDashboard,
    };
  });
}
