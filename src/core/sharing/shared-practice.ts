import { createHash } from 'node:crypto';
import type { TextDocument } from '../knowledge/index.ts';
import type { Actor } from '../people/index.ts';
import type { SharingContext } from './context.ts';
import { fromCouncil, inCouncil } from './messages.ts';
import type { RequestChanges } from './request-changes.ts';
import type { StoredRequest } from './request-store.ts';
import { normaliseEmail } from './request-text.ts';
import type { RequestEvent, SharedPracticeRefresh, Sharing } from './types.ts';

/** Keeping a helpful answer as knowledge, and writing the kept documents again when the people they name change. */
export interface SharedPractice extends Pick<Sharing, 'refreshSharedPractice' | 'refreshAllSharedPractice'> {
  /** Indexes an answered request as a shared-practice document; the request as changed, or null when that failed. */
  keepAsKnowledge(request: StoredRequest, actor: Actor): Promise<StoredRequest | null>;
}

/** The knowledge source a kept request's answer is indexed under. */
function sharedPracticeSource(id: string): string {
  return `pont:request/${id}`;
}

/**
 * A digest of a shared-practice document as written, kept in the request's history so a sweep can tell, without
 * reading the index, whether profiles as they now stand would write it differently.
 */
function documentDigest(document: TextDocument): string {
  return createHash('sha256')
    .update(JSON.stringify([document.title, document.body, document.language, document.published, document.metadata]))
    .digest('hex');
}

/** The digest of the document as last written for a request: from its newest kept or rewritten event that has one. */
function lastDigest(events: RequestEvent[]): string | undefined {
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index]!;
    if (
      (event.type === 'shared-practice-kept' || event.type === 'shared-practice-rewritten') &&
      typeof event.detail.digest === 'string'
    )
      return event.detail.digest;
  }
  return undefined;
}

export function createSharedPractice(context: SharingContext, { change }: RequestChanges): SharedPractice {
  const { store, people, knowledge, logger, clock } = context;

  /**
   * The shared-practice document for an answered request, naming the requester and the answerer as their profiles
   * stand now: anyone whose profile is hidden or erased is "a member of staff".
   */
  async function sharedPracticeDocument(request: StoredRequest, published: string): Promise<TextDocument> {
    const [requester, answerer] = await Promise.all([
      people.getPerson(request.requesterEmail),
      people.getPerson(request.answeredBy!),
    ]);
    const language = request.language;
    // NOTE: a hidden profile is never named in the index, even by email.
    const someone = language === 'cy' ? 'aelod o staff' : 'a member of staff';
    const askedBy = requester ? `${requester.name}, ${requester.jobTitle}` : someone;
    const answeredBy = answerer ? `${answerer.name}, ${answerer.jobTitle}` : someone;
    const answererCouncil = answerer?.council ?? request.answeredByCouncil;
    const answererIn = answererCouncil ? ` ${inCouncil(answererCouncil, language)}` : '';
    // NOTE: the answer comes first and the question is not repeated when it is the title, so an extractive
    // answer quotes what was done rather than what was asked.
    const question =
      request.detail.trim() === request.title.trim()
        ? []
        : [language === 'cy' ? `Y cwestiwn: ${request.detail}` : `The question: ${request.detail}`];
    const body =
      language === 'cy'
        ? [
            `${request.answer}`,
            `Arfer a rannwyd rhwng cynghorau’r ffederasiwn: atebwyd gan ${answeredBy}${answererIn}, i ${askedBy} ${fromCouncil(request.requesterCouncil, 'cy')}.`,
            ...question,
          ].join('\n\n')
        : [
            `${request.answer}`,
            `Shared practice between the federation councils: answered by ${answeredBy}${answererIn}, for ${askedBy} ${fromCouncil(request.requesterCouncil, 'en')}.`,
            ...question,
          ].join('\n\n');
    return {
      source: sharedPracticeSource(request.id),
      title: request.title,
      body,
      language,
      kind: 'shared-practice',
      published,
      metadata: {
        requestId: request.id,
        requesterCouncil: request.requesterCouncil,
        answererCouncil,
        topic: request.topic,
      },
    };
  }

  async function keepAsKnowledge(request: StoredRequest, actor: Actor): Promise<StoredRequest | null> {
    const source = sharedPracticeSource(request.id);
    const language = request.language;
    try {
      const document = await sharedPracticeDocument(request, clock().toISOString().slice(0, 10));
      const { documentId } = await knowledge.addDocument(document);
      return change(
        request.id,
        () => ({
          sharedAs: source,
          events: [
            {
              type: 'shared-practice-kept',
              actorEmail: actor.email,
              via: actor.via,
              detail: { source, documentId, digest: documentDigest(document) },
            },
          ],
          notifications: [],
        }),
        language,
      );
    } catch (error) {
      logger.error({ err: error, requestId: request.id }, 'The helpful answer could not be kept as knowledge');
      await change(
        request.id,
        () => ({
          events: [
            {
              type: 'shared-practice-failed',
              actorEmail: null,
              via: 'knowledge',
              detail: { error: (error as Error)?.message ?? String(error) },
            },
          ],
          notifications: [],
        }),
        language,
      );
      return null;
    }
  }

  /**
   * Writes a kept request's shared-practice document again from current profiles, keeping the date it was first
   * kept, unless it would read as it was last written; says whether it wrote it.
   */
  async function rewriteSharedPractice(request: StoredRequest, via: string): Promise<boolean> {
    const events = await store.events(request.id);
    const kept = events.find((event) => event.type === 'shared-practice-kept');
    const published = (kept?.at ?? request.updatedAt).slice(0, 10);
    const document = await sharedPracticeDocument(request, published);
    const digest = documentDigest(document);
    // NOTE: a document kept before digests were recorded has none, so the first sweep writes it once.
    if (lastDigest(events) === digest) return false;
    const { documentId } = await knowledge.addDocument(document);
    // NOTE: the history says the document was rewritten, not whose profile changed: that would name them again.
    await change(
      request.id,
      () => ({
        events: [
          {
            type: 'shared-practice-rewritten',
            actorEmail: null,
            via,
            detail: { source: request.sharedAs, documentId, digest },
          },
        ],
        notifications: [],
      }),
      request.language,
    );
    return true;
  }

  /**
   * Writes each kept request's shared-practice document again where profiles as they now stand would write it
   * differently from the last time; one that fails is logged and counted, and the rest still go on.
   */
  async function refreshKept(ids: string[], via: string): Promise<SharedPracticeRefresh> {
    const result: SharedPracticeRefresh = { checked: 0, rewritten: 0, failed: 0 };
    for (const id of ids) {
      try {
        const request = await store.get(id);
        if (!request?.sharedAs || !request.answer || !request.answeredBy) continue;
        result.checked += 1;
        if (await rewriteSharedPractice(request, via)) result.rewritten += 1;
      } catch (error) {
        result.failed += 1;
        logger.error(
          { err: error, requestId: id },
          'A shared-practice document could not be rewritten from current profiles',
        );
      }
    }
    return result;
  }

  return {
    keepAsKnowledge,

    async refreshSharedPractice(email) {
      const key = normaliseEmail(email);
      const named = (await store.list({ involving: key, shared: true, limit: 100_000 })).filter(
        (request) => request.requesterEmail === key || request.answeredBy === key,
      );
      const { rewritten, failed } = await refreshKept(
        named.map((request) => request.id),
        'people',
      );
      // NOTE: the profile change is saved; the caller hears that a document still names the person as it was.
      if (failed > 0) {
        throw new Error(
          `${failed} of ${named.length} shared-practice documents could not be rewritten; the next sweep (at start-up, or pont requests refresh-shared) retries them`,
        );
      }
      return rewritten;
    },

    async refreshAllSharedPractice() {
      const kept = await store.list({ shared: true, limit: Number.MAX_SAFE_INTEGER });
      return refreshKept(
        kept.map((request) => request.id),
        'sweep',
      );
    },
  };
}
