import { describe, expect, it } from 'vitest';
import { loadQuestions } from '../../bench/answers-eval/dataset.ts';
import { withSlip } from '../../bench/answers-eval/slips.ts';

/** The number of single-letter edits and neighbour swaps between two words (a restricted Damerau–Levenshtein distance). */
function edits(left: string, right: string): number {
  const rows = Array.from({ length: left.length + 1 }, (_, i) =>
    Array.from({ length: right.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= left.length; i += 1)
    for (let j = 1; j <= right.length; j += 1) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      rows[i]![j] = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1])
        rows[i]![j] = Math.min(rows[i]![j]!, rows[i - 2]![j - 2]! + 1);
    }
  return rows[left.length]![right.length]!;
}

describe('typing slips for bench:answers --slips', () => {
  const questions = [...loadQuestions('dev'), ...loadQuestions('test')];

  it('changes one word of five letters or more by one slip, never its first letter, and nothing else', () => {
    for (const item of questions) {
      const slipped = withSlip(item.id, item.question);
      if (!slipped.word) {
        expect(slipped.question).toBe(item.question);
        continue;
      }
      expect(slipped.word.length).toBeGreaterThanOrEqual(5);
      expect(slipped.typed![0]).toBe(slipped.word[0]);
      expect(edits(slipped.word, slipped.typed!)).toBe(1);
      expect(slipped.question.replace(slipped.typed!, slipped.word)).toBe(item.question);
    }
  });

  it('makes the same slips every run, and slips nearly every question', () => {
    const first = questions.map((item) => withSlip(item.id, item.question).question);
    const second = questions.map((item) => withSlip(item.id, item.question).question);
    expect(second).toEqual(first);
    const changed = first.filter((question, index) => question !== questions[index]!.question).length;
    expect(changed).toBeGreaterThan(questions.length * 0.9);
  });

  it('leaves a question with no long lower-case word as it is', () => {
    expect(withSlip('q999', 'Who is the CEO?')).toEqual({ question: 'Who is the CEO?' });
  });
});
