import { randomBytes } from 'node:crypto';
import type { ChatMessage, LanguageModel, Prompt } from '../assistant/language-model.ts';
import { checkCitations, parseModelAnswer } from '../assistant/model/citations.ts';
import { packPassages, renderDataBlock } from '../assistant/model/passages.ts';
import { createStreamGate } from '../assistant/model/stream-gate.ts';
import { estimateTokens } from '../assistant/model/tokens.ts';
import type { Language } from '../language/index.ts';
import type { Answer, SearchResult } from './types.ts';

/** Something that notes what went wrong; the app passes its logger. */
export interface GroundedAnswerLogger {
  warn(details: object, message: string): void;
}

export interface GroundedAnswererOptions {
  model: LanguageModel;
  /** The `answer` prompt (prompts/answer). */
  prompt: Prompt;
  logger?: GroundedAnswerLogger;
  /** Passages scoring below this are weak evidence and are not sent. Default: send what retrieval found. */
  minScore?: number;
  /** A fixed data-block boundary, for tests; random per request otherwise. */
  boundary?: () => string;
}

export interface GroundedAnswerInput {
  question: string;
  language: Language;
  /** Retrieved passages, best first. */
  passages: SearchResult[];
  /** The extractive answer from the same passages: used when evidence is weak or the model fails. */
  extractive: Answer;
  /** Receives the answer text as it streams (provisional: the returned Answer is final). */
  onText?: (delta: string) => void;
  signal?: AbortSignal;
}

/** Knowledge's AnswerWriter: `createKnowledge({ answerWriter })` calls it from `ask`. */
export interface GroundedAnswerer {
  write(input: GroundedAnswerInput): Promise<Answer>;
}

const languageNames: Record<Language, string> = { en: 'English', cy: 'Welsh (Cymraeg)' };

const texts = {
  en: {
    notAnswered:
      "The documents I have don't answer that, and I won't guess. You could ask a person: I can send your question to colleagues in the other council as a sharing request.",
    modelUnavailable: 'The language model is unavailable just now, so this answer is quoted straight from the documents.',
  },
  cy: {
    notAnswered:
      "Dydy'r dogfennau sydd gen i ddim yn ateb hynny, a wna i ddim dyfalu. Gallwch ofyn i berson: gallaf anfon eich cwestiwn at gydweithwyr yn y cyngor arall fel cais rhannu.",
    modelUnavailable: "Dydy'r model iaith ddim ar gael ar hyn o bryd, felly mae'r ateb hwn wedi'i ddyfynnu'n syth o'r dogfennau.",
  },
} as const;

/** The honest "the documents don't say" answer, with the ask-a-person route. */
export function notAnsweredText(language: Language): string {
  return texts[language].notAnswered;
}

/** The user message: the question, its language, then the passages as one delimited block of data. */
function userMessage(question: string, language: Language, dataBlock: string): string {
  return [`Answer in: ${languageNames[language]}`, `Question: ${question}`, '', dataBlock].join('\n');
}

/**
 * Fluent answers grounded in retrieved passages. The model sees the passages as numbered, quoted data and
 * must cite them; every citation is checked against the passages sent and dropped when it does not match.
 * Weak evidence (the extractive answer found none, nothing above `minScore`, or no citation survives) gets
 * the honest "the documents don't say" answer. A failing model gets the extractive answer with a note.
 */
export function createGroundedAnswerer(options: GroundedAnswererOptions): GroundedAnswerer {
  const { model, prompt, logger } = options;
  const boundary = options.boundary ?? (() => randomBytes(6).toString('hex'));

  return {
    async write(input) {
      const { question, language, extractive } = input;
      const strong = input.passages.filter((passage) => options.minScore === undefined || passage.score >= options.minScore);
      // NOTE: the extractive answer applies retrieval's own evidence threshold; when it finds nothing to quote,
      // a model would only be tempted to guess.
      if (!extractive.answered || strong.length === 0) return extractive;

      const fixedTokens = estimateTokens(prompt.text) + estimateTokens(userMessage(question, language, '')) + 40;
      const packed = packPassages(strong, Math.max(200, prompt.maxInputTokens - fixedTokens));
      const messages: ChatMessage[] = [
        { role: 'system', content: prompt.text },
        { role: 'user', content: userMessage(question, language, renderDataBlock(packed, boundary())) },
      ];
      let result;
      try {
        result = await model.complete({
          messages,
          temperature: prompt.temperature,
          maxTokens: prompt.maxTokens,
          onText: input.onText ? createStreamGate(input.onText) : undefined,
          signal: input.signal,
        });
      } catch (error) {
        logger?.warn({ err: error, model: model.name }, 'language model failed; giving the extractive answer');
        return { ...extractive, note: texts[language].modelUnavailable };
      }

      const usage = result.usage;
      const parsed = parseModelAnswer(result.text);
      const checked = parsed.noAnswer ? null : checkCitations(parsed, packed);
      if (checked && checked.dropped.length > 0) {
        logger?.warn({ dropped: checked.dropped, model: result.model }, 'dropped citations that did not match the passages sent');
      }
      if (!checked || checked.citations.length === 0 || checked.text === '') {
        return { answered: false, answer: notAnsweredText(language), language, citations: [], model: result.model, usage };
      }
      return { answered: true, answer: checked.text, language, citations: checked.citations, model: result.model, usage };
    },
  };
}
