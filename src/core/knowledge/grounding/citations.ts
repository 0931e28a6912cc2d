import type { Citation } from '../types.ts';
import { normalizeForMatch, type NumberedPassage } from './passages.ts';

/** What the model wrote, split into the answer and its quotations. */
export interface ParsedAnswer {
  /** The model said the passages do not answer. */
  noAnswer: boolean;
  body: string;
  /** Passage number → the quotation the model gave for it. */
  quotes: Map<number, string>;
}

export const noAnswerToken = 'NO_ANSWER';
const sourcesLine = /^[ \t]*\**SOURCES\**:?[ \t]*$/m;

/** Splits a model's output (answer, a SOURCES line, `[n] "quote"` lines) as the answer prompt asks for. */
export function parseModelAnswer(output: string): ParsedAnswer {
  const trimmed = output.trim();
  if (trimmed === '' || trimmed.replace(/[^A-Z_]/g, '') === noAnswerToken)
    return { noAnswer: true, body: '', quotes: new Map() };
  const match = sourcesLine.exec(trimmed);
  const body = (match ? trimmed.slice(0, match.index) : trimmed).trim();
  const quotes = new Map<number, string>();
  if (match) {
    for (const line of trimmed.slice(match.index + match[0].length).split('\n')) {
      const quote = /^\s*[-*]?\s*\[(\d+)\]\s*[:\-–]?\s*["“](.+)["”]\s*$/.exec(line);
      if (quote && !quotes.has(Number(quote[1]))) quotes.set(Number(quote[1]), quote[2]!);
    }
  }
  return { noAnswer: body === noAnswerToken, body, quotes };
}

function quoteIsInPassage(quote: string, passage: NumberedPassage): boolean {
  const cleaned = normalizeForMatch(quote.replace(/^(\.\.\.|…)\s*|\s*(\.\.\.|…)$/g, ''));
  // NOTE: a quotation of two words proves nothing; ask for enough to be checked.
  if (cleaned.length < 12 || cleaned.split(' ').length < 3) return false;
  const parts = cleaned.split(/\s*(?:\.\.\.|…)\s*/).filter(Boolean);
  const text = normalizeForMatch(passage.text);
  return parts.every((part) => text.includes(part));
}

export interface CheckedAnswer {
  text: string;
  citations: Citation[];
  /** Citation numbers the model gave that were dropped (no such passage, no quote, or a quote not in it). */
  dropped: number[];
}

/**
 * Keeps only the citations Pont can verify: the number is a passage that was sent, the answer cites it, and
 * its quotation appears in that passage. Sentences that cite only dropped citations are removed, other
 * markers of dropped citations are removed from the text, and the kept ones are renumbered 1, 2, … in the order they first appear, matching `citations`.
 */
export function checkCitations(parsed: ParsedAnswer, passages: NumberedPassage[]): CheckedAnswer {
  const byNumber = new Map(passages.map((passage) => [passage.number, passage]));
  const markers = /\s?\[(\d+(?:\s*[,;]\s*\d+)*)\]/g;
  const cited = new Set<number>();
  for (const match of parsed.body.matchAll(markers))
    for (const number of match[1]!.split(/[,;]/)) cited.add(Number(number.trim()));

  const renumbered = new Map<number, number>();
  const citations: Citation[] = [];
  const dropped: number[] = [];
  for (const match of parsed.body.matchAll(markers)) {
    for (const raw of match[1]!.split(/[,;]/)) {
      const number = Number(raw.trim());
      if (renumbered.has(number) || dropped.includes(number)) continue;
      const passage = byNumber.get(number);
      const quote = parsed.quotes.get(number);
      if (!passage || quote === undefined || !quoteIsInPassage(quote, passage)) {
        dropped.push(number);
        continue;
      }
      renumbered.set(number, citations.length + 1);
      citations.push({
        title: passage.passage.title,
        source: passage.passage.source,
        quote: quote.trim(),
        published: passage.passage.published ?? null,
        language: passage.passage.language,
        ...(passage.passage.twin ? { twin: passage.passage.twin } : {}),
      });
    }
  }
  for (const number of parsed.quotes.keys()) if (!cited.has(number) && !dropped.includes(number)) dropped.push(number);

  // NOTE: a sentence whose every citation was dropped is a claim Pont cannot support: it goes too.
  const supported = parsed.body
    .split(/(?<=[.!?])[ \t]+(?!\[)/)
    .filter((sentence) => {
      const numbers = [...sentence.matchAll(markers)].flatMap((match) =>
        match[1]!.split(/[,;]/).map((raw) => Number(raw.trim())),
      );
      return numbers.length === 0 || numbers.some((number) => renumbered.has(number));
    })
    .join(' ');
  const text = supported
    .replace(markers, (whole, list: string) => {
      const kept = list
        .split(/[,;]/)
        .map((raw) => renumbered.get(Number(raw.trim())))
        .filter((number): number is number => number !== undefined);
      return kept.length === 0 ? '' : `${whole.startsWith(' ') ? ' ' : ''}[${kept.join('][')}]`;
    })
    .replace(/[ \t]+([.,;:!?])/g, '$1')
    .trim();
  return { text, citations, dropped };
}
