import { messagesFor } from '../../core/assistant/index.ts';
import { councilIds, councilList, councilsVersion } from '../../core/councils/index.ts';
import type { Language } from '../../core/language/index.ts';
import type { NotificationKind, RequestStatus } from '../../core/sharing/index.ts';

/**
 * The words on Teams cards, in English and Welsh. Labels every channel shares (sources, claim, not me, status
 * names, the directory and error messages) come from the core's catalogue so they read the same everywhere;
 * what only Teams needs (card notices, the stale-card message) is kept here.
 */
function shared(language: Language) {
  const core = messagesFor(language);
  return {
    sources: core.sources,
    helpful: `👍 ${core.helpful}`,
    notHelpful: `👎 ${core.notHelpful}`,
    askPerson: core.askAPerson,
    skills: core.skills,
    reasons: core.whyMatched,
    welshLevel: core.welshLevel,
    welshLevels: core.welshLevels,
    status: core.requestStatus satisfies Record<RequestStatus, string>,
    routedTo: core.routedTo,
    claimedBy: core.claimedBy,
    answeredBy: core.answeredBy,
    answer: core.answer,
    claim: core.claim,
    notMe: core.notMe,
    sendAnswer: core.sendAnswer,
    sendRequest: core.sendRequest,
    cancel: core.cancel,
    save: core.save,
    visible: core.visibleInSearches,
    somethingWentWrong: core.errorGeneric,
    help: core.help,
    council: Object.fromEntries(councilIds().map((council) => [council, core.councilName(council)])) as Record<
      string,
      string
    >,
    notInDirectory: core.notInDirectory,
  };
}

const english = {
  feedbackThanks: 'Thank you: your feedback was recorded.',
  feedbackNotRecorded: 'That answer is no longer on record, so the feedback was not saved.',
  noPeople: 'Nobody matched.',
  request: 'Request',
  requestStatus: 'Status',
  yourAnswer: 'Your answer',
  consentToShare: 'Pont may keep this answer as shared practice for the next person who asks',
  markHelpful: '👍 That helped',
  markNotHelpful: '👎 It did not help',
  closeRequest: 'Close request',
  cancelRequest: 'Cancel request',
  get requestPrompt(): string {
    return councilIds().length > 2
      ? 'What would you like to ask the other councils?'
      : 'What would you like to ask the other council?';
  },
  shareTargetLabel: 'Send to',
  get requestDialogTitle(): string {
    return councilIds().length > 2 ? 'Ask the other councils' : 'Ask the other council';
  },
  requestOpened: (who: string) =>
    who ? `Your request is open and has gone to ${who}.` : 'Your request is open; Pont is finding the right people.',
  requestCancelled: 'Nothing was sent.',
  requestEmpty: 'Write what you would like to ask, then send it.',
  claimed: 'You picked this up. Write your answer below when you are ready.',
  declined: 'Thank you: Pont will ask someone else.',
  answered: 'Thank you: your answer has gone to the requester.',
  helpfulRecorded: 'Thank you: Pont has recorded that.',
  closed: 'The request is closed.',
  requestWithdrawn: 'The request is cancelled.',
  why: 'Why you',
  notification: {
    'request-routed': 'A colleague in the other council is asking for your help.',
    'request-reminder': 'Reminder: this request is still waiting for someone to pick it up.',
    'request-rerouted': 'This request has been passed to you because nobody has picked it up yet.',
    'request-claimed': 'Good news: someone has picked up your request.',
    'request-declined': 'Someone could not help with your request; Pont is asking others.',
    'request-answered': 'Your request has an answer.',
    'claim-nudge': 'You picked up this request: it is still waiting for your answer.',
    'request-unanswered':
      'Nobody has been able to answer your request yet. Pont will keep trying; you may want to ask your manager too.',
    'request-closed': 'This request is closed.',
  } satisfies Record<NotificationKind, string>,
  unknownUser: (contact: string | undefined) =>
    `You are not in the staff directory yet, so Pont cannot act for you. Ask your HR team to add your work email to the directory export${contact ? `, or contact ${contact}` : ''}.`,
  staleAction:
    'This card is out of date: the request it was about no longer exists or is not yours to act on. Nothing was changed.',
  searchPrompt: 'Type a skill, for example GIS or procurement.',
  get welcome() {
    return `Hello, I am Pont. Ask me about the federation of ${councilList('en')}, find colleagues with a skill (skills GIS), find your counterpart (counterpart), or ask the other council for help (share …). Type help to see everything.`;
  },
  profileSaved: 'Your profile is saved.',
  personalOnly:
    'Your profile and your requests are yours alone, so Pont shows them only in your 1:1 chat with Pont: open a chat with Pont and ask there.',
};

type TeamsOnly = typeof english;

const welsh: TeamsOnly = {
  feedbackThanks: 'Diolch: cafodd eich adborth ei gofnodi.',
  feedbackNotRecorded: 'Nid yw’r ateb hwnnw ar gof bellach, felly ni chafodd yr adborth ei gadw.',
  noPeople: 'Doedd neb yn cyfateb.',
  request: 'Cais',
  requestStatus: 'Statws',
  yourAnswer: 'Eich ateb',
  consentToShare: 'Caiff Pont gadw’r ateb hwn fel arfer a rennir ar gyfer y person nesaf sy’n gofyn',
  markHelpful: '👍 Roedd hynny’n help',
  markNotHelpful: '👎 Doedd hynny ddim yn help',
  closeRequest: 'Cau’r cais',
  cancelRequest: 'Canslo’r cais',
  get requestPrompt() {
    return councilIds().length > 2
      ? 'Beth hoffech chi ei ofyn i’r cynghorau eraill?'
      : 'Beth hoffech chi ei ofyn i’r cyngor arall?';
  },
  shareTargetLabel: 'Anfon at',
  get requestDialogTitle() {
    return councilIds().length > 2 ? 'Gofyn i’r cynghorau eraill' : 'Gofyn i’r cyngor arall';
  },
  requestOpened: (who: string) =>
    who
      ? `Mae eich cais ar agor ac wedi mynd at ${who}.`
      : 'Mae eich cais ar agor; mae Pont yn chwilio am y bobl iawn.',
  requestCancelled: 'Ni anfonwyd dim.',
  requestEmpty: 'Ysgrifennwch beth hoffech chi ei ofyn, yna anfonwch ef.',
  claimed: 'Rydych chi wedi codi hwn. Ysgrifennwch eich ateb isod pan fyddwch chi’n barod.',
  declined: 'Diolch: bydd Pont yn gofyn i rywun arall.',
  answered: 'Diolch: mae eich ateb wedi mynd at y sawl a ofynnodd.',
  helpfulRecorded: 'Diolch: mae Pont wedi cofnodi hynny.',
  closed: 'Mae’r cais wedi cau.',
  requestWithdrawn: 'Mae’r cais wedi’i ganslo.',
  why: 'Pam chi',
  notification: {
    'request-routed': 'Mae cydweithiwr yn y cyngor arall yn gofyn am eich help.',
    'request-reminder': 'Nodyn atgoffa: mae’r cais hwn yn dal i aros i rywun ei godi.',
    'request-rerouted': 'Mae’r cais hwn wedi dod atoch chi am nad oes neb wedi’i godi eto.',
    'request-claimed': 'Newyddion da: mae rhywun wedi codi eich cais.',
    'request-declined': 'Doedd rhywun ddim yn gallu helpu gyda’ch cais; mae Pont yn gofyn i eraill.',
    'request-answered': 'Mae ateb i’ch cais.',
    'claim-nudge': 'Fe wnaethoch chi godi’r cais hwn: mae’n dal i aros am eich ateb.',
    'request-unanswered':
      'Does neb wedi gallu ateb eich cais eto. Bydd Pont yn dal ati; efallai yr hoffech chi ofyn i’ch rheolwr hefyd.',
    'request-closed': 'Mae’r cais hwn wedi cau.',
  },
  unknownUser: (contact: string | undefined) =>
    `Nid ydych chi yn y cyfeiriadur staff eto, felly ni all Pont weithredu ar eich rhan. Gofynnwch i’ch tîm AD ychwanegu eich e-bost gwaith at y cyfeiriadur${contact ? `, neu cysylltwch â ${contact}` : ''}.`,
  staleAction:
    'Mae’r cerdyn hwn wedi dyddio: nid yw’r cais yn bodoli mwyach neu nid eich cais chi ydyw. Ni newidiwyd dim.',
  searchPrompt: 'Teipiwch sgil, er enghraifft GIS neu caffael.',
  get welcome() {
    return `Helo, Pont ydw i. Gofynnwch i mi am ffederasiwn ${councilList('cy')}, dewch o hyd i gydweithwyr â sgil (skills GIS), dewch o hyd i’ch cymar (counterpart), neu gofynnwch i’r cyngor arall am help (share …). Teipiwch help i weld y cyfan.`;
  },
  profileSaved: 'Mae eich proffil wedi’i gadw.',
  personalOnly:
    'Eich proffil a’ch ceisiadau chi yn unig ydynt, felly dim ond yn eich sgwrs un-i-un gyda Pont y mae Pont yn eu dangos: agorwch sgwrs gyda Pont a gofynnwch yno.',
};

// NOTE: keyed by the councils too: their names are part of the labels.
const cache = new Map<string, TeamsOnly & ReturnType<typeof shared>>();

/** The Teams labels in `language`. */
export function teamsMessages(language: Language): TeamsOnly & ReturnType<typeof shared> {
  const key = `${language}:${councilsVersion()}`;
  let messages = cache.get(key);
  if (!messages) {
    messages = { ...(language === 'cy' ? welsh : english), ...shared(language) };
    cache.set(key, messages);
  }
  return messages;
}

export type TeamsMessages = ReturnType<typeof teamsMessages>;
