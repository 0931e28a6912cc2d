import type { Language } from '../language/index.ts';
import type { ProfileChanges } from '../people/index.ts';
import { councilsVersion } from '../councils/index.ts';
import { councilAlternatives, extractCouncil } from './council-mention.ts';
import type { Intent } from './types.ts';

/**
 * The rule-based intent router: what a message asks for, in English or Welsh, without a language model.
 *
 * Rules are tried in order and the first that matches wins; anything no rule claims is a documents question.
 * Explicit command forms come first (`skills GIS`, `counterpart`, `share: …`, `ask …`, `profile`, `help`,
 * and their Welsh words), then greetings, then the natural phrasings. A rule may decline a match (return
 * null) when what it caught does not look like what it is for, e.g. "who knows what the review said?".
 */
export function routeIntent(text: string, language: Language = 'en'): Intent {
  return matchIntent(text, language).intent;
}

/** Like `routeIntent`, also naming the rule that matched ('default' when none did), e.g. 'command:skills'. */
export function matchIntent(text: string, language: Language = 'en'): { intent: Intent; rule: string } {
  const normalised = normalise(text);
  // NOTE: both languages' rules run for every message (staff mix languages); the message's language only
  // decides which set is tried first.
  const { rules, welshFirst } = currentRules();
  const ordered = language === 'cy' ? welshFirst : rules;
  // NOTE: nobody types a command or a lookup this long; it goes to the documents, which say it is too long.
  if (normalised.length > maxRoutedLength) return { intent: { kind: 'ask', question: normalised }, rule: 'default' };
  const found = firstMatch(ordered, normalised);
  if (found) return found;
  // NOTE: a council named mid-sentence ("Who in Blaenau Gwent knows about SuDS?", "oes rhywun ym Mlaenau
  // Gwent yn gwybod am ArcGIS?") hides the phrasing; read the message again without it and keep the council.
  const { rest, council } = extractCouncil(normalised);
  if (council && rest !== '') {
    const again = firstMatch(ordered, rest);
    if (again && (again.intent.kind === 'skills' || again.intent.kind === 'counterpart')) {
      return { intent: { ...again.intent, council: again.intent.council ?? council }, rule: again.rule };
    }
  }
  return { intent: { kind: 'ask', question: normalised }, rule: 'default' };
}

function firstMatch(ordered: readonly Rule[], text: string): { intent: Intent; rule: string } | null {
  for (const rule of ordered) {
    const match = rule.pattern.exec(text);
    if (!match) continue;
    const intent = rule.build(match, text);
    if (intent) return { intent, rule: rule.name };
  }
  return null;
}

const englishCommands =
  /^(help|commands|skills?|find skills?|counterparts?|share|ask|profile|my profile|requests|my requests|my sharing requests)\b\s*[:-]?\s*(.*)$/i;
const welshCommands =
  /^(cymorth|gorchmynion|sgiliau|sgil|cymar|cymheiriaid|rhannu|gofyn|proffil|fy mhroffil|ceisiadau|fy ngheisiadau(?: rhannu)?)\b\s*[:-]?\s*(.*)$/i;

/**
 * When the message is a typed command ("skills GIS", "rhannu: …"), the language of its command word and
 * what follows it. The command word says little about the reader's language (Slack's /skills is English
 * for everyone, and "skills" looks Welsh to a letter count), so callers judge the language by `rest`.
 */
export function commandParts(text: string): { language: Language; rest: string } | null {
  const normalised = normalise(text);
  const welsh = welshCommands.exec(normalised);
  if (welsh) return { language: 'cy', rest: welsh[2]! };
  const english = englishCommands.exec(normalised);
  if (english) return { language: 'en', rest: english[2]! };
  return null;
}

interface Rule {
  /** For tests and logs: which rule matched. */
  name: string;
  /** Which language's words the rule is written in; 'any' for commands shared by both. */
  language: Language | 'any';
  pattern: RegExp;
  build(match: RegExpExecArray, text: string): Intent | null;
}

/** The same rules with, inside each tier (the part of the name before ':'), the Welsh ones first. */
function withWelshFirst(list: Rule[]): Rule[] {
  const tiers = new Map<string, Rule[]>();
  for (const rule of list) {
    const tier = rule.name.split(':')[0]!;
    tiers.set(tier, [...(tiers.get(tier) ?? []), rule]);
  }
  return [...tiers.values()].flatMap((tier) => [
    ...tier.filter((rule) => rule.language === 'cy'),
    ...tier.filter((rule) => rule.language !== 'cy'),
  ]);
}

/** Tidies whitespace and quotes, and drops a leading mention, slash or "pont" so commands match. */
export function normalise(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:<@[^>]+>\s*)+/, '')
    .replace(/^\//, '')
    .replace(/^@?pont\b[\s,:]*/i, '')
    .replace(/^\//, '')
    .trim();
}

const maxRoutedLength = 2000;
const trailing = /[\s?!.,;:]+$/;
const politeness =
  /(?:[\s,]+['’]?(?:please|pls|plz|thanks|thank you|ta|asap|urgently|plis|plîs|os gwelwch yn dda|os gwelwch chi'n dda|diolch|cyn gynted â phosib|ar frys))+$/i;
const skillWords =
  /\s+(?:skills?|experience|expertise|knowledge|know-how|background|specialists?|experts?|stuff|sgiliau|sgil|profiad|arbenigedd|gwybodaeth|cefndir)$/i;
const questionWords =
  /^(?:what|when|why|how|whether|if|where|which|who|that|this|beth|pryd|pam|sut|ble|pwy|a yw|ai|os)\b/i;

/** The thing asked about, without a council, politeness, trailing punctuation or "skills". */
function cleanSubject(phrase: string): { subject: string; council?: ReturnType<typeof extractCouncil>['council'] } {
  const { rest, council } = extractCouncil(phrase.replace(trailing, ''));
  let subject = rest.replace(politeness, '').replace(trailing, '');
  for (let previous = ''; previous !== subject;) {
    previous = subject;
    subject = subject.replace(skillWords, '').replace(trailing, '');
  }
  subject = subject.replace(/^(?:about|in|on|with|for|ar gyfer|am|mewn|ar|gyda|efo|â|a)\s+/i, '').trim();
  // NOTE: an article says nothing about the skill ("help with a data protection impact assessment").
  subject = subject.replace(/^(?:a|an|the|some|our|my|any)\s+(?=\S)/i, '').trim();
  return { subject, council };
}

/**
 * A skill lookup from a caught phrase, or null when the phrase reads like a question rather than a skill.
 * A council named anywhere in the message ("anyone in BG who knows Power BI?") filters the lookup.
 */
function skillIntent(phrase: string, text: string = phrase): Intent | null {
  const cleaned = cleanSubject(phrase);
  const { subject } = cleaned;
  const council = cleaned.council ?? extractCouncil(text).council;
  if (!subject || questionWords.test(subject)) return null;
  // NOTE: "can anyone help with this?", "oes rhywun yn gallu helpu gyda hyn?" name no skill.
  if (/^(?:this|that|it|these|those|them|hyn|hynny|hwn|hon|hwnna|honna|nhw|fe|fo|hi)$/i.test(subject)) return null;
  // NOTE: a long phrase is a question about something ("who knows when the review will report back to
  // cabinet"), not a skill.
  if (subject.split(' ').length > 6) return null;
  return council ? { kind: 'skills', skill: subject, council } : { kind: 'skills', skill: subject };
}

type CounterpartIntent = Extract<Intent, { kind: 'counterpart' }>;

function counterpartIntent(target: string | null): CounterpartIntent {
  if (target === null) return { kind: 'counterpart', target: null };
  const { subject, council } = cleanSubject(target);
  const cleaned = subject.replace(/^(?:of|for|ar gyfer|i)\s+/i, '').trim();
  const intent: CounterpartIntent = {
    kind: 'counterpart',
    target: cleaned === '' || /^(?:me|mine|myself|fi|i fi)$/i.test(cleaned) ? null : cleaned,
  };
  if (council) intent.council = council;
  return intent;
}

/** `profile hide`, `proffil cuddio`, `profile skills GIS; mapping`, `profile welsh 3`. */
function profileIntent(rest: string): Intent {
  const words = rest.replace(trailing, '').trim();
  if (words === '') return { kind: 'profile' };
  let change: ProfileChanges | undefined;
  let match: RegExpExecArray | null;
  if (/^(?:hide|hidden|cuddio|cudd)$/i.test(words)) change = { visible: false };
  else if (/^(?:show|unhide|visible|dangos|datguddio)$/i.test(words)) change = { visible: true };
  else if ((match = /^(?:skills?|sgiliau|sgil)\s*[:=]?\s*(.+)$/i.exec(words))) {
    change = {
      skills: match[1]!
        .split(/[;,]/)
        .map((skill) => skill.trim())
        .filter(Boolean),
    };
  } else if ((match = /^(?:welsh|cymraeg|welsh level|lefel cymraeg)\s*[:=]?\s*(\d)$/i.exec(words))) {
    change = { welshLevel: Number(match[1]) };
  }
  return change ? { kind: 'profile', change } : { kind: 'profile' };
}

const anyone = String.raw`(?:any ?one|any ?body|some ?one|some ?body|any of you|people|staff|colleagues?)`;
/** Someone not yet named: narrower than `anyone`, which also takes "staff" and "people" (subjects of questions). */
const someone = String.raw`(?:any ?one|any ?body|some ?one|some ?body|any of you)(?: (?:here|else|out there|around))?`;
/** Verbs of having done a piece of work: "anyone done a DPIA?", "has anybody run a hybrid consultation?". */
const doneWork = String.raw`(?:done|tried|used|written|drafted|produced|run|ran|set up|built|procured|implemented|introduced|rolled out|piloted|commissioned|delivered|completed|worked on|dealt with|tackled|sorted|organised|organized|led)`;
/** What a person in need asks for: help, advice, a hand… (not "information", which documents give). */
const helpNoun = String.raw`(?:help|support|advice|assistance|a hand|hand|guidance|input|pointers|a steer|steer|tips|expertise|know-how|a sounding board)`;
/** Ways of getting in touch with a person: "who could I talk to", "who should we ask". */
const contactVerb = String.raw`(?:talk|speak|go|ask|contact|ring|call|phone|email|e-mail|approach|turn|get in touch|chat)`;
const artefact = String.raw`(?:templates?|examples?|polic(?:y|ies)|procedures?|process(?:es)?|plans?|strateg(?:y|ies)|dpias?|agreements?|rotas?|forms?|guidance|checklists?|documents?|cop(?:y|ies)|specs?|specifications?|frameworks?|contracts?|business cases?|reports?)`;

/** The rules, with `council` the pattern of every configured council's names (see council-mention). */
function buildRules(council: string): Rule[] {
  return [
    // ---- command forms (Slack /skills, Teams commands, typed commands) ----
    {
      name: 'command:help',
      language: 'any',
      pattern: /^(?:help|cymorth|commands|gorchmynion|\?)[.!?]*$/i,
      build: () => ({ kind: 'help' }),
    },
    {
      name: 'command:skills',
      language: 'any',
      pattern: /^(?:skills?|sgiliau|sgil|find skills?)\b\s*[:-]?\s*(.*)$/i,
      build: (match) => {
        if (match[1]!.trim() === '') return { kind: 'skills', skill: '' };
        return skillIntent(match[1]!) ?? { kind: 'skills', skill: cleanSubject(match[1]!).subject };
      },
    },
    {
      name: 'command:counterpart',
      language: 'any',
      pattern: /^(?:counterparts?|cymar|cymheiriaid)\b\s*[:-]?\s*(.*)$/i,
      build: (match) => counterpartIntent(match[1]!.trim() === '' ? null : match[1]!),
    },
    {
      name: 'command:share',
      language: 'any',
      pattern: /^(?:share|rhannu)\b\s*[:-]?\s*(.*)$/i,
      build: (match) => ({ kind: 'share', request: match[1]!.trim(), explicit: true }),
    },
    {
      name: 'command:ask',
      language: 'any',
      pattern: /^(?:ask|gofyn)\b\s*[:-]?\s*(.*)$/i,
      build: (match) => ({ kind: 'ask', question: match[1]!.trim() }),
    },
    {
      name: 'command:profile',
      language: 'any',
      pattern: /^(?:profile|proffil|my profile|fy mhroffil)\b\s*[:-]?\s*(.*)$/i,
      build: (match) => profileIntent(match[1]!),
    },
    {
      name: 'command:requests',
      language: 'any',
      pattern: /^(?:requests|my requests|my sharing requests|ceisiadau|fy ngheisiadau|fy ngheisiadau rhannu)[.!?]*$/i,
      build: () => ({ kind: 'my-requests' }),
    },

    // ---- greetings and thanks (the whole message, nothing else) ----
    {
      name: 'greeting:en',
      language: 'en',
      pattern:
        /^(?:hi|hello|hey|hiya|howdy|good (?:morning|afternoon|evening)|morning|afternoon)(?: there| pont| all| everyone)?[\s!.,]*$/i,
      build: () => ({ kind: 'greeting' }),
    },
    {
      name: 'greeting:cy',
      language: 'cy',
      pattern:
        /^(?:helo|haia|shwmae|shw mae|sut mae|s'mae|su'mae|sumae|bore da|prynhawn da|noswaith dda|hwyl)(?: pont| bawb| chi)?[\s!.,]*$/i,
      build: () => ({ kind: 'greeting' }),
    },
    {
      name: 'greeting:thanks',
      language: 'any',
      pattern:
        /^(?:thanks|thank you|cheers|ta|diolch|diolch yn fawr|diolch o galon)(?: pont| very much| a lot| so much)?[\s!.,]*$/i,
      build: () => ({ kind: 'greeting', thanks: true }),
    },

    // ---- help in words ----
    {
      name: 'help:en',
      language: 'en',
      pattern:
        /^(?:what can you do|what do you do|what are you|how do i use (?:you|this|pont)|how does (?:this|pont) work|what commands|help me(?: please)?[.!?]*$|help please[.!?]*$)/i,
      build: () => ({ kind: 'help' }),
    },
    {
      name: 'help:cy',
      language: 'cy',
      pattern:
        /^(?:beth (?:allwch|gallwch|elli|alli) (?:chi |di )?(?:ei )?wneud|beth wyt ti|sut (?:mae|ydw i'n|dw i'n) defnyddio|helpwch fi[.!?]*$|help plis[.!?]*$)/i,
      build: () => ({ kind: 'help' }),
    },

    // ---- my requests ----
    {
      name: 'requests:en',
      language: 'en',
      pattern:
        /\b(?:my (?:sharing )?requests?|requests? (?:i|i've|i have) (?:made|opened|sent|asked)|what(?:'s| has)? happened to my (?:request|question)|status of my (?:request|question))\b/i,
      build: () => ({ kind: 'my-requests' }),
    },
    {
      name: 'requests:cy',
      language: 'cy',
      pattern: /\b(?:fy ngheisiadau|fy nghais|ceisiadau (?:rydw i|dw i|rwy) wedi)\b/i,
      build: () => ({ kind: 'my-requests' }),
    },

    // ---- profile ----
    {
      name: 'profile:en',
      language: 'en',
      pattern:
        /\b(?:(hide|unhide|show|edit|update|change|see|view|delete) )?my (profile|details|skills|welsh level)\b/i,
      build: (match) => {
        const verb = match[1]?.toLowerCase();
        if (verb === 'hide') return { kind: 'profile', change: { visible: false } };
        if (verb === 'unhide') return { kind: 'profile', change: { visible: true } };
        // "my skills" alone is often part of a question ("who needs my skills?"); only a verb makes it a profile request.
        if (match[2]!.toLowerCase() !== 'profile' && !verb) return null;
        return { kind: 'profile' };
      },
    },
    {
      name: 'profile:cy',
      language: 'cy',
      pattern: /\b(?:(cuddio|dangos|golygu|diweddaru|newid|gweld) )?fy (?:mhroffil|sgiliau|manylion)\b/i,
      build: (match) => {
        if (match[1]?.toLowerCase() === 'cuddio') return { kind: 'profile', change: { visible: false } };
        return { kind: 'profile' };
      },
    },

    // ---- counterparts ----
    {
      name: 'counterpart:en',
      language: 'en',
      pattern: /\b(?:my )?(?:counterparts?|opposite numbers?|oppos?|equivalents?|peers?)\b(.*)$/i,
      build: (match) => {
        const rest = match[1]!.replace(/^\s*(?:is|are|would be|be)\b/i, '');
        // "my counterpart", "who is my counterpart in Torfaen?" → me; "my opposite number … for waste" → waste.
        const target = /\b(?:for|of|in|on|at)\b/i.test(rest) ? rest : '';
        return counterpartIntent(target.trim() === '' ? null : target);
      },
    },
    {
      name: 'counterpart:cy',
      language: 'cy',
      pattern:
        /\b(?:fy )?(?:nghymar|cymar|gymar|chymar|cymheiriaid|gymheiriaid|swydd gyfatebol|cyfatebol|cyfatebydd)\b(.*)$/i,
      build: (match) => {
        const rest = match[1]!;
        const target = /\b(?:ar gyfer|i|yn|ym|o|mewn)\b/i.test(rest) ? rest : '';
        return counterpartIntent(target.trim() === '' ? null : target);
      },
    },
    {
      name: 'counterpart:role-en',
      language: 'en',
      pattern: new RegExp(
        String.raw`^(?:who(?:'s| is| are)? (?:the )?)?((?:head|director|assistant director|manager|service manager|team leader|team manager|lead|leader|chief officer|officer)s? (?:of|for) .+?) (?:in|at|for) (?:the )?(${council})(?: council| cbc)?[?.!]*$`,
        'i',
      ),
      build: (match) => {
        if (/chief executive|leader of the council/i.test(match[1]!)) return null;
        return counterpartIntent(`${match[1]} in ${match[2]}`);
      },
    },
    {
      name: 'counterpart:role-cy',
      language: 'cy',
      pattern: new RegExp(
        String.raw`^(?:pwy yw(?:'r)? )?((?:pennaeth|penaethiaid|rheolwr|rheolwyr|cyfarwyddwr|arweinydd tîm|arweinydd tim|prif swyddog) .+?) (?:(?:yn|ym|i|o|gyda) )?(?:y |cyngor )?(${council})[?.!]*$`,
        'i',
      ),
      build: (match) => {
        if (/prif weithredwr|arweinydd y cyngor/i.test(match[1]!)) return null;
        return counterpartIntent(`${match[1]} yn ${match[2]}`);
      },
    },

    // ---- sharing requests: asking the other council how they do something, or for a document ----
    {
      name: 'share:en-how',
      language: 'en',
      pattern: new RegExp(
        String.raw`^how (?:do|does|did|would|should) (?:you|you all|you guys|y'all|your (?:team|council|service|department)|the other council|(?:the )?${council}(?: council)?(?: team)?|they in ${council}) (?:\w+)\b`,
        'i',
      ),
      build: (_match, text) => ({ kind: 'share', request: text }),
    },
    {
      name: 'share:en-anyone',
      language: 'en',
      pattern: new RegExp(
        String.raw`^(?:(?:can|could|would|will) ${anyone}(?: in (?:${council}|the other council))? (?:please )?(?:share|send(?: over)?|pass on|lend|give (?:me|us))|(?:has|have) ${anyone}(?: in (?:${council}|the other council))? (?:already )?(?:got|written|done|produced|created|made|drafted|used|tried|set up|run|developed|completed)|does ${anyone}(?: in (?:${council}|the other council))? have|(?:who|whoever) has (?:got )?(?:an?|any|the|some) [\w\s-]*?\b${artefact}\b|is there ${anyone} (?:who|that) (?:has|could share)|${anyone} got (?:an?|any|the|some|a copy)|how (?:are|is) (?:you|you all|your (?:team|council|service)|(?:the )?${council}(?: council)?) (?:\w+ing)\b)\b`,
        'i',
      ),
      build: (_match, text) => ({ kind: 'share', request: text }),
    },
    {
      // "anyone done a DPIA for CCTV?", "has anybody here ever piloted a four-day week?": asking colleagues for what they did.
      name: 'share:en-anyone-done',
      language: 'en',
      pattern: new RegExp(
        String.raw`^(?:(?:has|have) )?${someone}(?: (?:in|at|from) (?:the )?(?:${council}|other council))? (?:ever |already |previously |recently |successfully )?${doneWork} (?:(?:an?|any|the|some|their|your|one|this|that|similar|something|anything)\b|(?!(?:it|so|well|before|yet|much|here|there|today|now)\b)\p{L}{3,})`,
        'iu',
      ),
      build: (_match, text) => ({ kind: 'share', request: text }),
    },
    {
      name: 'share:en-practice',
      language: 'en',
      pattern: /\b(?:best|good) practice (?:on|for|in|around)\b/i,
      build: (_match, text) => ({ kind: 'share', request: text }),
    },
    {
      name: 'share:cy-how',
      language: 'cy',
      pattern: new RegExp(
        String.raw`^sut (?:ydych chi'n|dych chi'n|rydych chi'n|ydych chi yn|mae (?:eich tîm|eich cyngor|y cyngor arall|(?:cyngor )?${council})(?: yn|'n))\b`,
        'i',
      ),
      build: (_match, text) => ({ kind: 'share', request: text }),
    },
    {
      name: 'share:cy-anyone',
      language: 'cy',
      pattern: new RegExp(
        String.raw`^(?:(?:a )?oes gan (?:rywun|rhywun|unrhyw un|unrhyw rai|(?:y )?cyngor arall|${council})|(?:a )?(?:all|allai|gall|fedr|allwch) (?:rhywun|rywun|unrhyw un|chi) (?:rannu|anfon|roi)|(?:a )?oes (?:rhywun|unrhyw un) wedi (?:ysgrifennu|gwneud|creu|llunio|defnyddio|paratoi)|pwy sydd â (?:thempled|thempledi|templed|enghraifft|enghreifftiau|pholisi|pholisïau|chopi|chynllun|chytundeb))\b`,
        'i',
      ),
      build: (_match, text) => ({ kind: 'share', request: text }),
    },
    {
      // "oes rhywun wedi cynnal DPIA ar gyfer CCTV?", "rhywun wedi defnyddio Copilot?" (not "wedi cael ei benodi", a question).
      name: 'share:cy-anyone-done',
      language: 'cy',
      pattern:
        /^(?:(?:a )?oes (?:yna )?)?(?:rhywun|rywun|unrhyw un|unrhyw rai)(?: yma| arall)? (?:erioed |eisoes |yn barod )?wedi (?!bod\b|cael\b|ei\b|eu\b)(?:\p{L}+)\b/iu,
      build: (_match, text) => ({ kind: 'share', request: text }),
    },
    {
      name: 'share:cy-practice',
      language: 'cy',
      pattern: /\barfer (?:da|gorau) (?:ar gyfer|ar|o ran)\b/i,
      build: (_match, text) => ({ kind: 'share', request: text }),
    },

    // ---- skill lookups ----
    {
      name: 'skills:en-who-knows',
      language: 'en',
      pattern:
        /\bwho (?:knows|understands|does|can do|is good at|is good with|has experience (?:of|in|with)|has expertise in|has done) (?:about |anything about |a lot about )?(.+)$/i,
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      name: 'skills:en-does-anyone-know',
      language: 'en',
      pattern: new RegExp(
        String.raw`^(?:does|do) ${anyone} (?:know|understand) (?:about |anything about |much about )?(.+)$`,
        'i',
      ),
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      name: 'skills:en-who-deals',
      language: 'en',
      pattern:
        /^who (?:deals with|handles|looks after|covers|works on|does the|leads on|is the lead (?:on|for)) (.+)$/i,
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      name: 'skills:en-talk-to',
      language: 'en',
      pattern:
        /^who (?:should|can|could|do|would) (?:i|we) (?:talk|speak|go|ask|contact|ring|call)(?: to| with)? (?:about|for|regarding|re) (.+)$/i,
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      name: 'skills:en-help-me',
      language: 'en',
      pattern: new RegExp(
        String.raw`^(?:can|could|would) ${anyone}(?: (?:from|in|at) (?:the )?${council}(?: council)?)? help (?:me |us )?(?:with|on|out with) (.+)$`,
        'i',
      ),
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      name: 'skills:en-who-has',
      language: 'en',
      pattern:
        /\bwho (?:has|have|has got) (?:an? )?(.+?) (?:skills?|experience|expertise|knowledge|background)\b(.*)$/i,
      build: (match, text) => skillIntent(`${match[1]} ${match[2]}`, text),
    },
    {
      name: 'skills:en-anyone',
      language: 'en',
      pattern: new RegExp(
        String.raw`\b(?:is there |are there |do we have |need |find (?:me )?|looking for |i need |i'm looking for |know )?(?:${anyone}|an? (?:expert|specialist|person)|someone) (?:with|who (?:knows|has|understands|is good at|does|can do|specialises in|specializes in)|that (?:knows|has)|good at|experienced in|skilled in|expert in|specialising in|specializing in) (?:about |in |experience (?:of|in|with) |skills in )?(.+)$`,
        'i',
      ),
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      name: 'skills:en-expert',
      language: 'en',
      pattern:
        /^(?:who(?:'s| is| are)? (?:an? |the |our )?)?(?:experts?|specialists?|go-to (?:person|people)) (?:in|on|for|at|with) (.+)$/i,
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      name: 'skills:en-noun-experts',
      language: 'en',
      pattern: /\b(?:an?|any|some|our|your) ([\w][\w\s&/-]*?) (?:experts?|specialists?|gurus?|whizz(?:es)?)\b/i,
      build: (match, text) =>
        /^(?:the|a|an|good|right|best|go-to|real|local)$/i.test(match[1]!) ? null : skillIntent(match[1]!, text),
    },
    {
      name: 'skills:en-anyone-expert',
      language: 'en',
      pattern: new RegExp(String.raw`\b${anyone} (?:an? )?(?:experts?|specialists?) (?:in|on|at|with|for) (.+)$`, 'i'),
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      name: 'skills:en-help-with',
      language: 'en',
      pattern: /^who (?:can|could) help (?:me |us )?with (.+)$/i,
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      // A need in the first person: "I need help with GIS mapping", "we could do with some advice on TUPE",
      // "looking for support with Power BI", "I'm after a hand with ArcGIS".
      name: 'skills:en-need-help',
      language: 'en',
      pattern: new RegExp(
        String.raw`^(?:(?:hi|hello|hey|morning)[\s,!]+)?(?:(?:i|we)(?:'m|'re| am| are| really| urgently| just)* )?(?:need(?:s|ing)?|want(?:ing)?|would like|'d like|could do with|could use|looking for|after|seeking|searching for|require|would appreciate|'d appreciate)(?: some| a bit of| a little| any| a little bit of)? ${helpNoun}(?: from (?:someone|somebody|anyone|anybody|a colleague|colleagues|an expert))? (?:with|on|for|about|regarding|around|re|in|understanding|using|setting up) (.+)$`,
        'i',
      ),
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      // A call for help in the third person: "anyone able to help with ArcGIS?", "help needed with Power BI", "any advice on TUPE?".
      name: 'skills:en-help-wanted',
      language: 'en',
      pattern: new RegExp(
        String.raw`^(?:${someone} (?:able|available|free|around|willing|happy) to (?:help|advise|support)(?: me| us)?(?: out)?|(?:any )?${helpNoun} (?:needed|wanted|required|appreciated)|any (?:help|advice|tips|pointers|guidance|experience)) (?:with|on|for|about|regarding|in) (.+)$`,
        'i',
      ),
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      // "need someone who can translate a doc into welsh asap": a need for a person who can do something.
      name: 'skills:en-need-someone-who-can',
      language: 'en',
      pattern:
        /^(?:i |we )?(?:really |urgently )?(?:need|needs|'m looking for|am looking for|are looking for|looking for|after|seeking) (?:someone|somebody|a person|a colleague) (?:who|that) (?:can|could) (.+)$/i,
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      // "who's the best person to ask about X", "who would be the right contact for X", "is there someone I can talk to about X".
      name: 'skills:en-right-person',
      language: 'en',
      pattern: new RegExp(
        String.raw`^(?:who(?:'s| is| would be| will be| might be)? (?:the |a |our )?(?:(?:best|right|ideal|correct|most suitable|go-to|main) (?:person|people|contact|colleague|one)s?(?: to ${contactVerb}(?: to| with)?)?|(?:person|people|contact) to ${contactVerb}(?: to| with)?)|(?:is there |are there )?(?:some ?one|some ?body|any ?one|any ?body|people) (?:i|we) (?:can|could|should|might|may) ${contactVerb}(?: to| with)?|who (?:should|can|could|do|would|might|shall|may) (?:i|we) ${contactVerb}(?: to| with)?) (?:about|for|regarding|re|on|with questions about|for help with|for advice on|if i need help with) (.+)$`,
        'i',
      ),
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      // "anyone know about SuDS?", "anybody here familiar with ArcGIS?" (the "does" left out, as people type).
      name: 'skills:en-anyone-know',
      language: 'en',
      pattern: new RegExp(
        String.raw`^${someone}(?: (?:in|at|from) (?:the )?(?:${council}|other council))? (?:know|knows|understand|understands|familiar with|clued up on|good (?:at|with)|experienced (?:in|with)|know anything about|know much about) (?:about |anything about |much about )?(.+)$`,
        'i',
      ),
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      // "dwi angen help gyda mapio GIS", "mae angen cymorth arna i efo Excel", "rydyn ni'n chwilio am gyngor ar TUPE".
      name: 'skills:cy-need-help',
      language: 'cy',
      pattern:
        /^(?:(?:helo|shwmae|haia)[\s,!]+)?(?:(?:dw i|dwi|rydw i|rwy|rwyf|rwy'n|dw i'n|dwi'n|rydw i'n|ry'n ni|rydyn ni|dyn ni|rydyn ni'n|dyn ni'n|mae|ma)(?: yn| 'n)? )?(?:angen|eisiau|isio|moyn|chwilio am|edrych am|yn chwilio am)(?: ychydig o| tipyn o| rhywfaint o| bach o)? (?:help|cymorth|gymorth|chymorth|cefnogaeth|gefnogaeth|cyngor|gyngor|arweiniad|arbenigedd|llaw)(?: arna i| arnaf i| arnaf| arnon ni| arnom ni| arnom)? (?:gyda|efo|â|a|ar|am|ynghylch|ynglŷn â|i ddeall|i ddefnyddio) (.+)$/i,
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      // "pwy alla i holi am grantiau llifogydd?", "at bwy ddylwn i droi am gyngor ar TUPE?".
      name: 'skills:cy-who-to-ask',
      language: 'cy',
      pattern:
        /^(?:pwy|at bwy|i bwy) (?:alla i|allwn i|ddylwn i|dylwn i|ddylen ni|allen ni|gallwn i|ga i|fedra i|fyddai'n) (?:ei |eu )?(?:holi|ofyn iddo|ofyn iddi|ofyn|gysylltu â|gysylltu efo|gysylltu gyda|siarad â|siarad gyda|siarad efo|ffonio|e-bostio|droi|fynd|gorau i'w holi)(?: am gyngor| am help)? (?:am|ynghylch|ynglŷn â|ar gyfer|ar|gyda|efo) (.+)$/i,
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      name: 'skills:cy-who-knows',
      language: 'cy',
      pattern:
        /\bpwy sy(?:'n| yn) (?:gwybod|deall|gwneud|dda (?:am|gyda|efo)|arbenigo mewn) (?:llawer |rhywbeth |unrhyw beth )?(?:am )?(.+)$/i,
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      name: 'skills:cy-who-deals',
      language: 'cy',
      pattern: /\bpwy sy(?:'n| yn) (?:delio (?:â|a|gyda|efo)|gyfrifol am|gofalu am|gweithio ar|arwain ar) (.+)$/i,
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      name: 'skills:cy-talk-to',
      language: 'cy',
      pattern:
        /^(?:â|a|gyda|efo) phwy (?:ddylwn i|dylwn i|alla i|gallaf) (?:siarad|gysylltu|cysylltu) (?:am|ynghylch|ynglŷn â) (.+)$/i,
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      name: 'skills:cy-who-has',
      language: 'cy',
      pattern:
        /\bpwy sydd (?:â|a|gyda|efo|ganddo|ganddi) (?:sgiliau|sgil|phrofiad|profiad|gwybodaeth|arbenigedd) (?:mewn |o |yn |am |ym )?(.+)$/i,
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      name: 'skills:cy-anyone',
      language: 'cy',
      pattern:
        /\b(?:(?:a )?oes (?:yna )?(?:rhywun|rywun|unrhyw un|unrhyw rai)|^(?:rhywun|unrhyw un)|chwilio am (?:rywun|rhywun|berson|arbenigwr)|angen (?:rhywun|rywun|arbenigwr)) (?:sy'n gwybod|sy'n deall|yn gwybod|yn deall|sydd â|sydd gyda|â|gyda|efo|sy'n arbenigo mewn|sy'n dda (?:am|gyda)) (?:sgiliau |sgil |phrofiad |profiad |gwybodaeth )?(?:am |mewn |o |yn )?(.+)$/i,
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      name: 'skills:cy-expert',
      language: 'cy',
      pattern: /^(?:pwy yw'r |pwy sy'n )?(?:arbenigwr|arbenigwyr|arbenigwraig) (?:mewn|ar|yn|ym|am) (.+)$/i,
      build: (match, text) => skillIntent(match[1]!, text),
    },
    {
      // "pwy all fy helpu gyda…", "oes rhywun yn gallu helpu gyda mapio?", "all rhywun fy helpu efo Excel?".
      name: 'skills:cy-help-with',
      language: 'cy',
      pattern:
        /^(?:pwy (?:all|allai|sy'n gallu)|(?:a )?oes (?:yna )?(?:rhywun|rywun|unrhyw un)(?: (?:yn|sy'n|sydd yn) (?:gallu|medru))?|(?:a )?(?:all|allai|gall|fedr|fedrai) (?:rhywun|rywun|unrhyw un)) (?:fy |ein )?helpu(?: fi| ni| i)? (?:gyda'r |efo'r |â'r |gyda |efo |â )(.+)$/i,
      build: (match, text) => skillIntent(match[1]!, text),
    },
  ];
}

// NOTE: the rules name the councils, so they are built again when the councils change.
let builtRules: { version: number; rules: Rule[]; welshFirst: Rule[] } | undefined;
function currentRules(): { rules: Rule[]; welshFirst: Rule[] } {
  if (!builtRules || builtRules.version !== councilsVersion()) {
    const rules = buildRules(String.raw`(?:${councilAlternatives()})`);
    builtRules = { version: councilsVersion(), rules, welshFirst: withWelshFirst(rules) };
  }
  return builtRules;
}

/** The rules' names in order, for tests that check a table covers every rule. */
export const routerRuleNames: readonly string[] = currentRules().rules.map((rule) => rule.name);
