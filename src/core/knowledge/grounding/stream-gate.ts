import { keepGroundedLinks, unfinishedLinkStart } from '../answer-links.ts';
import { noAnswerToken } from './citations.ts';

const holdBack = 12;

/**
 * Passes a streamed answer on to the user while holding back what must not be shown: the SOURCES section
 * (Pont renders checked citations itself) and a bare NO_ANSWER. What streams is provisional; the final
 * Answer (checked citations, renumbered) is what a channel settles on.
 */
export function createStreamGate(
  onText: (delta: string) => void,
  options: { linkSources?: readonly string[] } = {},
): (delta: string) => void {
  let full = '';
  let emitted = 0;
  let shown = 0;
  let closed = false;
  return (delta) => {
    if (closed) return;
    full += delta;
    const trimmed = full.trimStart();
    if (noAnswerToken.startsWith(trimmed.slice(0, noAnswerToken.length)) && trimmed.length <= noAnswerToken.length + 2)
      return;
    const marker = /\n[ \t]*\**SOURCES/.exec(full);
    let until = marker ? marker.index : Math.max(emitted, full.length - holdBack);
    // NOTE: a link is held back until it is whole, then shown only if the passages sent contain its address
    // (the final answer keeps only links the cited passages contain).
    if (options.linkSources && !marker)
      until = Math.max(emitted, Math.min(until, unfinishedLinkStart(full.slice(0, until))));
    if (until > emitted) {
      if (options.linkSources) {
        const text = keepGroundedLinks(full.slice(0, until), options.linkSources);
        if (text.length > shown) onText(text.slice(shown));
        shown = text.length;
      } else {
        onText(full.slice(emitted, until));
      }
      emitted = until;
    }
    if (marker) closed = true;
  };
}
