/**
 * Splits a passage into sentences: at . ! ? followed by a space and a capital, digit or quote, and at line
 * breaks (list items). Abbreviations such as "Cllr." are rare in the corpus and cost only a shorter quote.
 */
export function splitSentences(text: string): string[] {
  return text
    .split(/\n+/)
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, ''))
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}“"‘'(])/u))
    .map((sentence) => sentence.trim())
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence));
}
