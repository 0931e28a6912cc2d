import { ConfigurationError, isPontError, UpstreamError } from '../../errors.ts';
import type { Knowledge } from '../knowledge/index.ts';
import {
  detectLanguage,
  languageFromLocale,
  mentionsMutatedCouncilName,
  readerFirst,
  type Language,
} from '../language/index.ts';
import { softMutation } from '../language/index.ts';
import type { People, PersonMatch, PersonRecord } from '../people/index.ts';
import { otherCouncils } from '../councils/index.ts';
import { actorFor } from '../councils/index.ts';
import type { Sharing } from '../sharing/index.ts';
import { describeError } from './describe-error.ts';
import { messagesFor } from './messages.ts';
import type { QuestionLog } from './question-log.ts';
import { commandParts, matchIntent, normalise } from './router.ts';
import type { Assistant, Incoming, Intent, IntentKind, Reply } from './types.ts';
import { radicalForms } from './welsh-mutations.ts';

/** Where the assistant writes what went wrong (pino's logger fits). */
export interface AssistantLogger {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

/**
 * A router that understands free text better than the rules, e.g. a language model with tools
 * (`createModelRouter` in ./model). It returns null when it cannot decide; the rules then route the message.
 */
export interface IntentRouter {
  route(incoming: Incoming, language: Language): Promise<{ intent: Intent } | null>;
}

export interface AssistantDependencies {
  knowledge: Pick<Knowledge, 'ask'>;
  people: Pick<People, 'findBySkill' | 'skillAsListed' | 'counterparts' | 'getOwnProfile' | 'updateProfile'>;
  sharing: Pick<Sharing, 'open' | 'list'>;
  /** Where questions, answers and feedback are kept. Without it answers carry no answerId. */
  questionLog?: QuestionLog;
  /** Optional: routes free text first; the rule-based router is the default and the fallback. */
  modelRouter?: IntentRouter;
  logger?: AssistantLogger;
}

const quietLogger: AssistantLogger = { error() {}, warn() {}, info() {} };

/** Intents that need to know who is asking: an unknown user is told how to get added instead. */
const personalIntents: ReadonlySet<IntentKind> = new Set(['my-requests', 'profile', 'share']);

/** What one message resolved to, for carrying out an intent. */
interface Turn {
  incoming: Incoming;
  language: Language;
  person: PersonRecord | null;
  onText?: (delta: string) => void;
}

/**
 * The assistant every chat channel calls: message → intent → capability → reply, in the message's language.
 *
 * - Language: the text's own language when clear, else the platform locale, else English.
 * - Intent: the model router when one is given and the message is not an explicit command, else the rules.
 * - Who: `incoming.person`, else the directory person with `incoming.email`. Someone not in the directory can
 *   ask questions and look up skills; anything personal gets a reply saying how to be added.
 * - Errors: a capability's ValidationError and friends become a short 'error' reply; anything unexpected is
 *   logged with context and the user gets a generic apology. Nothing is thrown to the channel.
 */
export function createAssistant(dependencies: AssistantDependencies): Assistant {
  const { knowledge, people, sharing, questionLog, modelRouter } = dependencies;
  const logger = dependencies.logger ?? quietLogger;

  async function resolvePerson(incoming: Incoming): Promise<PersonRecord | null> {
    if (incoming.person) return incoming.person;
    if (!incoming.email) return null;
    return people.getOwnProfile(incoming.email.trim().toLowerCase());
  }

  async function chooseIntent(text: string, turn: Turn): Promise<Intent> {
    const ruled = matchIntent(text, turn.language);
    // NOTE: typed commands and greetings mean exactly what they say; only free text goes to the model.
    if (!modelRouter || ruled.rule.startsWith('command:') || ruled.rule.startsWith('greeting:')) return ruled.intent;
    try {
      const routed = await modelRouter.route({ ...turn.incoming, text, person: turn.person }, turn.language);
      if (routed) return routed.intent;
    } catch (error) {
      logger.warn({ err: error, channel: turn.incoming.channel }, 'model router failed; routing with the rules');
    }
    return ruled.intent;
  }

  async function carryOut(intent: Intent, turn: Turn): Promise<Reply> {
    const { language, person } = turn;
    const text = messagesFor(language);
    const personal = personalIntents.has(intent.kind) || (intent.kind === 'counterpart' && intent.target === null);
    if (personal && !person)
      return {
        kind: 'text',
        language,
        text: readerFirst(language, { en: messagesFor('en').notInDirectory, cy: messagesFor('cy').notInDirectory }),
      };

    switch (intent.kind) {
      case 'ask': {
        if (intent.question === '') return { kind: 'text', language, text: text.whatToAsk };
        const answer = await knowledge.ask(intent.question, {
          language,
          ...(turn.onText ? { onText: turn.onText } : {}),
        });
        return {
          kind: 'answer',
          language,
          answer,
          question: intent.question,
          answerId: null,
          offerAskAPerson: !answer.order,
        };
      }

      case 'skills': {
        if (intent.skill === '') return { kind: 'text', language, text: text.whichSkill };
        const options = {
          limit: 10,
          language,
          ...(intent.council ? { council: intent.council } : {}),
          ...(person ? { excludeEmails: [person.email] } : {}),
        };
        let matches = await people.findBySkill(intent.skill, options);
        // NOTE: "pwy sy'n gwybod am gaffael?" — the directory says "caffael". In Welsh the forms the word
        // may have had before a mutation are looked up too, and the best match for each person kept.
        if (language === 'cy') {
          const forms = radicalForms(intent.skill);
          const more = await Promise.all(forms.map((form) => people.findBySkill(form, options)));
          matches = bestFirst([matches, ...more], options.limit);
        }
        // NOTE: the heading and the suggested command say the skill as the directory lists it ("caffael"), not in
        // the form a preposition gave it ("gyda chaffael").
        // After "am" it is softened again ("Pobl sy'n gwybod am gaffael"), when it was typed as a mutated Welsh word.
        const skill = language === 'cy' ? await people.skillAsListed(intent.skill) : intent.skill;
        const afterAm = skill === intent.skill ? skill : skill.replace(/^\p{L}+/u, (word) => softMutation(word));
        return {
          kind: 'people',
          language,
          heading: text.peopleWithSkill(afterAm, intent.council),
          people: matches,
          ...(matches.length === 0 ? { note: text.noPeopleWithSkill(skill) } : {}),
          query: skill,
        };
      }

      case 'counterpart': {
        const councilName = messagesFor('en').councilName;
        const isEmail = intent.target !== null && /^[^\s@]+@[^\s@]+$/.test(intent.target);
        // Counterparts are in the other council: the one named, else the one the asker is not in.
        // NOTE: with more than one other council and none named, counterparts come from each of them.
        const others = person ? otherCouncils(person.council) : [];
        const wanted = intent.council ?? (person && !isEmail && others.length === 1 ? others[0] : undefined);
        let target: string;
        if (intent.target === null) {
          // NOTE: a hidden profile is not in the directory's public index, so a hidden person is described
          // by their own job title and council instead of their email.
          target = person!.visible ? person!.email : `${person!.jobTitle} in ${councilName(person!.council)}`;
        } else if (isEmail || !wanted) {
          target = intent.target;
        } else {
          // NOTE: people.counterparts reads a council in a role as the asker's own ("I am head of waste in
          // Torfaen") and answers from the other one; "head of waste in Torfaen" in chat wants the people in
          // Torfaen, so the role goes with the other council's name.
          target = `${intent.target} in ${councilName(otherCouncils(wanted)[0]!)}`;
        }
        const result = await people.counterparts(target, { limit: 5, language });
        const matches = wanted ? result.counterparts.filter((match) => match.council === wanted) : result.counterparts;
        const heading =
          intent.target === null ? text.yourCounterparts(wanted) : text.counterpartsFor(intent.target, wanted);
        const note = matches.length === 0 ? text.noCounterparts : result.note;
        return {
          kind: 'people',
          language,
          heading,
          people: matches,
          ...(note ? { note } : {}),
          query: intent.target ?? '',
        };
      }

      case 'share': {
        if (intent.request === '') return { kind: 'text', language, text: text.whatToShare };
        if (!intent.explicit) {
          return {
            kind: 'confirm-share',
            language,
            text: text.confirmShare(
              otherCouncils(person!.council).length === 1 ? otherCouncils(person!.council)[0]! : null,
            ),
            request: intent.request,
          };
        }
        const request = await sharing.open({
          text: intent.request,
          fromEmail: person!.email,
          language,
          ...(turn.incoming.clientKey ? { clientKey: turn.incoming.clientKey } : {}),
        });
        return {
          kind: 'request',
          language,
          text: text.requestOpened(request.routedTo.length, request.targetCouncils),
          request,
        };
      }

      case 'my-requests': {
        const requests = await sharing.list({ involving: person!.email, viewer: person!.email });
        const newestFirst = [...requests].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        return {
          kind: 'requests',
          language,
          heading: text.yourRequests,
          requests: newestFirst,
          ...(requests.length === 0 ? { note: text.noRequests } : {}),
        };
      }

      case 'profile': {
        if (intent.change) {
          // NOTE: a chat profile change is always the person's own.
          const actor = actorFor(person!.email, turn.incoming.channel);
          const updated = await people.updateProfile(person!.email, intent.change, actor);
          const headline =
            intent.change.visible === false
              ? text.profileHidden
              : intent.change.visible === true
                ? text.profileShown
                : text.profileUpdated;
          return {
            kind: 'profile',
            language,
            text: `${headline}\n${text.profileSummary(updated.skills, updated.welshLevel, updated.visible)}`,
            person: updated,
          };
        }
        const current = (await people.getOwnProfile(person!.email)) ?? person!;
        return {
          kind: 'profile',
          language,
          text: `${text.profileSummary(current.skills, current.welshLevel, current.visible)}\n${text.profileUsage}`,
          person: current,
        };
      }

      case 'help':
        return { kind: 'text', language, text: text.help };

      case 'greeting':
        return {
          kind: 'text',
          language,
          text: intent.thanks ? text.thanks : text.greeting(person ? firstName(person.name) : null),
        };
    }
  }

  function errorReply(error: unknown, language: Language, context: Record<string, unknown>): Reply {
    if (error instanceof UpstreamError)
      logger.warn({ err: error, ...context }, 'a service the assistant depends on failed');
    else if (!isPontError(error) || error.code === 'configuration')
      logger.error({ err: error, ...context }, 'the assistant failed to handle a message');
    return { kind: 'error', language, text: describeError(error, language) };
  }

  async function record(reply: Reply, intent: Intent, turn: Turn, question: string): Promise<Reply> {
    if (!questionLog || reply.kind === 'error') return reply;
    try {
      const answerId = await questionLog.record({
        channel: turn.incoming.channel,
        language: turn.language,
        intent: intent.kind,
        question,
        answered: wasAnswered(reply),
        council: turn.person?.council ?? null,
        clientKey: turn.incoming.clientKey ?? null,
      });
      return reply.kind === 'answer' ? { ...reply, answerId } : reply;
    } catch (error) {
      // NOTE: a log that cannot be written must not cost the user their answer.
      logger.error(
        { err: error, channel: turn.incoming.channel, intent: intent.kind },
        'could not record the question',
      );
      return reply;
    }
  }

  return {
    async handle(incoming, options = {}) {
      const text = normalise(incoming.text ?? '');
      const language = chooseLanguage(text, incoming.locale);
      if (text === '') return { kind: 'text', language, text: messagesFor(language).emptyMessage };

      let intent: Intent | undefined;
      try {
        const person = await resolvePerson(incoming);
        const turn: Turn = { incoming, language, person, ...(options.onText ? { onText: options.onText } : {}) };
        intent = await chooseIntent(text, turn);
        const reply = await carryOut(intent, turn);
        return await record(reply, intent, turn, text);
      } catch (error) {
        return errorReply(error, language, {
          channel: incoming.channel,
          intent: intent?.kind ?? null,
          channelUserId: incoming.channelUserId,
        });
      }
    },

    async feedback(answerId, helpful, who) {
      if (!questionLog)
        throw new ConfigurationError(
          'Feedback needs the question log: build the assistant with a questionLog (createSqlQuestionLog(db))',
        );
      const voter = typeof who === 'string' ? who : (who?.id ?? null);
      await questionLog.feedback(answerId, helpful, voter);
    },

    async questionFigures(options) {
      if (!questionLog)
        throw new ConfigurationError(
          'Question figures need the question log: build the assistant with a questionLog (createSqlQuestionLog(db))',
        );
      return questionLog.figures(options);
    },
  };
}

/**
 * The reply's language: the message's own language when its words make it clear, else the platform locale,
 * else English. For a typed command only the words after it count; a Welsh command word means Welsh.
 */
export function chooseLanguage(text: string, locale?: string | null): Language {
  const fallback = languageFromLocale(locale) ?? 'en';
  // NOTE: emails and links say nothing about the language ("torfaen.gov.uk" looks Welsh to a word count); the
  // councils' own names are left out by the detector itself, while mutated ones (yn Nhorfaen) still count.
  const words = (value: string) => value.replace(/\S+@\S+|https?:\/\/\S+/g, ' ');
  if (text.trim() === '') return fallback;
  const command = commandParts(text);
  const judged = command ? words(command.rest) : words(text);
  const otherwise = command?.language === 'cy' ? 'cy' : fallback;
  const detected = detectLanguage(judged, otherwise);
  // NOTE: the word count also scores Welsh-looking letters (ll, ff, dd), so "staff wellbeing" comes out
  // Welsh; without a single Welsh word or accent that is not enough to answer in Welsh.
  if (
    detected === 'cy' &&
    otherwise !== 'cy' &&
    !welshEvidence.test(judged) &&
    mentionsMutatedCouncilName(judged) === 0
  )
    return otherwise;
  return detected;
}

// NOTE: a Welsh clitic after a word ("mae'r", "cynghorau'n", typed with a straight apostrophe as keyboards do) is
// Welsh too: English has no "'r" or "'n" at a word's end.
const welshEvidence =
  /[ŵŷâêîôû]|(?:^|[^\p{L}'])(?:y|yr|yw|ydy|ydw|ydych|mae|oes|sydd|sy'n|pwy|beth|sut|pam|ble|pryd|faint|fy|eich|ein|ei|eu|yn|ym|yng|gyda|efo|ar|ac|ai|dwi|dw|rwy'n|rydw|diolch|helo|shwmae|ni|chi|nhw|hyn|hwn|hon|neu|wedi|ddim|nid|angen|isio|eisiau|gallu|gallwch|allwch|cyngor|sgiliau|sgil|cymraeg|fi|da|bore|gan|dros|rhwng|drwy|trwy|hefyd|oedd|bydd|rhywun|rywun|unrhyw|gymar|nghymar|cymar|rhannu|gofyn|proffil|ceisiadau|cymorth)(?![\p{L}'])|\p{L}['’][rn](?![\p{L}'’])/iu;

/** Whether a reply gave the person what they asked for (for the dashboard's answered/unanswered). */
function wasAnswered(reply: Reply): boolean {
  switch (reply.kind) {
    case 'answer':
      return reply.answer.answered;
    case 'people':
      return reply.people.length > 0;
    case 'error':
      return false;
    default:
      return true;
  }
}

/** Several result lists as one: each person once, with their best score, best first. */
function bestFirst(lists: PersonMatch[][], limit: number): PersonMatch[] {
  const best = new Map<string, PersonMatch>();
  for (const match of lists.flat()) {
    const seen = best.get(match.email);
    if (!seen || match.score > seen.score) best.set(match.email, match);
  }
  return [...best.values()].sort((left, right) => right.score - left.score).slice(0, limit);
}

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}
