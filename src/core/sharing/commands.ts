import { ForbiddenError, ValidationError } from '../../errors.ts';
import type { Language } from '../language/index.ts';
import type { Actor, PersonRecord } from '../people/index.ts';
import { isEntitled } from './actions.ts';
import type { SharingContext } from './context.ts';
import type { FollowUps } from './follow-ups.ts';
import { sharingText, verbText } from './messages.ts';
import { ClaimedByOther, type Decide, type RequestChanges } from './request-changes.ts';
import type { StoredRequest } from './request-store.ts';
import { normaliseEmail, type Text } from './request-text.ts';
import type { SharedPractice } from './shared-practice.ts';
import { assertAllowed, inLanguage, type RequestAction } from './transitions.ts';
import type { Sharing } from './types.ts';
import { readerOf, viewFor } from './visibility.ts';

const maxAnswerLength = 20_000;

/** What a person does to a request once it is open. */
export type Commands = Pick<Sharing, 'claim' | 'decline' | 'answer' | 'markHelpful' | 'close' | 'cancel'>;

/**
 * One command, in two steps. `prepare` runs before the row is locked: it checks who acts and what they sent, and
 * returns the decision to take on the locked row. `after`, when given, runs after the change: it may change the
 * request again (ask the next people, keep the answer as knowledge) and returns the request as it then stands.
 */
interface Command {
  prepare(
    request: StoredRequest,
    language: Language,
  ): Promise<{ decide: Decide; after?: (result: StoredRequest) => Promise<StoredRequest> }>;
}

export function createCommands(
  context: SharingContext,
  changes: RequestChanges,
  followUps: Pick<FollowUps, 'reroute'>,
  sharedPractice: Pick<SharedPractice, 'keepAsKnowledge'>,
): Commands {
  const { people, clock, deadline, visibility } = context;
  const { load, change } = changes;

  /** The command skeleton: load the request, decide on its locked row, follow up, and show the actor the result. */
  async function run(id: string, actor: Actor, command: Command) {
    const request = await load(id);
    const { decide, after } = await command.prepare(request, request.language);
    const updated = await change(request.id, decide, request.language);
    const result = updated ?? (await load(request.id));
    return viewFor(after ? await after(result) : result, readerOf(actor), visibility());
  }

  async function actingPerson(
    actor: Actor,
    action: Text,
    language: Language,
  ): Promise<{ email: string; person: PersonRecord }> {
    if (!actor.email)
      throw inLanguage(
        ValidationError,
        { en: sharingText.needActor(action.en).en, cy: sharingText.needActor(action.cy).cy },
        language,
      );
    const email = normaliseEmail(actor.email);
    const person = await people.getOwnProfile(email);
    if (!person) throw inLanguage(ValidationError, sharingText.unknownActor(email), language);
    return { email, person };
  }

  function requireRequester(request: StoredRequest, actor: Actor, action: RequestAction & keyof typeof verbText): void {
    // NOTE: only who may act is checked here; whether the status allows it is checked on the locked row.
    if (isEntitled(action, request, actor)) return;
    throw inLanguage(ForbiddenError, sharingText.requesterOnly(request.id, verbText[action]), request.language);
  }

  const actorEmail = (actor: Actor) => (actor.email ? normaliseEmail(actor.email) : null);

  return {
    claim: (id, actor) =>
      run(id, actor, {
        async prepare(_request, language) {
          const { email, person } = await actingPerson(actor, { en: 'claim', cy: 'godi' }, language);
          const now = clock();
          return {
            decide: (current) => {
              if (current.requesterEmail === email)
                throw inLanguage(ValidationError, sharingText.ownRequest(current.id), language);
              // NOTE: checked before anything about the claim is said, so someone it was not sent to learns nothing of it.
              if (!isEntitled('claim', current, actor)) {
                throw inLanguage(ForbiddenError, sharingText.notRoutedToYou(current.id), language);
              }
              if (current.status === 'claimed') {
                if (current.claimedBy === email) return null;
                throw new ClaimedByOther(current.claimedBy ?? '');
              }
              assertAllowed('claim', current.id, current.status, language);
              return {
                status: 'claimed',
                claimedBy: email,
                claimedByCouncil: person.council,
                events: [
                  { type: 'request-claimed', actorEmail: email, via: actor.via, detail: { council: person.council } },
                ],
                followUp: { step: 'nudge', dueAt: deadline(now) },
                notifications: [{ kind: 'request-claimed', recipientEmail: current.requesterEmail }],
              };
            },
          };
        },
      }),

    decline: (id, actor) =>
      run(id, actor, {
        async prepare(request, language) {
          const { email } = await actingPerson(actor, { en: 'decline', cy: 'wrthod' }, language);
          const now = clock();
          return {
            decide: (current) => {
              assertAllowed('decline', current.id, current.status, language);
              if (current.status === 'claimed' && current.claimedBy === email) {
                return {
                  status: 'routed',
                  claimedBy: null,
                  claimedByCouncil: null,
                  routedTo: current.routedTo.filter((routed) => routed !== email),
                  declinedBy: email,
                  events: [
                    { type: 'request-declined', actorEmail: email, via: actor.via, detail: { hadClaimed: true } },
                  ],
                  followUp: { step: 'remind', dueAt: deadline(now) },
                  notifications: [{ kind: 'request-declined', recipientEmail: current.requesterEmail }],
                };
              }
              if (current.status === 'routed' && current.routedTo.includes(email)) {
                return {
                  routedTo: current.routedTo.filter((routed) => routed !== email),
                  declinedBy: email,
                  events: [
                    { type: 'request-declined', actorEmail: email, via: actor.via, detail: { hadClaimed: false } },
                  ],
                  notifications: [],
                };
              }
              if (current.status === 'claimed') throw new ClaimedByOther(current.claimedBy ?? '');
              throw inLanguage(ValidationError, sharingText.notRouted(current.id), language);
            },
            after: async (result) => {
              if (result.status !== 'routed' || result.routedTo.length > 0) return result;
              // Everyone asked has declined: ask the next people now rather than wait for the reminder.
              return (await followUps.reroute(result, email, actor.via)) ?? (await load(request.id));
            },
          };
        },
      }),

    answer: (id, text, actor, answerOptions = {}) =>
      run(id, actor, {
        async prepare(_request, language) {
          const answer = (text ?? '').trim();
          if (!answer) throw inLanguage(ValidationError, sharingText.emptyAnswer, language);
          if (answer.length > maxAnswerLength) throw inLanguage(ValidationError, sharingText.answerTooLong, language);
          const { email, person } = await actingPerson(actor, { en: 'answer', cy: 'ateb' }, language);
          return {
            decide: (current) => {
              if (current.status === 'claimed' && current.claimedBy !== email)
                throw new ClaimedByOther(current.claimedBy ?? '');
              if (current.status === 'routed')
                throw inLanguage(ValidationError, sharingText.claimFirst(current.id), language);
              assertAllowed('answer', current.id, current.status, language);
              const consent = answerOptions.consentToShare ?? false;
              return {
                status: 'answered',
                answer,
                answeredBy: email,
                answeredByCouncil: person.council,
                consentToShare: consent,
                events: [
                  {
                    type: 'request-answered',
                    actorEmail: email,
                    via: actor.via,
                    detail: { consentToShare: consent, length: answer.length },
                  },
                ],
                followUp: null,
                notifications: [{ kind: 'request-answered', recipientEmail: current.requesterEmail }],
              };
            },
          };
        },
      }),

    markHelpful: (id, helpful, actor) =>
      run(id, actor, {
        async prepare(request, language) {
          requireRequester(request, actor, 'markHelpful');
          return {
            decide: (current) => {
              assertAllowed('markHelpful', current.id, current.status, language);
              return {
                helpful,
                events: [{ type: 'request-rated', actorEmail: actorEmail(actor), via: actor.via, detail: { helpful } }],
                notifications: [],
              };
            },
            after: async (result) => {
              if (!(helpful && result.consentToShare && result.answer && result.answeredBy && !result.sharedAs))
                return result;
              return (await sharedPractice.keepAsKnowledge(result, actor)) ?? result;
            },
          };
        },
      }),

    close: (id, actor) =>
      run(id, actor, {
        async prepare(request, language) {
          requireRequester(request, actor, 'close');
          return {
            decide: (current) => {
              assertAllowed('close', current.id, current.status, language);
              return {
                status: 'closed',
                events: [{ type: 'request-closed', actorEmail: actorEmail(actor), via: actor.via }],
                followUp: null,
                notifications: current.answeredBy
                  ? [{ kind: 'request-closed', recipientEmail: current.answeredBy }]
                  : [],
              };
            },
          };
        },
      }),

    cancel: (id, actor) =>
      run(id, actor, {
        async prepare(request, language) {
          requireRequester(request, actor, 'cancel');
          return {
            decide: (current) => {
              assertAllowed('cancel', current.id, current.status, language);
              return {
                status: 'cancelled',
                events: [{ type: 'request-cancelled', actorEmail: actorEmail(actor), via: actor.via }],
                followUp: null,
                notifications: current.claimedBy ? [{ kind: 'request-closed', recipientEmail: current.claimedBy }] : [],
              };
            },
          };
        },
      }),
  };
}
