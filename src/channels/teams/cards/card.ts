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

/**
 * The most a card may take, in bytes of JSON. Teams refuses a message over about 100 KB (HTTP 413); the activity
 * around the card (addresses, ids, the attachment wrapper, the SDK's own fields) needs a few KB of the rest.
 */
export const cardByteBudget = 80 * 1024;

/** The shortest a shortened text is cut to, so it still reads as the start of what was written. */
const shortestShortened = 500;

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** Cuts `value` to about `length` characters at a word boundary, ending with an ellipsis. */
function shorten(value: string, length: number): string {
  if (value.length <= length) return value;
  const cut = value.slice(0, Math.max(0, length - 1));
  const space = cut.lastIndexOf(' ');
  return `${(space > length * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Every TextBlock in a card's body, nested containers included. */
function textBlocks(elements: CardElement[]): CardElement[] {
  return elements.flatMap((element) => [
    ...(element.type === 'TextBlock' && typeof element.text === 'string' ? [element] : []),
    ...(Array.isArray(element.items) ? textBlocks(element.items as CardElement[]) : []),
  ]);
}

/**
 * Keeps a card within `cardByteBudget`: while it is too big, the longest text on it is shortened at a word
 * boundary (never below `shortestShortened` characters) and ends with an ellipsis. Headings, facts and actions
 * are short and left alone, so the card still says what it is about and its buttons still work.
 */
export function withinSizeLimit(built: AdaptiveCard, budget: number = cardByteBudget): AdaptiveCard {
  let over = bytes(built) - budget;
  if (over <= 0) return built;
  const fitted = structuredClone(built);
  const blocks = textBlocks(fitted.body);
  while (over > 0) {
    const longest = blocks.reduce<CardElement | null>(
      (best, block) => (String(block.text).length > String(best?.text ?? '').length ? block : best),
      null,
    );
    const current = String(longest?.text ?? '');
    if (!longest || current.length <= shortestShortened) break;
    // NOTE: characters can take up to four bytes each (Welsh accents take two): cut by bytes over, then check again.
    longest.text = shorten(current, Math.max(shortestShortened, current.length - over - 64));
    over = bytes(fitted) - budget;
  }
  return fitted;
}

export function card(
  body: CardElement[],
  actions: CardElement[] = [],
  extra: Partial<AdaptiveCard> = {},
): AdaptiveCard {
  return withinSizeLimit({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    ...extra,
  });
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
  return {
    type: 'FactSet',
    facts: entries.filter(([, value]) => value !== '').map(([title, value]) => ({ title, value })),
  };
}

export function execute(title: string, verb: string, data: ActionData = {}, options: CardElement = {}): CardElement {
  return { type: 'Action.Execute', title, verb, data, ...options };
}

export function container(items: CardElement[], options: CardElement = {}): CardElement {
  return { type: 'Container', items, ...options };
}
