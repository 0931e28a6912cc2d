import type { Language } from '../language/index.ts';
import type { Council } from '../people/index.ts';
import type { ChannelName, IntentKind, QuestionFigures } from './types.ts';

/**
 * The question log: every message the assistant handled (channel, language, intent, answered or not, the
 * text, when), the 👍/👎 given on answers, and the figures the dashboard draws from them.
 *
 * NOTE: the asker's email is not kept. The text is needed to find documentation gaps; who asked is not.
 * Feedback keeps a one-way hash of the voter only so that a second vote replaces the first.
 */
export interface QuestionLog {
  /** Stores one handled message and returns its id (the `answerId` of an answer). */
  record(entry: QuestionEntry): Promise<string>;
  feedback(answerId: string, helpful: boolean, voter: string | null): Promise<void>;
  /** Figures for questions asked from `since` (inclusive) to `until` (exclusive); `limit` caps the gaps list. */
  figures(options?: { since?: Date; until?: Date; limit?: number }): Promise<QuestionFigures>;
}

export interface QuestionEntry {
  channel: ChannelName;
  language: Language;
  intent: IntentKind;
  question: string;
  answered: boolean;
  /** The asker's council, when known: enough for figures by council, not enough to identify anyone. */
  council: Council | null;
  /** The platform's retry key: the same key twice stores one row. */
  clientKey?: string | null;
  at?: Date;
}

/** Intents that are questions someone can go without an answer to; help and greetings are not counted. */
export const questionIntents: readonly IntentKind[] = ['ask', 'skills', 'counterpart'];
