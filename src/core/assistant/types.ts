import type { Answer } from '../knowledge/types.ts';
import type { Language } from '../language/index.ts';
import type { PersonMatch, PersonRecord } from '../people/types.ts';
import type { SharingRequest } from '../sharing/types.ts';

/** Where a message came from. */
export type ChannelName = 'slack' | 'teams' | 'web' | 'cli';

/**
 * One neutral incoming message. Every channel turns its platform event into this and nothing else.
 */
export interface Incoming {
  channel: ChannelName;
  /** The platform's own user id (Slack U…, Teams AAD object id, web session). */
  channelUserId: string | null;
  /** The directory person behind the user, when known. */
  person: PersonRecord | null;
  /** The user's email, when the platform gave one. */
  email: string | null;
  isAdmin: boolean;
  text: string;
  /** The platform's locale (cy-GB, en-GB), if any; the text's own language wins when clear. */
  locale?: string | null;
  /** A key that makes retries idempotent (Slack event id, Teams activity id). */
  clientKey?: string;
  conversationId?: string;
}

export type Intent =
  | { kind: 'ask'; question: string }
  | { kind: 'skills'; skill: string; council?: string }
  | { kind: 'counterpart'; target: string | null }
  | { kind: 'share'; request: string }
  | { kind: 'my-requests' }
  | { kind: 'profile' }
  | { kind: 'help' }
  | { kind: 'greeting' };

/** What the core answers; each channel renders it (Block Kit, Adaptive Card, HTML, terminal text). */
export type Reply =
  | { kind: 'answer'; language: Language; answer: Answer; question: string; answerId: string | null }
  | { kind: 'people'; language: Language; heading: string; people: PersonMatch[]; note?: string; query: string }
  | { kind: 'request'; language: Language; text: string; request: SharingRequest }
  | { kind: 'requests'; language: Language; heading: string; requests: SharingRequest[] }
  /** A sharing request the user still has to confirm (the model proposed it). */
  | { kind: 'confirm-share'; language: Language; text: string; request: string }
  | { kind: 'profile'; language: Language; text: string; person: PersonRecord | null }
  | { kind: 'text'; language: Language; text: string }
  | { kind: 'error'; language: Language; text: string };

/** Turns an incoming message into a reply. */
export interface Assistant {
  handle(incoming: Incoming): Promise<Reply>;
}
