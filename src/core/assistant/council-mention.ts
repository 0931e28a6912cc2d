import type { Council } from '../people/types.ts';

// Names staff use for each council, with the Welsh mutated forms (yn Nhorfaen, ym Mlaenau Gwent, a Thorfaen).
const councilPattern =
  /(?<![@\w.])(?:(?:in|at|from|for|with|yn|ym|o|gyda|efo|a|ac|i)\s+)?(?:the\s+|y\s+)?(?:cyngor\s+|council\s+of\s+)?(torfaen|thorfaen|nhorfaen|dorfaen|tcbc|blaenau[\s-]gwent|mlaenau[\s-]gwent|flaenau[\s-]gwent|bgcbc|bg)(?:\s+(?:county borough council|cbc|council|borough))?\b(?![.@-]\w)/i;

/** Which council a name (in English or Welsh, mutated or not, or an acronym) refers to. */
export function councilFromName(name: string): Council | undefined {
  const lower = name.toLowerCase();
  if (/^(torfaen|thorfaen|nhorfaen|dorfaen|tcbc)$/.test(lower)) return 'torfaen';
  if (/^((blaenau|mlaenau|flaenau)[\s-]gwent|bgcbc|bg)$/.test(lower)) return 'blaenau-gwent';
  return undefined;
}

/**
 * Finds a council named in `text` ("in Torfaen", "ym Mlaenau Gwent", "at BGCBC") and returns the text
 * without that phrase.
 */
export function extractCouncil(text: string): { rest: string; council?: Council } {
  const match = councilPattern.exec(text);
  if (!match) return { rest: text };
  const council = councilFromName(match[1]!.replace(/\s+/g, ' '));
  const rest = `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`.replace(/\s+/g, ' ').trim();
  return { rest, council };
}
