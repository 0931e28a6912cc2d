import { describe, expect, it } from 'vitest';
import { renderReply } from '../../../src/channels/cli/commands/chat.ts';
import { messagesFor } from '../../../src/core/assistant/messages.ts';

const citation = {
  title: 'Bulky waste guidance',
  source: 'guidance/bulky-waste.md',
  quote: 'Bins are collected every other Monday.',
  published: null,
  language: 'en' as const,
};

function reply(answer: string, model?: string) {
  return {
    kind: 'answer' as const,
    offerAskAPerson: true,
    language: 'en' as const,
    question: 'When are bins collected?',
    answerId: null,
    answer: {
      answered: true,
      outcome: 'answered' as const,
      answer,
      language: 'en' as const,
      citations: [citation],
      ...(model ? { model } : {}),
    },
  };
}

describe('pont chat, an answer as terminal text', () => {
  it('lists no sources under a quoted answer, which already shows each quote with its source', () => {
    const text = renderReply(
      reply(`Here is what the documents say:\n“${citation.quote}” (Bulky waste guidance; ${citation.source})`),
      messagesFor('en'),
    );
    expect(text).not.toContain('Sources:');
    expect(text.match(/every other Monday/g)).toHaveLength(1);
  });

  it('lists the sources of a written answer, without repeating a quote the answer already gives', () => {
    const text = renderReply(reply(`The guidance says "${citation.quote}" [1]`, 'a-model'), messagesFor('en'));
    expect(text).toContain('Sources:');
    expect(text).toContain('[1] Bulky waste guidance (guidance/bulky-waste.md)');
    expect(text.match(/every other Monday/g)).toHaveLength(1);
  });
});
