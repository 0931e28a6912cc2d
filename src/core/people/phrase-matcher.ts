import { peopleSearchStopWords } from '../language/index.ts';
import { stem, words } from './text.ts';

/** One phrase found in a text: what it stands for and where it sits (in word positions). */
export interface PhraseHit<Target> {
  target: Target;
  phrase: string;
  start: number;
  end: number;
}

/** The stems of a text's words, stop words dropped (so "Legal and Governance" ~ "legal governance"). */
export function stems(text: string): string[] {
  return words(text)
    .filter((word) => !peopleSearchStopWords.has(word))
    .map(stem);
}

/**
 * Finds known phrases in free text by their word stems ("Highways" matches "highway"). Where phrases
 * overlap, the longest wins, so "emergency planning" is not also read as "planning".
 */
export class PhraseMatcher<Target> {
  private readonly byFirstStem = new Map<string, { stems: string[]; phrase: string; target: Target }[]>();

  add(phrase: string, target: Target): void {
    const phraseStems = stems(phrase);
    if (phraseStems.length === 0) return;
    const list = this.byFirstStem.get(phraseStems[0]!) ?? [];
    list.push({ stems: phraseStems, phrase, target });
    this.byFirstStem.set(phraseStems[0]!, list);
  }

  find(text: string): PhraseHit<Target>[] {
    return this.findInStems(stems(text));
  }

  findInStems(textStems: string[]): PhraseHit<Target>[] {
    const hits: PhraseHit<Target>[] = [];
    for (let start = 0; start < textStems.length; start += 1) {
      for (const entry of this.byFirstStem.get(textStems[start]!) ?? []) {
        if (entry.stems.every((value, offset) => textStems[start + offset] === value)) {
          hits.push({ target: entry.target, phrase: entry.phrase, start, end: start + entry.stems.length });
        }
      }
    }
    hits.sort((left, right) => right.end - right.start - (left.end - left.start) || left.start - right.start);
    const taken: boolean[] = [];
    const kept: PhraseHit<Target>[] = [];
    for (const hit of hits) {
      let free = true;
      for (let position = hit.start; position < hit.end; position += 1) if (taken[position]) free = false;
      // NOTE: a second phrase on exactly the same words is another meaning of them ("Street Scene" can be two services).
      const sameSpan = kept.some((other) => other.start === hit.start && other.end === hit.end);
      if (!free && !sameSpan) continue;
      for (let position = hit.start; position < hit.end; position += 1) taken[position] = true;
      kept.push(hit);
    }
    return kept.sort((left, right) => left.start - right.start);
  }
}
