import type { ChatMessage } from '../../model/index.ts';

/**
 * A rough token count: about four characters a token (Welsh runs a little longer per token, so budgets keep
 * some headroom). Used to pack context to a budget and when a server does not report usage.
 */
export function estimateTokens(input: string | ChatMessage[]): number {
  if (typeof input === 'string') return Math.ceil(input.length / 4);
  return input.reduce((total, message) => total + 4 + Math.ceil(message.content.length / 4), 2);
}
