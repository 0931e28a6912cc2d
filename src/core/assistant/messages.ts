import type { Language } from '../language/index.ts';
import { councilIds, councilList, councilName, inCouncil } from '../councils/index.ts';
import type { Council } from '../people/index.ts';
import type { NotificationKind, RequestStatus } from '../sharing/index.ts';

/**
 * Every fixed string Pont shows a person, in English and Welsh. The core builds its replies from these and
 * every channel (Slack, Teams, web, CLI) labels its buttons and headings with them, so a string is written
 * once and is the same everywhere.
 *
 * Usage: `messagesFor(language).sources`, `messagesFor('cy').peopleWithSkill('GIS', 'torfaen')`.
 * To add a string, add it to `english` and the type makes the Welsh catalogue require it too.
 */

// NOTE: council names come from the councils file; Welsh mutates a place name after "yn" (yn Nhorfaen, ym Mlaenau Gwent).
const councilNames = { get: (council: Council) => councilName(council, 'en') };
const welshInCouncil = { get: (council: Council) => inCouncil(council, 'cy') };
/** "the other council", or "the other councils" when there are more than two. */
const otherCouncilsPhrase = (language: 'en' | 'cy') =>
  councilIds().length > 2
    ? language === 'en'
      ? 'the other councils'
      : 'y cynghorau eraill'
    : language === 'en'
      ? 'the other council'
      : 'y cyngor arall';

const english = {
  languageName: 'English',
  otherLanguageName: 'Cymraeg',
  get appDescription() {
    return `Pont helps staff of ${councilList('en')} councils work together.`;
  },

  // Buttons and labels the channels show.
  askAPerson: 'Ask a person',
  sources: 'Sources',
  source: 'Source',
  wasThisHelpful: 'Was this helpful?',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  thanksForFeedback: 'Thanks for the feedback.',
  claim: 'Claim',
  notMe: 'Not me',
  answer: 'Answer',
  sendAnswer: 'Send answer',
  shareInChannel: 'Share in channel',
  sendRequest: 'Send request',
  cancel: 'Cancel',
  close: 'Close',
  editProfile: 'Edit profile',
  hideProfile: 'Hide my profile',
  showProfile: 'Show my profile',
  save: 'Save',
  skills: 'Skills',
  welshLevel: 'Welsh level',
  visibleInSearches: 'Visible in searches',
  yes: 'Yes',
  no: 'No',
  council: 'Council',
  jobTitle: 'Job title',
  serviceArea: 'Service',
  whyMatched: 'Why',
  status: 'Status',
  requestedBy: 'Requested by',
  memberOfStaff: 'A member of staff',
  claimedBy: 'Picked up by',
  answeredBy: 'Answered by',
  routedTo: 'Sent to',
  myRequests: 'My requests',
  requestsRoutedToMe: 'Requests sent to me',
  myProfile: 'My profile',
  yourQuestion: 'Your question',
  typeYourQuestion: 'Type a question or a command',
  send: 'Send',
  thinking: 'Looking…',

  get help() {
    return [
      `I am Pont. I help staff of ${councilList('en')} councils work together. You can:`,
      '• ask a question about the federation, e.g. "Is this a merger?"',
      '• skills SKILL: find people with a skill in either council, e.g. "skills GIS" or "who knows about procurement?"',
      '• counterpart [ROLE]: find your opposite number in the other council, e.g. "counterpart" or "counterpart head of waste"',
      '• share REQUEST: ask the other council how they do something, e.g. "share how do you run your waste rota?"',
      '• ask QUESTION: answer only from the documents',
      '• requests: see your sharing requests',
      '• profile: see your profile; "profile hide", "profile show", "profile skills GIS; mapping", "profile welsh 3"',
      '• help: show this message',
      'Write in English or Welsh and I will reply in the same language.',
    ].join('\n');
  },
  greeting: (name: string | null) =>
    `Hello${name ? ` ${name}` : ''}! Ask me about the federation, find someone with a skill, or find your counterpart in the other council. Type "help" to see everything I can do.`,
  thanks: 'You are welcome. Ask me anything else whenever you like.',
  emptyMessage: 'Please type a question or a command. Type "help" to see what I can do.',

  notInDirectory:
    'You are not in the staff directory yet, so I cannot do things that need to know who you are (your counterpart, your requests, your profile or sharing requests). Ask your HR or IT team to include you in the staff directory import for Pont. Meanwhile you can still ask me questions about the federation and look up skills.',

  // Documents questions.
  noAnswer: 'The documents do not answer that.',
  askAPersonHint: 'You can ask a person in the other council instead.',
  whatToAsk: 'What would you like to know? For example: "ask is this a merger?"',

  // Skill lookup.
  whichSkill: 'Which skill are you looking for? For example: "skills GIS".',
  peopleWithSkill: (skill: string, council?: Council) =>
    `People who know about ${skill}${council ? ` in ${councilNames.get(council)}` : ''}`,
  noPeopleWithSkill: (skill: string) =>
    `I could not find anyone who lists ${skill} as a skill. You could ask the other council with a sharing request: share ${skill}`,

  // Counterparts.
  yourCounterparts: (council?: Council) =>
    `Your counterparts${council ? ` in ${councilNames.get(council)}` : ` in ${otherCouncilsPhrase('en')}`}`,
  counterpartsFor: (target: string, council?: Council) =>
    `Counterparts for "${target}"${council ? ` in ${councilNames.get(council)}` : ''}`,
  noCounterparts: 'I could not find a counterpart in the other council.',

  // Sharing.
  whatToShare: 'What would you like to ask the other council? For example: "share how do you run your waste rota?"',
  confirmShare: (council: Council | null) =>
    `Shall I send this as a sharing request to the people who work on it ${council ? `in ${councilNames.get(council)}` : `in ${otherCouncilsPhrase('en')}`}?`,
  requestOpened: (count: number, councils: Council[]) =>
    count === 0
      ? 'Your request is open. Nobody matched it yet, so it will go to a senior contact; I will tell you when someone picks it up.'
      : `I have sent your request to ${count === 1 ? 'one person' : `${count} people`} in ${councils.map((council) => councilNames.get(council)).join(' and ')}. I will tell you when someone picks it up.`,
  yourRequests: 'Your sharing requests',
  noRequests: 'You have no sharing requests yet. Start one with "share" and your question.',
  requestStatus: {
    open: 'Open',
    routed: 'Sent',
    claimed: 'Picked up',
    answered: 'Answered',
    closed: 'Closed',
    cancelled: 'Cancelled',
    expired: 'Expired',
  } satisfies Record<RequestStatus, string>,
  notification: (kind: NotificationKind, title: string, who: string | null) =>
    ({
      'request-routed': `New sharing request for you: "${title}". Can you help?`,
      'request-reminder': `Reminder: "${title}" is still waiting for someone to pick it up.`,
      'request-rerouted': `"${title}" has been sent to you because the first people asked could not take it.`,
      'request-claimed': `${who ?? 'Someone'} has picked up your request "${title}".`,
      'request-declined': `${who ?? 'Someone'} cannot help with "${title}"; I am asking others.`,
      'request-answered': `${who ?? 'Someone'} has answered your request "${title}".`,
      'claim-nudge': `You picked up "${title}". Are you able to answer it?`,
      'request-unanswered': `Sorry, nobody has been able to answer "${title}" yet. You could ask again with more detail, or contact the service directly.`,
      'request-closed': `Your request "${title}" is closed.`,
    })[kind],

  // Profile.
  profileSummary: (skills: string[], welshLevel: number, visible: boolean) =>
    [
      `Skills: ${skills.length > 0 ? skills.join(', ') : 'none listed'}`,
      `Welsh level: ${english.welshLevels[welshLevel] ?? welshLevel}`,
      `Visible in searches: ${visible ? 'yes' : 'no (hidden)'}`,
    ].join('\n'),
  profileHidden: 'Your profile is now hidden: nobody will find you in searches.',
  profileShown: 'Your profile is visible again.',
  profileUpdated: 'Your profile has been updated.',
  profileUsage:
    'To change your profile: "profile hide", "profile show", "profile skills GIS; mapping" or "profile welsh 0-5".',
  welshLevels: ['None', 'Entry', 'Foundation', 'Intermediate', 'Advanced', 'Proficient'] as string[],

  // Councils.
  councilName: (council: Council) => councilNames.get(council),
  inCouncil: (council: Council) => `in ${councilNames.get(council)}`,
  theOtherCouncil: 'the other council',

  // Errors: short and safe, never a stack trace or another person's data.
  errorGeneric: 'Sorry, something went wrong on my side. Please try again in a moment.',
  errorInvalid: (detail: string) => `I could not do that: ${detail}`,
  errorNotAllowed: 'Sorry, you are not allowed to do that.',
  errorNotFound: 'Sorry, I could not find that. It may have been removed.',
  errorConflict: (detail: string) => `That has already changed: ${detail}`,
  errorUpstream: 'A service I depend on is not answering. Please try again in a few minutes.',
  errorGaveUp:
    'Sorry, I could not finish answering your message: I tried several times and it kept failing. Please send it again in a few minutes.',
};

/** The shape of the catalogue: every key, with the same parameters, in both languages. */
export type Messages = typeof english;

const welsh: Messages = {
  languageName: 'Cymraeg',
  otherLanguageName: 'English',
  get appDescription() {
    return `Mae Pont yn helpu staff cynghorau ${councilList('cy')} i weithio gyda'i gilydd.`;
  },

  askAPerson: 'Gofyn i berson',
  sources: 'Ffynonellau',
  source: 'Ffynhonnell',
  wasThisHelpful: 'Oedd hyn yn ddefnyddiol?',
  helpful: 'Defnyddiol',
  notHelpful: 'Ddim yn ddefnyddiol',
  thanksForFeedback: 'Diolch am yr adborth.',
  claim: 'Hawlio',
  notMe: 'Nid fi',
  answer: 'Ateb',
  sendAnswer: 'Anfon ateb',
  shareInChannel: 'Rhannu yn y sianel',
  sendRequest: 'Anfon cais',
  cancel: 'Canslo',
  close: 'Cau',
  editProfile: 'Golygu proffil',
  hideProfile: 'Cuddio fy mhroffil',
  showProfile: 'Dangos fy mhroffil',
  save: 'Cadw',
  skills: 'Sgiliau',
  welshLevel: 'Lefel Cymraeg',
  visibleInSearches: "I'w weld mewn chwiliadau",
  yes: 'Ydy',
  no: 'Nac ydy',
  council: 'Cyngor',
  jobTitle: 'Teitl swydd',
  serviceArea: 'Gwasanaeth',
  whyMatched: 'Pam',
  status: 'Statws',
  requestedBy: 'Gofynnwyd gan',
  memberOfStaff: 'Aelod o staff',
  claimedBy: "Wedi'i hawlio gan",
  answeredBy: 'Atebwyd gan',
  routedTo: 'Anfonwyd at',
  myRequests: 'Fy ngheisiadau',
  requestsRoutedToMe: 'Ceisiadau a anfonwyd ataf i',
  myProfile: 'Fy mhroffil',
  yourQuestion: 'Eich cwestiwn',
  typeYourQuestion: 'Teipiwch gwestiwn neu orchymyn',
  send: 'Anfon',
  thinking: 'Yn chwilio…',

  get help() {
    return [
      `Pont ydw i. Rwy'n helpu staff cynghorau ${councilList('cy')} i weithio gyda'i gilydd. Gallwch:`,
      '• ofyn cwestiwn am y ffederasiwn, e.e. "Ai uno yw hyn?"',
      '• sgiliau SGIL: dod o hyd i bobl â sgil yn y naill gyngor neu\'r llall, e.e. "sgiliau GIS" neu "pwy sy\'n gwybod am gaffael?"',
      '• cymar [SWYDD]: dod o hyd i\'ch cymar yn y cyngor arall, e.e. "cymar" neu "cymar pennaeth gwastraff"',
      "• rhannu CAIS: gofyn i'r cyngor arall sut maen nhw'n gwneud rhywbeth, e.e. \"rhannu sut ydych chi'n trefnu'r rota gwastraff?\"",
      "• gofyn CWESTIWN: ateb o'r dogfennau yn unig",
      '• ceisiadau: gweld eich ceisiadau rhannu',
      '• proffil: gweld eich proffil; "proffil cuddio", "proffil dangos", "proffil sgiliau GIS; mapio", "proffil cymraeg 3"',
      '• help: dangos y neges hon',
      'Ysgrifennwch yn Gymraeg neu yn Saesneg a byddaf yn ateb yn yr un iaith.',
    ].join('\n');
  },
  greeting: (name: string | null) =>
    `Shwmae${name ? ` ${name}` : ''}! Gofynnwch i mi am y ffederasiwn, chwiliwch am rywun â sgil, neu dewch o hyd i'ch cymar yn y cyngor arall. Teipiwch "help" i weld popeth y gallaf ei wneud.`,
  thanks: 'Croeso. Gofynnwch unrhyw beth arall pryd bynnag y mynnwch.',
  emptyMessage: 'Teipiwch gwestiwn neu orchymyn. Teipiwch "help" i weld beth y gallaf ei wneud.',

  notInDirectory:
    "Nid ydych yn y cyfeiriadur staff eto, felly ni allaf wneud pethau sydd angen gwybod pwy ydych chi (eich cymar, eich ceisiadau, eich proffil na cheisiadau rhannu). Gofynnwch i'ch tîm AD neu TG eich cynnwys yn y cyfeiriadur staff a fewnforir i Pont. Yn y cyfamser, gallwch ddal i ofyn cwestiynau i mi am y ffederasiwn a chwilio am sgiliau.",

  noAnswer: "Nid yw'r dogfennau'n ateb hynny.",
  askAPersonHint: 'Gallwch ofyn i berson yn y cyngor arall yn lle hynny.',
  whatToAsk: 'Beth hoffech chi ei wybod? Er enghraifft: "gofyn ai uno yw hyn?"',

  whichSkill: 'Pa sgil ydych chi\'n chwilio amdani? Er enghraifft: "sgiliau GIS".',
  peopleWithSkill: (skill: string, council?: Council) =>
    `Pobl sy'n gwybod am ${skill}${council ? ` ${welshInCouncil.get(council)}` : ''}`,
  noPeopleWithSkill: (skill: string) =>
    `Ni allwn ddod o hyd i neb sy'n rhestru ${skill} fel sgil. Gallech ofyn i'r cyngor arall gyda chais rhannu: rhannu ${skill}`,

  yourCounterparts: (council?: Council) =>
    `Eich cymheiriaid ${council ? welshInCouncil.get(council) : `yn ${otherCouncilsPhrase('cy')}`}`,
  counterpartsFor: (target: string, council?: Council) =>
    `Cymheiriaid ar gyfer "${target}"${council ? ` ${welshInCouncil.get(council)}` : ''}`,
  noCounterparts: 'Ni allwn ddod o hyd i gymar yn y cyngor arall.',

  whatToShare:
    "Beth hoffech chi ei ofyn i'r cyngor arall? Er enghraifft: \"rhannu sut ydych chi'n trefnu'r rota gwastraff?\"",
  confirmShare: (council: Council | null) =>
    `Hoffech chi i mi anfon hyn fel cais rhannu at y bobl sy'n gweithio ar hyn ${council ? welshInCouncil.get(council) : `yn ${otherCouncilsPhrase('cy')}`}?`,
  requestOpened: (count: number, councils: Council[]) =>
    count === 0
      ? 'Mae eich cais ar agor. Nid oes neb yn cyfateb eto, felly bydd yn mynd at uwch gyswllt; byddaf yn rhoi gwybod i chi pan fydd rhywun yn ei hawlio.'
      : `Rwyf wedi anfon eich cais at ${count === 1 ? 'un person' : `${count} o bobl`} ${councils.map((council) => welshInCouncil.get(council)).join(' ac ')}. Byddaf yn rhoi gwybod i chi pan fydd rhywun yn ei hawlio.`,
  yourRequests: 'Eich ceisiadau rhannu',
  noRequests: 'Nid oes gennych geisiadau rhannu eto. Dechreuwch un gyda "rhannu" a\'ch cwestiwn.',
  requestStatus: {
    open: 'Ar agor',
    routed: "Wedi'i anfon",
    claimed: "Wedi'i hawlio",
    answered: "Wedi'i ateb",
    closed: 'Wedi cau',
    cancelled: "Wedi'i ganslo",
    expired: 'Wedi dod i ben',
  },
  notification: (kind: NotificationKind, title: string, who: string | null) =>
    ({
      'request-routed': `Cais rhannu newydd i chi: "${title}". Allwch chi helpu?`,
      'request-reminder': `Nodyn atgoffa: mae "${title}" yn dal i aros i rywun ei hawlio.`,
      'request-rerouted': `Mae "${title}" wedi'i anfon atoch am nad oedd y bobl gyntaf yn gallu ei gymryd.`,
      'request-claimed': `Mae ${who ?? 'rhywun'} wedi hawlio eich cais "${title}".`,
      'request-declined': `Ni all ${who ?? 'rhywun'} helpu gyda "${title}"; rwy'n gofyn i eraill.`,
      'request-answered': `Mae ${who ?? 'rhywun'} wedi ateb eich cais "${title}".`,
      'claim-nudge': `Fe wnaethoch chi hawlio "${title}". Ydych chi'n gallu ei ateb?`,
      'request-unanswered': `Mae'n ddrwg gennyf, nid oes neb wedi gallu ateb "${title}" eto. Gallech ofyn eto gyda mwy o fanylion, neu gysylltu â'r gwasanaeth yn uniongyrchol.`,
      'request-closed': `Mae eich cais "${title}" wedi cau.`,
    })[kind],

  profileSummary: (skills: string[], welshLevel: number, visible: boolean) =>
    [
      `Sgiliau: ${skills.length > 0 ? skills.join(', ') : "dim wedi'u rhestru"}`,
      `Lefel Cymraeg: ${welsh.welshLevels[welshLevel] ?? welshLevel}`,
      `I'w weld mewn chwiliadau: ${visible ? 'ydy' : "nac ydy (wedi'i guddio)"}`,
    ].join('\n'),
  profileHidden: "Mae eich proffil wedi'i guddio nawr: ni fydd neb yn dod o hyd i chi mewn chwiliadau.",
  profileShown: "Mae eich proffil i'w weld eto.",
  profileUpdated: "Mae eich proffil wedi'i ddiweddaru.",
  profileUsage:
    'I newid eich proffil: "proffil cuddio", "proffil dangos", "proffil sgiliau GIS; mapio" neu "proffil cymraeg 0-5".',
  welshLevels: ['Dim', 'Mynediad', 'Sylfaen', 'Canolradd', 'Uwch', 'Hyfedr'],

  councilName: (council: Council) => councilNames.get(council),
  inCouncil: (council: Council) => welshInCouncil.get(council),
  theOtherCouncil: 'y cyngor arall',

  errorGeneric: "Mae'n ddrwg gennyf, aeth rhywbeth o'i le ar fy ochr i. Rhowch gynnig arall arni mewn munud.",
  errorInvalid: (detail: string) => `Ni allwn wneud hynny: ${detail}`,
  errorNotAllowed: "Mae'n ddrwg gennyf, nid oes gennych hawl i wneud hynny.",
  errorNotFound: "Mae'n ddrwg gennyf, ni allwn ddod o hyd i hynny. Efallai ei fod wedi'i ddileu.",
  errorConflict: (detail: string) => `Mae hynny eisoes wedi newid: ${detail}`,
  errorUpstream: "Nid yw gwasanaeth rwy'n dibynnu arno yn ateb. Rhowch gynnig arall arni ymhen ychydig funudau.",
  errorGaveUp:
    "Mae'n ddrwg gennyf, ni allwn orffen ateb eich neges: rhoddais gynnig arni sawl gwaith ac roedd yn dal i fethu. Anfonwch hi eto ymhen ychydig funudau.",
};

const catalogues: Record<Language, Messages> = { en: english, cy: welsh };

/** The catalogue for one language. */
export function messagesFor(language: Language): Messages {
  return catalogues[language];
}
