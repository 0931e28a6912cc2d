/**
 * The answers evaluation's data and scoring rules (README.md beside this file describes both): reads `dev.jsonl` or
 * `test.jsonl`, and decides whether one `pont ask` answer to one question is correct.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const evaluationDir = path.dirname(fileURLToPath(import.meta.url));
export const documentsDir = path.join(evaluationDir, 'documents');

export const kinds = ['lookup', 'paraphrase', 'cross-language', 'two-part', 'unanswerable', 'off-topic', 'injection'] as const;
export type Kind = (typeof kinds)[number];
export type Split = 'dev' | 'test';

export const questionSchema = z
  .object({
    id: z.string().regex(/^q\d{3}$/),
    question: z.string().min(1).max(2000),
    language: z.enum(['en', 'cy']),
    kind: z.enum(kinds),
    answerable: z.boolean(),
    expected: z.array(z.string().min(1)),
    source: z.array(z.string().min(1)),
  })
  .strict()
  .refine((item) => item.answerable === (item.expected.length > 0) && item.answerable === (item.source.length > 0), {
    message: 'an answerable question has expected strings and sources; any other question has neither',
  })
  .refine((item) => item.answerable === ['lookup', 'paraphrase', 'cross-language', 'two-part'].includes(item.kind), {
    message: 'look-ups, paraphrases, cross-language and two-part questions are answerable; the other kinds are not',
  });
export type EvaluationQuestion = z.infer<typeof questionSchema>;

/** Reads one half; a bad line stops with its line number, so a broken dataset is never half-scored. */
export function loadQuestions(split: Split): EvaluationQuestion[] {
  const file = path.join(evaluationDir, `${split}.jsonl`);
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, index) => {
      if (line.trim() === '') return [];
      const parsed = questionSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${index + 1}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
      return [parsed.data];
    });
}

const normalise = (text: string) => text.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').toLowerCase();

/** Whether `text` holds an `expected` entry: a substring, or a regular expression written `/…/`. */
export function holds(expected: string, text: string): boolean {
  if (expected.length > 2 && expected.startsWith('/') && expected.endsWith('/')) {
    return new RegExp(normalise(expected.slice(1, -1)), 'iu').test(normalise(text));
  }
  return normalise(text).includes(normalise(expected));
}

export type Outcome = 'answered' | 'closest' | 'refused';

/** The part of `pont ask --json` the score reads. */
export interface ScoredAnswer {
  answered: boolean;
  outcome?: Outcome;
  answer: string;
  citations: { source: string; quote: string }[];
}

export function outcomeOf(answer: ScoredAnswer): Outcome {
  return answer.outcome ?? (answer.answered ? 'answered' : 'refused');
}

/**
 * Correct, for an answerable question: a confident answer citing one of the right documents, whose quote from it
 * (or the answer text) holds an expected entry; for a two-part question, every entry. For any other question: a
 * refusal ('closest' is neither right nor wrong; the report shows it on its own).
 */
export function isCorrect(question: EvaluationQuestion, answer: ScoredAnswer): boolean {
  const outcome = outcomeOf(answer);
  if (!question.answerable) return outcome === 'refused';
  if (outcome !== 'answered' || !answer.answered) return false;
  const fromSource = answer.citations.filter((citation) => question.source.includes(path.basename(citation.source)));
  if (fromSource.length === 0) return false;
  const texts = [answer.answer, ...fromSource.map((citation) => citation.quote)];
  if (question.kind === 'two-part') return question.expected.every((expected) => texts.some((text) => holds(expected, text)));
  return question.expected.some((expected) => texts.some((text) => holds(expected, text)));
}
