import { randomBytes } from 'node:crypto';
import type { ChatMessage, LanguageModel, Prompt } from '../model/index.ts';
import {
  checkCitations,
  createStreamGate,
  estimateTokens,
  packPassages,
  parseModelAnswer,
  renderDataBlock,
} from './grounding/index.ts';
import type { Language } from '../language/index.ts';
import { keepGroundedLinks } from './answer-links.ts';
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
  /** Share of the question's content words the passages must contain for the model to be asked (0.5). */
  minOverlap?: number;
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
    modelUnavailable:
      'The language model is unavailable just now, so this answer is quoted straight from the documents.',
  },
  cy: {
    notAnswered:
      "Dydy'r dogfennau sydd gen i ddim yn ateb hynny, a wna i ddim dyfalu. Gallwch ofyn i berson: gallaf anfon eich cwestiwn at gydweithwyr yn y cyngor arall fel cais rhannu.",
    modelUnavailable:
      "Dydy'r model iaith ddim ar gael ar hyn o bryd, felly mae'r ateb hwn wedi'i ddyfynnu'n syth o'r dogfennau.",
  },
} as const;

/** The honest "the documents don't say" answer, with the ask-a-person route. */
export function notAnsweredText(language: Language): string {
  return texts[language].notAnswered;
}

// Question words that carry no topic: "how often does…", "beth yw…".
const questionFiller = new Set([
  'what',
  'when',
  'where',
  'which',
  'whom',
  'whose',
  'does',
  'have',
  'with',
  'about',
  'that',
  'this',
  'from',
  'there',
  'their',
  'they',
  'will',
  'would',
  'should',
  'could',
  'often',
  'many',
  'much',
  'tell',
  'please',
  'know',
  'were',
  'beth',
  'pryd',
  'faint',
  'gyda',
  'oedd',
  'bydd',
  'sydd',
  'ydy',
  'ydyw',
  'hynny',
  'wnaeth',
  'dweud',
  'gallwch',
]);

function contentWords(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 3 && !questionFiller.has(word));
}

/**
 * The share of the question's content words that occur in the passages, compared on their first five letters
 * (a rough stem that works for English and Welsh alike: "meet"/"meets", "cyngor"/"cynghorau" do not, but most do).
 */
export function evidenceOverlap(question: string, passages: SearchResult[]): number {
  const asked = [...new Set(contentWords(question).map((word) => word.slice(0, 5)))];
  if (asked.length === 0) return 0;
  const present = new Set(
    passages.flatMap((passage) => contentWords(`${passage.title} ${passage.text}`).map((word) => word.slice(0, 5))),
  );
  return asked.filter((word) => present.has(word)).length / asked.length;
}

/** The user message: the question, its language, then the passages as one delimited block of data. */
function userMessage(question: string, language: Language, dataBlock: string): string {
  return [`Answer in: ${languageNames[language]}`, `Question: ${question}`, '', dataBlock].join('\n');
}

/**
 * Fluent answers grounded in retrieved passages. The model sees the passages as numbered, quoted data and
 * must cite them; every citation is checked against the passages sent and dropped when it does not match.
 * Weak evidence (nothing above `minScore`; no extractive answer and too few of the question's words in the
 * passages; or no citation survives) gets the honest "the documents don't say" answer. A failing model gets the extractive answer with a note.
 */
export function createGroundedAnswerer(options: GroundedAnswererOptions): GroundedAnswerer {
  const { model, prompt, logger } = options;
  const boundary = options.boundary ?? (() => randomBytes(6).toString('hex'));

  return {
    async write(input) {
      const { question, language, extractive } = input;
      const strong = input.passages.filter(
        (passage) => options.minScore === undefined || passage.score >= options.minScore,
      );
      // NOTE: weak evidence never reaches the model: it would only be tempted to guess, at a cost. Evidence is
      // weak when no passage scores enough, or when the extractive answer found no sentence to quote and the
      // passages share too few of the question's words. So the model may still answer what no one sentence
      // quoted ("how often…?" / "every month"), and a Welsh question over English passages still gets it.
      if (strong.length === 0) return extractive;
      if (!extractive.answered && evidenceOverlap(question, strong) < (options.minOverlap ?? 0.5)) return extractive;

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
          onText: input.onText
            ? createStreamGate(input.onText, { linkSources: packed.map((numbered) => numbered.passage.text) })
            : undefined,
          signal: input.signal,
        });
      } catch (error) {
        logger?.warn({ err: error, model: model.name }, 'language model failed; giving the extractive answer');
        return extractive.answered ? { ...extractive, note: texts[language].modelUnavailable } : extractive;
      }

      const usage = result.usage;
      const parsed = parseModelAnswer(result.text);
      const checked = parsed.noAnswer ? null : checkCitations(parsed, packed);
      if (checked && checked.dropped.length > 0) {
        logger?.warn(
          { dropped: checked.dropped, model: result.model },
          'dropped citations that did not match the passages sent',
        );
      }
      if (!checked || checked.citations.length === 0 || checked.text === '') {
        // NOTE: when the model finds no answer but the extractive answerer found the closest passages, those
        // are still the more useful reply.
        if (extractive.outcome === 'closest') return extractive;
        return {
          answered: false,
          outcome: 'refused',
          answer: notAnsweredText(language),
          language,
          citations: [],
          model: result.model,
          usage,
        };
      }
      // NOTE: a link the model wrote stays only when a cited passage contains its address; others become plain words.
      const cited = new Set(checked.citations.map((citation) => citation.source));
      const answer = keepGroundedLinks(
        checked.text,
        packed.filter((numbered) => cited.has(numbered.passage.source)).map((numbered) => numbered.passage.text),
      );
      return {
        answered: true,
        outcome: 'answered',
        answer,
        language,
        citations: checked.citations,
        model: result.model,
        usage,
      };
    },
  };
}
