/** Slack's Block Kit limits that Pont's messages must respect. */
export const blockLimits = {
  /** Blocks in one message (and in one modal or Home tab: 100). */
  messageBlocks: 50,
  viewBlocks: 100,
  /** Characters in a section's text. */
  sectionText: 3000,
  /** Characters in a context element's text. */
  contextText: 3000,
  /** Characters in a button's value. */
  buttonValue: 2000,
  /** Characters in a plain-text label (buttons 75, modal titles 24). */
  buttonText: 75,
  modalTitle: 24,
  /** Characters in an option's text, and options in a checkboxes group and in a multi-select. */
  optionText: 75,
  checkboxOptions: 10,
  selectOptions: 100,
  /** Characters a plain_text_input may hold (its max_length can be at most this). */
  textInput: 3000,
  /** Characters of the notification `text` Pont sends with blocks. */
  fallbackText: 3000,
} as const;

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Turns the common Markdown of an answer (**bold**, # headings, [title](url)) into Slack mrkdwn. */
export function markdownToMrkdwn(text: string): string {
  return escapeMrkdwn(text)
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/^#{1,6}\s+(.+)$/gm, '*$1*')
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, '<$2|$1>');
}

/** Cuts `text` to `limit` characters, ending with an ellipsis when cut. */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit - 1).trimEnd()}…`;
}

/**
 * Splits text into pieces of at most `limit` characters, preferring paragraph, then line, then sentence,
 * then word boundaries, so a long answer becomes several sections instead of being rejected by Slack.
 */
export function splitText(text: string, limit: number = blockLimits.sectionText): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    const cut =
      lastBoundary(window, /\n\s*\n/g) ??
      lastBoundary(window, /\n/g) ??
      lastBoundary(window, /[.!?]\s+/g) ??
      lastBoundary(window, /\s+/g) ??
      limit;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** The end of the last match of `pattern` in the second half of `window`, if any. */
function lastBoundary(window: string, pattern: RegExp): number | undefined {
  let end: number | undefined;
  for (const match of window.matchAll(pattern)) {
    const position = match.index + match[0].length;
    if (position >= window.length / 2) end = position;
  }
  return end;
}
