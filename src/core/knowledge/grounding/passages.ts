import type { SearchResult } from '../types.ts';
import { estimateTokens } from './tokens.ts';

/** A passage as the model is shown it: numbered from 1 in the order sent. */
export interface NumberedPassage {
  number: number;
  passage: SearchResult;
  /** The text sent, possibly trimmed to fit the budget. */
  text: string;
}

/** Lower case, one space, plain quotes and dashes: how quotations are compared with passages. */
export function normalizeForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’‚‛`´]/g, "'")
    .replace(/[“”„‟«»]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

// NOTE: a passage must not be able to fake the end of the data block; these sequences never reach the model.
function neutralize(text: string): string {
  return text.replace(/<<<|>>>/g, (match) => (match === '<<<' ? '‹‹‹' : '›››'));
}

function trimToTokens(text: string, tokens: number): string {
  const limit = tokens * 4;
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  const sentenceEnd = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('.\n'));
  return sentenceEnd > limit / 2 ? cut.slice(0, sentenceEnd + 1) : `${cut.slice(0, cut.lastIndexOf(' '))} …`;
}

/**
 * Picks passages for the model within `budgetTokens`: best first, exact and contained duplicates dropped
 * (the same statement published twice costs tokens once), the first passage trimmed rather than lost when it
 * alone is over budget, at most `maxPassages`.
 */
export function packPassages(passages: SearchResult[], budgetTokens: number, maxPassages = 8): NumberedPassage[] {
  const chosen: NumberedPassage[] = [];
  const seen: string[] = [];
  let used = 0;
  for (const passage of passages) {
    if (chosen.length >= maxPassages) break;
    const normalized = normalizeForMatch(passage.text);
    if (normalized === '' || seen.some((earlier) => earlier.includes(normalized) || normalized.includes(earlier)))
      continue;
    const overhead = 12 + estimateTokens(`${passage.title} ${passage.source}`);
    const cost = overhead + estimateTokens(passage.text);
    let text = passage.text;
    if (used + cost > budgetTokens) {
      if (chosen.length > 0 || budgetTokens - used - overhead < 50) continue;
      text = trimToTokens(passage.text, budgetTokens - used - overhead);
    }
    seen.push(normalized);
    used += overhead + estimateTokens(text);
    chosen.push({ number: chosen.length + 1, passage, text });
  }
  return chosen;
}

/**
 * The passages as one clearly delimited block of quoted data. `boundary` is random per request, so text in a
 * document cannot close the block and speak outside it.
 */
export function renderDataBlock(passages: NumberedPassage[], boundary: string): string {
  const lines = [`<<<PASSAGES ${boundary}>>>`];
  for (const { number, passage, text } of passages) {
    lines.push(
      `[${number}] title: "${neutralize(passage.title)}"`,
      `source: ${neutralize(passage.source)}${passage.published ? ` (published ${passage.published})` : ''}`,
      `text: "${neutralize(text)}"`,
      '',
    );
  }
  lines.push(`<<<END PASSAGES ${boundary}>>>`);
  return lines.join('\n');
}
