/**
 * Links in a model-written answer. A model can write `[the council booking form](https://anywhere)`: shown as a
 * live link, its words hide where it goes. A link is kept only when a passage the answer rests on contains its
 * address; any other becomes its words, plain.
 */

// [words](address) or ![words](address), the address optionally in <…> and followed by a "title".
const markdownLink = /!?\[([^\]\n]*)\]\(\s*<?([^()\s<>]+)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/g;

/** `text` with every Markdown link whose address no passage contains replaced by the link's words. */
export function keepGroundedLinks(text: string, passages: readonly string[]): string {
  return text.replace(markdownLink, (whole, words: string, address: string) =>
    passages.some((passage) => passage.includes(address)) ? whole : words.trim() === '' ? '' : words,
  );
}

/**
 * Where a link may still be being written at the end of streamed text (an opening `[` not yet followed by its
 * closing `)`), so a stream can hold it back until it is whole; `text.length` when nothing is pending.
 */
export function unfinishedLinkStart(text: string): number {
  const start = text.lastIndexOf('[');
  if (start === -1) return text.length;
  const from = start > 0 && text[start - 1] === '!' ? start - 1 : start;
  const tail = text.slice(start);
  return /^\[[^\]\n]*(?:\](?:\([^)\n]*)?)?$/.test(tail) ? from : text.length;
}
