/**
 * Adaptive Card building blocks. Cards are plain JSON; these helpers keep the shapes in one place.
 * Version 1.5 is what Teams renders on desktop, web and mobile, and it has Universal Actions (`Action.Execute`).
 */
export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: CardElement[];
  actions?: CardElement[];
  refresh?: CardElement;
  [key: string]: unknown;
}

/** Data every `Action.Execute` carries, so the handler knows what the card was about. */
export type ActionData = Record<string, string | boolean | number | null>;

export function card(body: CardElement[], actions: CardElement[] = [], extra: Partial<AdaptiveCard> = {}): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    ...extra,
  };
}

/**
 * Text written by people or documents (names, skills, answers, titles), made safe for the Markdown Teams renders
 * in a TextBlock or FactSet: a `[words](address)` someone typed shows as typed instead of becoming a link whose
 * words hide where it goes, and stray `*` or `_` do not restyle the card.
 */
export function escapeMarkdown(value: string): string {
  return value.replace(/[\\`*_~[\]]/g, (character) => `\\${character}`);
}

export function text(value: string, options: CardElement = {}): CardElement {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

export function heading(value: string): CardElement {
  return text(value, { weight: 'Bolder', size: 'Medium' });
}

export function facts(entries: [string, string][]): CardElement {
  return { type: 'FactSet', facts: entries.filter(([, value]) => value !== '').map(([title, value]) => ({ title, value })) };
}

export function execute(title: string, verb: string, data: ActionData = {}, options: CardElement = {}): CardElement {
  return { type: 'Action.Execute', title, verb, data, ...options };
}

export function container(items: CardElement[], options: CardElement = {}): CardElement {
  return { type: 'Container', items, ...options };
}
