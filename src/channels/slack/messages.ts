import type { Language } from '../../core/language/index.ts';
import { councilIds } from '../../core/councils/index.ts';

/**
 * The few strings only Slack shows (modal titles, update notes). Everything shared with other channels
 * comes from the core's catalogue (`messagesFor` in src/core/assistant/messages.ts).
 */
const english = {
  requestHeading: (id: string, title: string) => `Sharing request #${id}: ${title}`,
  shareModalTitle: 'Ask a person',
  get shareModalLabel(): string {
    return councilIds().length > 2
      ? 'What would you like to ask the other councils?'
      : 'What would you like to ask the other council?';
  },
  shareModalHint: 'Say what you need and why; the people who work on it will see this.',
  shareTargetLabel: 'Send to',
  answerModalTitle: 'Answer a request',
  answerLabel: 'Your answer',
  consentTitle: 'Share with others',
  consentLabel: 'Keep my answer so Pont can share it with others who ask the same',
  profileModalTitle: 'Edit my profile',
  skillsHint: 'Separate skills with semicolons, e.g. GIS; mapping',
  skillsKeptAside: (count: number) =>
    `${count} more ${count === 1 ? 'skill does' : 'skills do'} not fit in this box and ${count === 1 ? 'is' : 'are'} kept as ${count === 1 ? 'it is' : 'they are'}`,
  declined: 'You passed this request on. Thank you for saying so.',
  claimedByYou: 'You picked this up. Press Answer when you are ready.',
  claimedByOther: (who: string) => `${who} has picked this up.`,
  answerSent: 'Thank you: your answer has been sent to the person who asked.',
  sharedBy: (user: string) => `Shared by ${user}`,
  lookupGone: 'That result has already been shared or is no longer available; run the command again.',
  none: 'None',
  followInDirectMessages: 'I will keep you posted on this request in our direct messages.',
  markedHelpful: 'Thank you: you marked the answer as helpful.',
  markedNotHelpful: 'Thank you: you marked the answer as not helpful.',
  cannotPostHere: 'I could not post in this channel: invite me with /invite @Pont, or message me directly.',
  whyYou: 'Why you',
  answerFrom: (who: string) => `Answer from ${who}`,
  notInDirectoryHome: 'You are not in the staff directory yet.',
};

type SlackMessages = typeof english;

const welsh: SlackMessages = {
  requestHeading: (id: string, title: string) => `Cais rhannu #${id}: ${title}`,
  shareModalTitle: 'Gofyn i berson',
  get shareModalLabel() {
    return councilIds().length > 2
      ? "Beth hoffech chi ei ofyn i'r cynghorau eraill?"
      : "Beth hoffech chi ei ofyn i'r cyngor arall?";
  },
  shareModalHint: "Dywedwch beth sydd ei angen arnoch a pham; bydd y bobl sy'n gweithio arno yn gweld hyn.",
  shareTargetLabel: 'Anfon at',
  answerModalTitle: 'Ateb cais',
  answerLabel: 'Eich ateb',
  consentTitle: 'Rhannu ag eraill',
  consentLabel: "Cadw fy ateb fel y gall Pont ei rannu ag eraill sy'n gofyn yr un peth",
  profileModalTitle: 'Golygu fy mhroffil',
  skillsHint: 'Gwahanwch sgiliau â hanner colon, e.e. GIS; mapio',
  skillsKeptAside: (count: number) =>
    `Nid oes lle i ${count} sgil arall yn y blwch hwn; ${count === 1 ? 'caiff ei chadw fel y mae' : 'cânt eu cadw fel y maent'}`,
  declined: "Rydych wedi trosglwyddo'r cais hwn. Diolch am ddweud.",
  claimedByYou: 'Chi sydd wedi hawlio hwn. Pwyswch Ateb pan fyddwch yn barod.',
  claimedByOther: (who: string) => `Mae ${who} wedi hawlio hwn.`,
  answerSent: "Diolch: mae eich ateb wedi'i anfon at y sawl a ofynnodd.",
  sharedBy: (user: string) => `Rhannwyd gan ${user}`,
  lookupGone: "Mae'r canlyniad hwnnw eisoes wedi'i rannu neu nid yw ar gael mwyach; rhedwch y gorchymyn eto.",
  none: 'Dim',
  followInDirectMessages: "Byddaf yn rhoi'r newyddion diweddaraf i chi am y cais hwn yn ein negeseuon uniongyrchol.",
  markedHelpful: 'Diolch: rydych wedi nodi bod yr ateb yn ddefnyddiol.',
  markedNotHelpful: 'Diolch: rydych wedi nodi nad oedd yr ateb yn ddefnyddiol.',
  cannotPostHere:
    'Ni allwn bostio yn y sianel hon: gwahoddwch fi gyda /invite @Pont, neu anfonwch neges ataf yn uniongyrchol.',
  whyYou: 'Pam chi',
  answerFrom: (who: string) => `Ateb gan ${who}`,
  notInDirectoryHome: 'Nid ydych yn y cyfeiriadur staff eto.',
};

const catalogues: Record<Language, SlackMessages> = { en: english, cy: welsh };

/** Slack-only strings in one language. */
export function slackMessagesFor(language: Language): SlackMessages {
  return catalogues[language];
}
