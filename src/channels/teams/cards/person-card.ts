import type { Language } from '../../../core/language/index.ts';
import type { Person, PersonMatch } from '../../../core/people/index.ts';
import { teamsMessages } from '../messages.ts';
import { card, container, escapeMarkdown, facts, text, type AdaptiveCard, type CardElement } from './card.ts';

/** One person as card elements: name, role, council, skills, Welsh level and, for a match, why. */
export function personElements(person: Person | PersonMatch, language: Language): CardElement[] {
  const messages = teamsMessages(language);
  const reasons = 'reasons' in person ? person.reasons : [];
  return [
    text(`**${escapeMarkdown(person.name)}**`, { spacing: 'Medium' }),
    text(
      `${escapeMarkdown(person.jobTitle)} · ${escapeMarkdown(person.serviceArea)} · ${messages.council[person.council]}`,
      { isSubtle: true, spacing: 'None' },
    ),
    facts([
      [messages.skills, escapeMarkdown(person.skills.join(', '))],
      [messages.welshLevel, messages.welshLevels[person.welshLevel] ?? String(person.welshLevel)],
      [messages.reasons, escapeMarkdown(reasons.join('; '))],
      ['Email', escapeMarkdown(person.email)],
    ]),
  ];
}

/** A card for one person, as inserted into a chat by the "Find skills" extension. */
export function personCard(person: Person | PersonMatch, language: Language): AdaptiveCard {
  return card([container(personElements(person, language))]);
}
