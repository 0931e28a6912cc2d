import { describe, expect, it } from 'vitest';
import { chunkBlocks } from '../../../src/channels/slack/blocks/block-kit.ts';
import { renderRequestMessage, type RequestViewer } from '../../../src/channels/slack/blocks/request-blocks.ts';
import { escapeMrkdwn, splitText } from '../../../src/channels/slack/blocks/text.ts';
import { actionIds, renderReply } from '../../../src/channels/slack/index.ts';
import { actionsFor } from '../../../src/core/sharing/actions.ts';
import type { SharingRequest } from '../../../src/core/sharing/types.ts';
import { buttonIds } from './harness.ts';

const paragraph = 'The two councils keep their own sovereignty and work together through a joint leadership team. ';

function sectionTexts(blocks: Record<string, unknown>[]): string[] {
  return blocks
    .filter((block) => block.type === 'section' && block.text)
    .map((block) => (block.text as { text: string }).text);
}

describe('Block Kit limits', () => {
  it('splits a long answer into sections of at most 3,000 characters without losing words', () => {
    const answer = Array.from({ length: 120 }, (_, index) => `${index}. ${paragraph}`).join('\n\n');
    const message = renderReply({
      kind: 'answer',
      offerAskAPerson: true,
      language: 'en',
      question: 'Tell me everything',
      answerId: 'answer-1',
      answer: { answered: true, answer, language: 'en', citations: [] },
    });
    const texts = sectionTexts(message.blocks);
    expect(texts.length).toBeGreaterThan(3);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(3000);
    expect(texts.join(' ').replace(/\s+/g, ' ').trim()).toBe(answer.replace(/\s+/g, ' ').trim());
  });

  it('sends more than 50 blocks as several messages of at most 50', () => {
    const answer = Array.from({ length: 60 }, () => paragraph.repeat(30)).join('\n\n');
    const message = renderReply({
      kind: 'answer',
      offerAskAPerson: true,
      language: 'en',
      question: 'q',
      answerId: null,
      answer: { answered: true, answer, language: 'en', citations: [] },
    });
    expect(message.blocks.length).toBeGreaterThan(50);
    const chunks = chunkBlocks(message.blocks);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(50);
    expect(chunks.flat()).toEqual(message.blocks);
  });

  it('cuts a word only when a piece has no space at all', () => {
    const pieces = splitText('x'.repeat(7000));
    expect(pieces.map((piece) => piece.length)).toEqual([3000, 3000, 1000]);
  });

  it('escapes Slack control characters in text from documents', () => {
    expect(escapeMrkdwn('<!channel> & <@U123>')).toBe('&lt;!channel&gt; &amp; &lt;@U123&gt;');
    const message = renderReply({ kind: 'text', language: 'en', text: 'Ping <!everyone> now' });
    expect(JSON.stringify(message.blocks)).not.toContain('<!everyone>');
  });

  it('lists the sources under the answer, with links for web sources', () => {
    const message = renderReply({
      kind: 'answer',
      offerAskAPerson: true,
      language: 'cy',
      question: 'Ai uno yw hyn?',
      answerId: 'a1',
      answer: {
        answered: true,
        answer: 'Nid uno yw hyn.',
        language: 'cy',
        citations: [{ title: 'Datganiad ysgrifenedig', source: 'https://www.llyw.cymru/datganiad', quote: 'nid uno' }],
      },
    });
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('Ffynonellau');
    expect(json).toContain('<https://www.llyw.cymru/datganiad|Datganiad ysgrifenedig>');
    expect(buttonIds(message.blocks)).toEqual([actionIds.feedbackHelpful, actionIds.feedbackNotHelpful]);
  });
});

describe('request messages', () => {
  const request: SharingRequest = {
    id: '7',
    requesterEmail: 'sian.morgan@torfaen.gov.uk',
    requesterCouncil: 'torfaen',
    title: 'How do you plan your waste rota?',
    detail: 'How do you plan your waste rota?',
    topic: { services: ['waste'], skills: [] },
    targetCouncils: ['blaenau-gwent'],
    status: 'routed',
    routedTo: ['karen.phillips@blaenau-gwent.gov.uk', 'ieuan.rowlands@blaenau-gwent.gov.uk'],
    claimedBy: null,
    answer: null,
    answeredBy: null,
    helpful: null,
    language: 'en',
    createdAt: '2026-11-23T10:00:00Z',
    updatedAt: '2026-11-23T10:00:00Z',
    actions: [],
  };
  const label = (email: string) => email;
  /** The message as `email` gets it: the request carries the core's actions for them. */
  const render = (shown: SharingRequest, viewer: RequestViewer) =>
    renderRequestMessage({ ...shown, actions: actionsFor(shown, { email: viewer.email }) }, viewer, label);

  it('offers Claim and Not me to a recipient while the request waits', () => {
    const message = render(request, {
      role: 'recipient',
      email: 'karen.phillips@blaenau-gwent.gov.uk',
      language: 'en',
    });
    expect(buttonIds(message.blocks)).toEqual([actionIds.claim, actionIds.decline]);
  });

  it('stops offering Claim to someone who said Not me', () => {
    const declined = { ...request, routedTo: ['ieuan.rowlands@blaenau-gwent.gov.uk'] };
    const message = render(declined, {
      role: 'recipient',
      email: 'karen.phillips@blaenau-gwent.gov.uk',
      language: 'en',
    });
    expect(buttonIds(message.blocks)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('passed this request on');
  });

  it('offers Answer (and giving it back) only to the person who claimed it', () => {
    const claimed = { ...request, status: 'claimed' as const, claimedBy: 'karen.phillips@blaenau-gwent.gov.uk' };
    expect(
      buttonIds(
        render(claimed, { role: 'recipient', email: 'karen.phillips@blaenau-gwent.gov.uk', language: 'en' }).blocks,
      ),
    ).toEqual([actionIds.answer, actionIds.decline]);
    const other = render(claimed, { role: 'recipient', email: 'ieuan.rowlands@blaenau-gwent.gov.uk', language: 'cy' });
    expect(buttonIds(other.blocks)).toEqual([]);
    expect(JSON.stringify(other.blocks)).toContain('wedi hawlio hwn');
  });

  it('asks the requester whether the answer helped, says what they said, and lets them close it', () => {
    const answered = {
      ...request,
      status: 'answered' as const,
      claimedBy: 'karen.phillips@blaenau-gwent.gov.uk',
      answeredBy: 'karen.phillips@blaenau-gwent.gov.uk',
      answer: 'Four weeks ahead.',
    };
    const asking = render(answered, { role: 'requester', email: request.requesterEmail!, language: 'en' });
    expect(buttonIds(asking.blocks)).toEqual([actionIds.markHelpful, actionIds.markNotHelpful, actionIds.close]);
    expect(JSON.stringify(asking.blocks)).toContain('Was this helpful?');
    const marked = render(
      { ...answered, helpful: true },
      { role: 'requester', email: request.requesterEmail!, language: 'en' },
    );
    expect(buttonIds(marked.blocks)).toEqual([actionIds.markHelpful, actionIds.markNotHelpful, actionIds.close]);
    expect(JSON.stringify(marked.blocks)).toContain('marked the answer as helpful');
  });
});
