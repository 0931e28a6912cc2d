import { noAnswerToken } from './citations.ts';

const holdBack = 12;

/**
 * Passes a streamed answer on to the user while holding back what must not be shown: the SOURCES section
 * (Pont renders checked citations itself) and a bare NO_ANSWER. What streams is provisional; the final
 * Answer (checked citations, renumbered) is what a channel settles on.
 */
export function createStreamGate(onText: (delta: string) => void): (delta: string) => void {
  let full = '';
  let emitted = 0;
  let closed = false;
  return (delta) => {
    if (closed) return;
    full += delta;
    const trimmed = full.trimStart();
    if (noAnswerToken.startsWith(trimmed.slice(0, noAnswerToken.length)) && trimmed.length <= noAnswerToken.length + 2) return;
    const marker = /\n[ \t]*\**SOURCES/.exec(full);
    const until = marker ? marker.index : Math.max(emitted, full.length - holdBack);
    if (until > emitted) {
      onText(full.slice(emitted, until));
      emitted = until;
    }
    if (marker) closed = true;
  };
}
