import { describe, expect, it } from 'vitest';
import { correctSpelling, createWordList, slips } from '../../../src/core/knowledge/text/spelling.ts';
import { englishStopWords } from '../../../src/core/language/index.ts';
import { defaultEnglishWordsFile, readLexiconFile } from '../../../src/store/knowledge/index.ts';

const vocabulary = new Map([
  ['chief', 12],
  ['chef', 1],
  ['management', 4],
  ['recommendations', 3],
  ['budgets', 5],
  ['rely', 2],
  ['find', 9],
  ['nesaf', 2],
]);
const words = createWordList(() => readLexiconFile(defaultEnglishWordsFile));
const isWord = (word: string) => vocabulary.has(word) || englishStopWords.has(word) || words.has(word);
const corrected = (question: string) => correctSpelling(question, () => vocabulary, englishStopWords, isWord);

describe('typing slips in a question', () => {
  it('counts a swap of two letters as one slip', () => {
    expect(slips('cheif', 'chief', 1)).toBe(1);
    expect(slips('managment', 'management', 2)).toBe(1);
    expect(slips('budget', 'widget', 1)).toBe(2);
  });

  it('reads a slip as the word of the documents, or the common word, it is one slip away from', () => {
    expect(corrected('who is the joint cheif executive')).toBe('who is the joint chief executive');
    expect(corrected('do both councils set thier own budgets?')).toBe('do both councils set their own budgets?');
    expect(corrected('who leads managment')).toBe('who leads management');
  });

  it("does not ask for the passages' words when no word needs reading", () => {
    const never = () => {
      throw new Error('the vocabulary was built');
    };
    expect(correctSpelling('who is the joint chief executive', never, englishStopWords, isWord)).toBe(
      'who is the joint chief executive',
    );
  });

  it('leaves names, contractions and British spellings as typed', () => {
    expect(corrected('Does Chef Bevan sit on the committee?')).toBe('Does Chef Bevan sit on the committee?');
    expect(corrected("Doesn't the council pay for it?")).toBe("Doesn't the council pay for it?");
    expect(corrected('the organisation prioritised its budgets')).toBe('the organisation prioritised its budgets');
  });

  it('reads a Welsh word typed without its final f as the word the documents have ("nesa" → "nesaf")', () => {
    expect(corrected("beth sy'n digwydd nesa")).toBe("beth sy'n digwydd nesaf");
    expect(corrected('a sea view')).toBe('a sea view');
  });

  it('reads a short form people type as the word ("mgmt" → "management"), unless the documents use it', () => {
    expect(corrected('who leads the mgmt team')).toBe('who leads the management team');
    const own = new Map([...vocabulary, ['dept', 1]]);
    expect(correctSpelling('which dept', () => own, englishStopWords, isWord)).toBe('which dept');
  });

  it('allows two slips in a long word', () => {
    expect(corrected('what are its recomendatons')).toBe('what are its recommendations');
  });

  it('leaves words of the language, short words and figures as typed', () => {
    // "reply" is one slip from "rely", which the documents have, but it is an English word.
    expect(corrected('reply to the consultation')).toBe('reply to the consultation');
    expect(corrected('where is the fund')).toBe('where is the fund');
    expect(corrected('replies and stopped planning')).toBe('replies and stopped planning');
    expect(corrected('the 2024b plan')).toBe('the 2024b plan');
  });
});

describe('the English word list', () => {
  it('knows regular inflections of its words, and not slips', () => {
    expect(words.has('replies')).toBe(true);
    expect(words.has('stopped')).toBe(true);
    expect(words.has('managing')).toBe(true);
    expect(words.has('children')).toBe(true);
    expect(words.has('thier')).toBe(false);
    expect(words.has('cheif')).toBe(false);
  });
});
