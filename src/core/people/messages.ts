import type { MatchEvidence } from './skill-index.ts';

/** The languages Pont speaks. */
export type PeopleLanguage = 'en' | 'cy';

/** Why a person matched a skill search, in plain words. */
export function reasonText(evidence: MatchEvidence, language: PeopleLanguage): string {
  const { matched, queryWord } = evidence;
  if (language === 'cy') {
    switch (evidence.kind) {
      case 'phrase':
        return `mae ganddynt y sgil "${matched}"`;
      case 'exact':
        return `mae'r sgil "${matched}" yn cynnwys "${queryWord}"`;
      case 'synonym':
        return `mae'r sgil "${matched}" yn gysylltiedig â "${evidence.via ?? queryWord}"`;
      case 'stem':
        return `mae'r sgil "${matched}" yn rhannu gwreiddyn â "${queryWord}"`;
      case 'typo':
        return `mae'r sgil "${matched}" yn agos at "${queryWord}" (gwall teipio, mae'n debyg)`;
      case 'role':
        return `mae "${matched}" yn sôn am "${queryWord}"`;
    }
  }
  switch (evidence.kind) {
    case 'phrase':
      return `has the skill "${matched}"`;
    case 'exact':
      return `skill "${matched}" contains "${queryWord}"`;
    case 'synonym':
      return `skill "${matched}" is related to "${evidence.via ?? queryWord}"`;
    case 'stem':
      return `skill "${matched}" shares a root with "${queryWord}"`;
    case 'typo':
      return `skill "${matched}" is close to "${queryWord}" (probably a typo)`;
    case 'role':
      return `"${matched}" mentions "${queryWord}"`;
  }
}

type Text = Record<PeopleLanguage, string>;

/** The people errors a person can cause, in English and Welsh: what a chat channel or the web page shows them. */
export const errorText = {
  queryTooShort: {
    en: 'Search for at least two letters, such as "GIS".',
    cy: 'Chwiliwch am o leiaf ddwy lythyren, fel "GIS".',
  },
  queryTooLong: {
    en: 'That search is 500 characters or more: name the skill in a few words.',
    cy: "Mae'r chwiliad yn 500 nod neu fwy: enwch y sgil mewn ychydig eiriau.",
  },
  roleEmpty: {
    en: 'Give an email or describe a role, such as "head of waste".',
    cy: 'Rhowch e-bost neu disgrifiwch rôl, fel "pennaeth gwastraff".',
  },
  roleTooLong: {
    en: 'That role is 500 characters or more: describe it in a few words, such as "head of waste".',
    cy: 'Mae\'r rôl yn 500 nod neu fwy: disgrifiwch hi mewn ychydig eiriau, fel "pennaeth gwastraff".',
  },
  unknownService: (role: string): Text => ({
    en: `I could not tell which service "${role.slice(0, 80)}" is in: name one, such as "head of waste" or "planning manager".`,
    cy: `Ni allwn ddweud ym mha wasanaeth mae "${role.slice(0, 80)}": enwch un, fel "pennaeth gwastraff" neu "rheolwr cynllunio".`,
  }),
  noVisibleProfile: (email: string): Text => ({
    en: `No visible profile has the email ${email.slice(0, 120)}: check the address.`,
    cy: `Does dim proffil gweladwy â'r e-bost ${email.slice(0, 120)}: gwiriwch y cyfeiriad.`,
  }),
  noProfile: (email: string): Text => ({
    en: `There is no profile for ${email.slice(0, 120)} in the directory.`,
    cy: `Does dim proffil ar gyfer ${email.slice(0, 120)} yn y cyfeiriadur.`,
  }),
  importAdminsOnly: {
    en: 'Only a Pont administrator can import the staff directory: ask one, or use "pont people import" on the server.',
    cy: 'Dim ond gweinyddwr Pont all fewnforio\'r cyfeiriadur staff: gofynnwch i un, neu defnyddiwch "pont people import" ar y gweinydd.',
  },
  ownProfileOnly: {
    en: 'You can only change or erase your own profile.',
    cy: 'Dim ond eich proffil eich hun y gallwch ei newid neu ei ddileu.',
  },
  otherCouncilProfile: (council: string): Text => ({
    en: `That profile belongs to ${council}: only ${council}'s admins, or the person themselves, can change or erase it.`,
    cy: `Mae'r proffil hwnnw'n perthyn i ${council}: dim ond gweinyddwyr ${council}, neu'r person ei hun, all ei newid neu ei ddileu.`,
  }),
  otherCouncilRow: (council: string): Text => ({
    en: `the person is in ${council}, whose directory you do not administer`,
    cy: `mae'r person yn ${council}, a dydych chi ddim yn gweinyddu ei gyfeiriadur`,
  }),
  auditAdminsOnly: {
    en: 'Only a Pont administrator can read the audit trail.',
    cy: 'Dim ond gweinyddwr Pont all ddarllen y trywydd archwilio.',
  },
  /** Profile changes: the English is what the command line prints and stays as it is. */
  profile: {
    skillEmpty: { en: 'a skill cannot be empty', cy: 'ni chaiff sgil fod yn wag' },
    skillTooLong: { en: 'a skill is longer than 100 characters', cy: 'mae un o’r sgiliau yn hirach na 100 nod' },
    tooManySkills: { en: 'give at most 50 skills', cy: 'rhowch ddim mwy na 50 sgil' },
    welshLevelWhole: { en: 'welshLevel is a whole number 0-5', cy: 'mae lefel y Gymraeg yn rhif cyfan o 0 i 5' },
    welshLevelRange: { en: 'welshLevel is 0-5', cy: 'mae lefel y Gymraeg rhwng 0 a 5' },
  },
} as const;

/** Fixed user-facing text of the people capability; errors carry English and Welsh in one line. */
export const messages = {
  queryTooShort: 'Search for at least two letters, such as "GIS". (Chwiliwch am o leiaf ddwy lythyren, fel "GIS".)',
  queryTooLong:
    "That search is 500 characters or more: name the skill in a few words. (Mae'r chwiliad yn 500 nod neu fwy: enwch y sgil mewn ychydig eiriau.)",
  roleEmpty:
    'Give an email or describe a role, such as "head of waste". (Rhowch e-bost neu disgrifiwch rôl, fel "pennaeth gwastraff".)',
  roleTooLong:
    'That role is 500 characters or more: describe it in a few words, such as "head of waste". (Mae\'r rôl yn 500 nod neu fwy: disgrifiwch hi mewn ychydig eiriau.)',
  unknownService: (role: string) =>
    `I could not tell which service "${role.slice(0, 80)}" is in: name one, such as "head of waste" or "planning manager". (Ni allwn ddweud ym mha wasanaeth mae "${role.slice(0, 80)}": enwch un, fel "pennaeth gwastraff".)`,
  noVisibleProfile: (email: string) =>
    `No visible profile has the email ${email.slice(0, 120)}: check the address. (Does dim proffil gweladwy â'r e-bost ${email.slice(0, 120)}: gwiriwch y cyfeiriad.)`,
  noProfile: (email: string) =>
    `There is no profile for ${email.slice(0, 120)} in the directory. (Does dim proffil ar gyfer ${email.slice(0, 120)} yn y cyfeiriadur.)`,
  erasedNotReadded:
    'this person erased their Pont profile, so it is not added again; import with --readmit-erased only if they ask to return (dilëwyd y proffil gan y person)',
  importAdminsOnly:
    'Only a Pont administrator can import the staff directory: ask one, or use "pont people import" on the server. (Dim ond gweinyddwr Pont all fewnforio\'r cyfeiriadur staff.)',
  ownProfileOnly:
    'You can only change or erase your own profile. (Dim ond eich proffil eich hun y gallwch ei newid neu ei ddileu.)',
  otherCouncilProfile: (council: string) =>
    `That profile belongs to ${council}: only ${council}'s admins, or the person themselves, can change or erase it. (Mae'r proffil hwnnw'n perthyn i ${council}: dim ond gweinyddwyr ${council}, neu'r person ei hun, all ei newid neu ei ddileu.)`,
  otherCouncilRow: (council: string) => `the person is in ${council}, whose directory you do not administer`,
  notCouncilAdmin: (council: string) =>
    `Only an admin of ${council} can update ${council}'s directory. (Dim ond gweinyddwr ${council} all ddiweddaru cyfeiriadur ${council}.)`,
  auditAdminsOnly:
    'Only a Pont administrator can read the audit trail. (Dim ond gweinyddwr Pont all ddarllen y trywydd archwilio.)',
  counterpart: {
    sameService: (service: string, language: PeopleLanguage) =>
      language === 'cy' ? `yn gweithio ym maes ${service}` : `works in ${service}`,
    sameLevel: (level: string, language: PeopleLanguage) =>
      language === 'cy' ? `yr un lefel: ${level}` : `same level: ${level}`,
    otherLevel: (level: string, steps: number, language: PeopleLanguage) =>
      language === 'cy'
        ? `${Math.abs(steps)} lefel ${steps > 0 ? 'yn uwch' : 'yn is'}: ${level}`
        : `${Math.abs(steps)} level${Math.abs(steps) > 1 ? 's' : ''} ${steps > 0 ? 'above' : 'below'}: ${level}`,
    level: (level: string, language: PeopleLanguage) => (language === 'cy' ? `lefel: ${level}` : `level: ${level}`),
    seniorContact: (service: string, language: PeopleLanguage) =>
      language === 'cy' ? `y cyswllt uwch ar gyfer ${service}` : `senior contact for ${service}`,
    none: (council: string, service: string, nearest: string, name: string, language: PeopleLanguage) =>
      language === 'cy'
        ? `Does neb yn ${council} yn gweithio ym maes ${service}. Y gwasanaeth agosaf yw ${nearest}: ${name} yw'r cyswllt uwch.`
        : `No one in ${council} works in ${service}. The nearest service is ${nearest}: its senior contact is ${name}.`,
    noneAtAll: (council: string, service: string, language: PeopleLanguage) =>
      language === 'cy'
        ? `Does neb yn ${council} yn gweithio ym maes ${service} nac mewn gwasanaeth tebyg eto.`
        : `No one in ${council} works in ${service} or a related service yet.`,
    bothCouncils: (language: PeopleLanguage, count = 2) =>
      count > 2
        ? language === 'cy'
          ? 'unrhyw un o’r cynghorau'
          : 'any of the councils'
        : language === 'cy'
          ? 'y naill gyngor na’r llall'
          : 'either council',
  },
  topic: {
    worksIn: (service: string, language: PeopleLanguage) =>
      language === 'cy' ? `yn gweithio ym maes ${service}` : `works in ${service}`,
  },
} as const;
