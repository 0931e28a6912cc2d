import { ValidationError } from '../../errors.ts';
import { normalise } from '../language/index.ts';
import type { Council } from './types.ts';

type Text = { en: string; cy: string };

/** One council, several, or 'both' (every council). */
export type CouncilScope = Council | Council[] | 'both';

export function inScope(scope: CouncilScope, council: Council): boolean {
  return scope === 'both' || (Array.isArray(scope) ? scope.includes(council) : scope === council);
}

/** A search text, trimmed; refused when it has fewer than two letters or digits or is 500 characters or more. */
export function checkQuery(query: string, tooShort: [string, Text], tooLong: [string, Text]): string {
  const text = (query ?? '').trim();
  if (text.length >= 500) throw new ValidationError(tooLong[0], { text: tooLong[1] });
  if (normalise(text).replace(/ /g, '').length < 2) throw new ValidationError(tooShort[0], { text: tooShort[1] });
  return text;
}
