import type { Language } from '../language/index.ts';
import {
  councilName as nameOf,
  fromCouncil as fromCouncilPhrase,
  inCouncil as inCouncilPhrase,
} from '../councils/index.ts';
import type { Council } from '../people/index.ts';
import type { Notification, RequestStatus } from './types.ts';

/** The most characters a request may have. */
export const maxRequestLength = 5_000;

/** A council's name in the given language. */
export function councilName(council: Council, language: Language): string {
  return nameOf(council, language);
}

/** "in Torfaen" / "yn Nhorfaen", with the Welsh mutation. */
export function inCouncil(council: Council, language: Language): string {
  return inCouncilPhrase(council, language);
}

/** "from Torfaen" / "o Dorfaen", with the Welsh mutation. */
export function fromCouncil(council: Council, language: Language): string {
  return fromCouncilPhrase(council, language);
}

const statusNames: Record<RequestStatus, Record<Language, string>> = {
  open: { en: 'open', cy: 'ar agor' },
  routed: { en: 'waiting for someone to pick it up', cy: 'yn aros i rywun ei godi' },
  claimed: { en: 'picked up', cy: 'wedi’i godi' },
  answered: { en: 'answered', cy: 'wedi’i ateb' },
  closed: { en: 'closed', cy: 'wedi’i gau' },
  cancelled: { en: 'cancelled', cy: 'wedi’i ganslo' },
  expired: { en: 'expired', cy: 'wedi dod i ben' },
};

/** A request status in words; in Welsh they agree with "cais", which is masculine. */
export function statusName(status: RequestStatus, language: Language): string {
  return statusNames[status][language];
}

type Text = Record<Language, string>;

/** Every fixed sentence the sharing workflow says, in English and Welsh. */
export const sharingText = {
  emptyRequest: {
    en: 'The request is empty: say what you would like to learn from the other council, e.g. "How do you run your waste rota?"',
    cy: 'Mae’r cais yn wag: dywedwch beth hoffech ei ddysgu gan y cyngor arall, e.e. "Sut ydych chi’n trefnu eich rota gwastraff?"',
  },
  tooLong: (length: number): Text => ({
    en: `The request is ${length.toLocaleString('en-GB')} characters long; the limit is ${maxRequestLength.toLocaleString('en-GB')}. Shorten it and share a link to any longer document.`,
    cy: `Mae’r cais yn ${length.toLocaleString('en-GB')} nod o hyd; yr uchafswm yw ${maxRequestLength.toLocaleString('en-GB')}. Byrhewch ef a rhannwch ddolen i unrhyw ddogfen hirach.`,
  }),
  unknownRequester: (email: string): Text => ({
    en: `${email} is not in the staff directory: requests come from staff of either council. Check the email address, or ask an admin to import the directory.`,
    cy: `Nid yw ${email} yn y cyfeiriadur staff: mae ceisiadau’n dod gan staff y naill gyngor neu’r llall. Gwiriwch y cyfeiriad e-bost, neu gofynnwch i weinyddwr fewnforio’r cyfeiriadur.`,
  }),
  noTopic: {
    en: 'I could not tell which service or skill this request is about. Name the service or the skill, e.g. "waste collection rota" or "data protection impact assessment".',
    cy: 'Ni allwn ddweud pa wasanaeth neu sgil yw testun y cais hwn. Enwch y gwasanaeth neu’r sgil, e.e. "rota casglu gwastraff" neu "asesiad effaith diogelu data".',
  },
  nobodyToRoute: (councils: Council[]): Text => ({
    en: `Nobody ${councils.map((council) => inCouncil(council, 'en')).join(' or ')} matches this request and no fallback contact is set, so it was not opened. Ask an admin to set PONT_FALLBACK_CONTACT, or name the service more clearly.`,
    cy: `Nid oes neb ${councils.map((council) => inCouncil(council, 'cy')).join(' nac ')} yn cyfateb i’r cais hwn ac nid oes cyswllt wrth gefn wedi’i osod, felly ni chafodd ei agor. Gofynnwch i weinyddwr osod PONT_FALLBACK_CONTACT, neu enwch y gwasanaeth yn gliriach.`,
  }),
  unknownTarget: (given: string, known: Council[]): Text => ({
    en: `${given ? `"${given.slice(0, 40)}" is not a council` : 'Name at least one council'}: send the request to ${known.join(', ')}.`,
    cy: `${given ? `Nid yw "${given.slice(0, 40)}" yn gyngor` : 'Enwch o leiaf un cyngor'}: anfonwch y cais at ${known.join(', ')}.`,
  }),
  needActor: (action: string): Text => ({
    en: `Say who is acting to ${action} the request: give your email (on the command line, --as EMAIL).`,
    cy: `Dywedwch pwy sy’n gweithredu i ${action} y cais: rhowch eich e-bost (ar y llinell orchymyn, --as EBOST).`,
  }),
  unknownActor: (email: string): Text => ({
    en: `${email} is not in the staff directory, so cannot act on requests. Check the email address.`,
    cy: `Nid yw ${email} yn y cyfeiriadur staff, felly ni all weithredu ar geisiadau. Gwiriwch y cyfeiriad e-bost.`,
  }),
  notFound: (id: string): Text => ({
    en: `There is no request #${id}: check the number in your list of requests.`,
    cy: `Nid oes cais #${id}: gwiriwch y rhif yn eich rhestr o geisiadau.`,
  }),
  badId: (id: string): Text => ({
    en: `"${id}" is not a request number: give the number your list of requests shows, e.g. 12.`,
    cy: `Nid yw "${id}" yn rhif cais: rhowch y rhif a ddangosir yn eich rhestr o geisiadau, e.e. 12.`,
  }),
  alreadyClaimed: (id: string, who: string): Text => ({
    en: `Request #${id} has already been picked up by ${who}. Contact them if you can help too.`,
    cy: `Mae ${who} eisoes wedi codi cais #${id}. Cysylltwch â nhw os gallwch chi helpu hefyd.`,
  }),
  claimedBySomeone: {
    en: 'someone else',
    cy: 'rhywun arall',
  },
  ownRequest: (id: string): Text => ({
    en: `Request #${id} is your own request: someone in the other council picks it up. Use cancel if you no longer need it.`,
    cy: `Eich cais chi yw cais #${id}: bydd rhywun yn y cyngor arall yn ei godi. Defnyddiwch ganslo os nad oes ei angen mwyach.`,
  }),
  notInState: (id: string, action: Text, status: RequestStatus): Text => ({
    en: `Request #${id} is ${statusNames[status].en}, so it cannot be ${action.en}.`,
    cy: `Mae cais #${id} ${statusNames[status].cy}, felly ni ellir ei ${action.cy}.`,
  }),
  claimFirst: (id: string): Text => ({
    en: `Request #${id} has not been picked up by you: claim it first, then answer.`,
    cy: `Nid chi sydd wedi codi cais #${id}: codwch ef yn gyntaf, yna atebwch.`,
  }),
  emptyAnswer: {
    en: 'The answer is empty: write what you do, or link to the document, so the requester can use it.',
    cy: 'Mae’r ateb yn wag: ysgrifennwch beth rydych chi’n ei wneud, neu rhowch ddolen i’r ddogfen, fel y gall y sawl a ofynnodd ei ddefnyddio.',
  },
  answerTooLong: {
    en: `The answer is longer than 20,000 characters: shorten it and link to the full document.`,
    cy: `Mae’r ateb yn hirach nag 20,000 nod: byrhewch ef a rhowch ddolen i’r ddogfen lawn.`,
  },
  requesterOnly: (id: string, action: Text): Text => ({
    en: `Only the person who asked (or an admin) can ${action.en} request #${id}.`,
    cy: `Dim ond y sawl a ofynnodd (neu weinyddwr) sy’n gallu ${action.cy} cais #${id}.`,
  }),
  notRoutedToYou: (id: string): Text => ({
    en: `Request #${id} was not sent to you, so you cannot pick it up: only the people it was sent to (or an admin) can.`,
    cy: `Ni anfonwyd cais #${id} atoch, felly ni allwch ei godi: dim ond y bobl yr anfonwyd ato (neu weinyddwr) sy’n gallu.`,
  }),
  notRouted: (id: string): Text => ({
    en: `Request #${id} was not sent to you and you have not picked it up, so there is nothing to decline.`,
    cy: `Ni anfonwyd cais #${id} atoch ac nid ydych wedi’i godi, felly nid oes dim i’w wrthod.`,
  }),
} as const;

/** Past participles and verbs used in transition messages. */
export const actionText = {
  claim: { en: 'picked up', cy: 'godi' },
  decline: { en: 'declined', cy: 'wrthod' },
  answer: { en: 'answered', cy: 'ateb' },
  close: { en: 'closed', cy: 'gau' },
  cancel: { en: 'cancelled', cy: 'ganslo' },
  markHelpful: { en: 'marked helpful', cy: 'farcio’n ddefnyddiol' },
} satisfies Record<string, Text>;

export const verbText = {
  close: { en: 'close', cy: 'cau' },
  cancel: { en: 'cancel', cy: 'canslo' },
  markHelpful: { en: 'rate', cy: 'graddio' },
} satisfies Record<string, Text>;

/**
 * One line saying what a notification is about, in the request's language: what the CLI logs and what a
 * channel can show when it has nothing richer.
 */
export function describeNotification(notification: Notification): string {
  const { request } = notification;
  const language = request.language;
  const title = `#${request.id} "${request.title}"`;
  const inFrom = inCouncil(request.requesterCouncil, language);
  const from = fromCouncil(request.requesterCouncil, language);
  const why = notification.reasons?.length ? ` (${notification.reasons.join('; ')})` : '';
  const lines: Record<Notification['kind'], Text> = {
    'request-routed': {
      en: `A colleague ${inFrom} asks: ${title}. Can you help? Claim it to reply.${why}`,
      cy: `Mae cydweithiwr ${inFrom} yn gofyn: ${title}. Allwch chi helpu? Codwch y cais i ateb.${why}`,
    },
    'request-reminder': {
      en: `Reminder: nobody has picked up ${title} ${from} yet. Can you help?`,
      cy: `Nodyn atgoffa: nid oes neb wedi codi ${title} ${from} eto. Allwch chi helpu?`,
    },
    'request-rerouted': {
      en: `Nobody has picked up ${title} ${from} yet, so it comes to you too. Can you help?${why}`,
      cy: `Nid oes neb wedi codi ${title} ${from} eto, felly mae’n dod atoch chi hefyd. Allwch chi helpu?${why}`,
    },
    'request-claimed': {
      en: `${request.claimedBy ?? 'Someone'} has picked up your request ${title}.`,
      cy: `Mae ${request.claimedBy ?? 'rhywun'} wedi codi eich cais ${title}.`,
    },
    'request-declined': {
      en: `${request.claimedBy ? request.claimedBy : 'The person who picked it up'} cannot answer ${title} after all; it is open for others again.`,
      cy: `Ni all y sawl a’i cododd ateb ${title} wedi’r cyfan; mae ar agor i eraill eto.`,
    },
    'request-answered': {
      en: `${request.answeredBy ?? 'Someone'} answered your request ${title}. Mark it helpful and close it when you are done.`,
      cy: `Mae ${request.answeredBy ?? 'rhywun'} wedi ateb eich cais ${title}. Marciwch ef yn ddefnyddiol a’i gau pan fyddwch wedi gorffen.`,
    },
    'claim-nudge': {
      en: `You picked up ${title}; the requester is still waiting for your answer.`,
      cy: `Fe wnaethoch chi godi ${title}; mae’r sawl a ofynnodd yn dal i aros am eich ateb.`,
    },
    'request-unanswered': {
      en:
        request.status === 'expired'
          ? `Sorry: nobody in the other council has picked up ${title}, even after reminders and asking more people. It is now closed as unanswered; try asking again in other words, or contact the service directly.`
          : `Your request ${title} was picked up but has not been answered yet; we have reminded them.`,
      cy:
        request.status === 'expired'
          ? `Mae’n ddrwg gennym: nid oes neb yn y cyngor arall wedi codi ${title}, hyd yn oed ar ôl nodiadau atgoffa a gofyn i fwy o bobl. Mae bellach wedi’i gau heb ateb; rhowch gynnig arall arni mewn geiriau eraill, neu cysylltwch â’r gwasanaeth yn uniongyrchol.`
          : `Cafodd eich cais ${title} ei godi ond nid yw wedi’i ateb eto; rydym wedi’u hatgoffa.`,
    },
    'request-closed': {
      en: `${title} is closed${request.helpful ? ' and was marked helpful. Thank you' : ''}.`,
      cy: `Mae ${title} wedi’i gau${request.helpful ? ' ac fe’i marciwyd yn ddefnyddiol. Diolch' : ''}.`,
    },
  };
  return lines[notification.kind][language];
}
