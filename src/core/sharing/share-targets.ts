import { councilIds, councilName, isCouncil, otherCouncils, type Council } from '../councils/index.ts';
import type { Language } from '../language/index.ts';
import type { SharingTarget } from './types.ts';

/** One council a share form offers: its id (the value sent back), its name, and whether it is the requester's own. */
export interface ShareTargetChoice {
  council: Council;
  label: string;
  own: boolean;
}

/** What a share form shows: every configured council, and the ones ticked to begin with. */
export interface ShareTargetForm {
  /** The other councils first, in the councils file's order, then the requester's own. */
  choices: ShareTargetChoice[];
  /** The councils chosen before the requester changes anything: every other council. */
  selected: Council[];
}

const ownSuffix: Record<Language, string> = { en: 'your own council', cy: 'eich cyngor chi' };

/** Said when a share form comes back with no council ticked. */
export const noTargetChosen: Record<Language, string> = {
  en: 'Choose at least one council to send your request to.',
  cy: 'Dewiswch o leiaf un cyngor i anfon eich cais ato.',
};

/**
 * The councils a share form offers the requester: one, several or all of the others (all ticked at first), and
 * their own council last. With no known own council every council is offered and none is ticked.
 */
export function shareTargetForm(own: Council | undefined, language: Language): ShareTargetForm {
  const known = own !== undefined && isCouncil(own) ? own : undefined;
  const others = known ? otherCouncils(known) : councilIds();
  const choices: ShareTargetChoice[] = others.map((council) => ({
    council,
    label: councilName(council, language),
    own: false,
  }));
  if (known)
    choices.push({ council: known, label: `${councilName(known, language)} (${ownSuffix[language]})`, own: true });
  return { choices, selected: known ? others : [] };
}

/**
 * The target a share form's ticked values stand for. Also accepts the words an older form sent ('other', 'both'),
 * so a form opened before an upgrade still works. Undefined when nothing is ticked; the core checks the ids.
 */
export function targetFromChoices(values: readonly string[]): SharingTarget | undefined {
  const chosen = [...new Set(values.map((value) => value.trim()).filter(Boolean))];
  if (chosen.length === 0) return undefined;
  if (chosen.length === 1 && (chosen[0] === 'other' || chosen[0] === 'both')) return chosen[0];
  return chosen;
}
