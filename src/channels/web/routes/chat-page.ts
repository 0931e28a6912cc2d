import path from 'node:path';
import type express from 'express';
import { messagesFor } from '../../../core/assistant/index.ts';
import { visitorOf } from '../access.ts';
import { identityOf, type WebContext } from '../context.ts';
import { pageLanguage, rememberLanguage, secureCookies } from '../cookies.ts';
import { renderChatPage } from '../pages.ts';

/** The chat page at `/`, and the cited files an answer's source links open. */
export function chatPageRoutes(router: express.Router, context: WebContext): void {
  const { dependencies, guard } = context;
  const { config, people } = dependencies;

  router.get('/', guard, async (request, response) => {
    const language = pageLanguage(request);
    if (typeof request.query.lang === 'string')
      rememberLanguage(response, language, secureCookies(request, config.publicUrl));
    const visitor = visitorOf(response);
    response
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(renderChatPage(language, visitor, await identityOf(people, visitor)));
  });

  // A cited file, opened from an answer's source link: only a document Pont indexed, never any other path.
  router.get('/sources', guard, async (request, response) => {
    const source = typeof request.query.ref === 'string' ? request.query.ref : '';
    // A file inside the working folder is indexed by its relative path (data/…), any other by its absolute path.
    const isFile = source !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(source);
    const known = isFile && dependencies.isIndexedSource ? await dependencies.isIndexedSource(source) : false;
    if (!known) {
      response
        .status(404)
        .type('text/plain')
        .send(messagesFor(pageLanguage(request)).errorNotFound);
      return;
    }
    const extension = path.extname(source).toLowerCase();
    // NOTE: HTML and Markdown are sent as plain text, so a document can never run script in Pont's pages.
    const type =
      extension === '.pdf'
        ? 'application/pdf'
        : extension === '.docx'
          ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
          : 'text/plain; charset=utf-8';
    response.set('Content-Type', type);
    if (extension === '.docx') response.attachment(path.basename(source));
    response.sendFile(path.resolve(source), { dotfiles: 'deny' }, (error) => {
      if (error && !response.headersSent)
        response
          .status(404)
          .type('text/plain')
          .send(messagesFor(pageLanguage(request)).errorNotFound);
    });
  });
}
