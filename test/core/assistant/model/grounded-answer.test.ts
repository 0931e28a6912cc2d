import { describe, expect, it } from 'vitest';
import type { ChatMessage, CompletionResult, LanguageModel, Prompt } from '../../../../src/core/model/index.ts';
import { createGroundedAnswerer, notAnsweredText } from '../../../../src/core/knowledge/grounded-answer.ts';
import type { Answer, SearchResult } from '../../../../src/core/knowledge/types.ts';
import { UpstreamError } from '../../../../src/errors.ts';

const prompt: Prompt = { name: 'answer', text: 'SYSTEM RULES', temperature: 0, maxTokens: 300, maxInputTokens: 2000 };

function passage(number: number, text: string, extra: Partial<SearchResult> = {}): SearchResult {
  return {
    chunkId: `c${number}`,
    documentId: `d${number}`,
    source: `data/doc-${number}.md`,
    title: `Document ${number}`,
    text,
    score: 10 - number,
    language: 'en',
    ...extra,
  };
}

const passages = [
  passage(
    1,
    'On 23 January 2025 councillors approved Stephen Vickers as the permanent Joint Chief Executive of both councils.',
  ),
  passage(2, 'The federation is not a merger. Each council keeps its own financial and democratic sovereignty.'),
];

const extractive: Answer = {
  answered: true,
  answer: '"The federation is not a merger." [1]',
  language: 'en',
  citations: [{ title: 'Document 2', source: 'data/doc-2.md', quote: 'The federation is not a merger.' }],
};

/** A language model that answers with `text` (or fails) and remembers what it was sent. */
function scriptedModel(reply: string | Error) {
  const sent: ChatMessage[][] = [];
  const model: LanguageModel = {
    name: 'scripted',
    async complete(request): Promise<CompletionResult> {
      sent.push(request.messages);
      if (reply instanceof Error) throw reply;
      for (const piece of reply.match(/\S+\s*/g) ?? []) request.onText?.(piece);
      return { text: reply, toolCalls: [], usage: { promptTokens: 321, completionTokens: 45 }, model: 'scripted-1' };
    },
  };
  return { model, sent };
}

function answerer(model: LanguageModel) {
  return createGroundedAnswerer({ model, prompt, boundary: () => 'b0' });
}

describe('grounded answers', () => {
  it('answers fluently with the citations it can check, and reports tokens', async () => {
    const { model, sent } = scriptedModel(
      'No. The federation is not a merger, and each council keeps its sovereignty [2]. A permanent Joint Chief Executive was approved in January 2025 [1].\nSOURCES\n[2] "Each council keeps its own financial and democratic sovereignty"\n[1] "councillors approved Stephen Vickers as the permanent Joint Chief Executive"',
    );
    const answer = await answerer(model).write({ question: 'Is this a merger?', language: 'en', passages, extractive });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toBe(
      'No. The federation is not a merger, and each council keeps its sovereignty [1]. A permanent Joint Chief Executive was approved in January 2025 [2].',
    );
    expect(answer.citations.map((citation) => citation.source)).toEqual(['data/doc-2.md', 'data/doc-1.md']);
    expect(answer.citations[0]!.quote).toBe('Each council keeps its own financial and democratic sovereignty');
    expect(answer.usage).toEqual({ promptTokens: 321, completionTokens: 45 });
    expect(answer.model).toBe('scripted-1');
    expect(sent[0]![0]).toEqual({ role: 'system', content: 'SYSTEM RULES' });
    expect(sent[0]![1]!.content).toContain('<<<PASSAGES b0>>>\n[1] title: "Document 1"');
  });

  it('drops citations (and the claims resting on them) whose quotation is not in the passage or whose passage was never sent', async () => {
    const { model } = scriptedModel(
      'The councils will merge in 2027 [1]. The federation is not a merger [2]. Budgets are pooled [7].\nSOURCES\n[1] "the councils will merge into one authority in 2027"\n[2] "The federation is not a merger"\n[7] "budgets are pooled across both councils"',
    );
    const answer = await answerer(model).write({ question: 'Is this a merger?', language: 'en', passages, extractive });
    expect(answer.answered).toBe(true);
    expect(answer.citations).toHaveLength(1);
    expect(answer.citations[0]!.quote).toBe('The federation is not a merger');
    expect(answer.answer).toBe('The federation is not a merger [1].');
  });

  it('says honestly that the documents do not answer when no citation survives', async () => {
    const { model } = scriptedModel(
      'The chief executive earns £200,000 [1].\nSOURCES\n[1] "the chief executive earns £200,000 a year"',
    );
    const answer = await answerer(model).write({
      question: 'What is the salary?',
      language: 'en',
      passages,
      extractive,
    });
    expect(answer).toMatchObject({ answered: false, answer: notAnsweredText('en'), citations: [] });
    expect(answer.answer).toMatch(/ask a person/i);
  });

  it('passes on the model saying the passages do not answer, in Welsh for a Welsh question', async () => {
    const { model, sent } = scriptedModel('NO_ANSWER');
    const answer = await answerer(model).write({
      question: 'Faint yw cyflog y prif weithredwr?',
      language: 'cy',
      passages,
      extractive: { ...extractive, language: 'cy' },
    });
    expect(answer).toMatchObject({ answered: false, language: 'cy', answer: notAnsweredText('cy') });
    expect(sent[0]![1]!.content).toMatch(/^Answer in: Welsh/);
  });

  it("does not ask the model when the passages share too few of the question's words", async () => {
    const { model, sent } = scriptedModel('anything');
    const weak: Answer = {
      answered: false,
      answer: 'The documents do not say. Ask a person.',
      language: 'en',
      citations: [],
    };
    const answer = await answerer(model).write({
      question: 'Who won the rugby cup final?',
      language: 'en',
      passages,
      extractive: weak,
    });
    expect(answer).toBe(weak);
    expect(sent).toHaveLength(0);
  });

  it('does not ask the model when no passage scores above the threshold', async () => {
    const { model, sent } = scriptedModel('anything');
    const answer = await createGroundedAnswerer({ model, prompt, minScore: 20 }).write({
      question: 'Is this a merger?',
      language: 'en',
      passages,
      extractive,
    });
    expect(answer).toBe(extractive);
    expect(sent).toHaveLength(0);
  });

  it('lets the model answer what no single sentence quoted, with a checked citation', async () => {
    const { model } = scriptedModel(
      'Stephen Vickers became permanent Joint Chief Executive in January 2025 [1].\nSOURCES\n[1] "approved Stephen Vickers as the permanent Joint Chief Executive"',
    );
    const weak: Answer = { answered: false, answer: 'The documents do not say.', language: 'en', citations: [] };
    const answer = await answerer(model).write({
      question: 'When did Stephen Vickers start as joint chief executive?',
      language: 'en',
      passages,
      extractive: weak,
    });
    expect(answer.answered).toBe(true);
    expect(answer.citations).toHaveLength(1);
  });

  it('gives the extractive answer with a one-line note when the model is down', async () => {
    const { model } = scriptedModel(new UpstreamError('down'));
    const answer = await answerer(model).write({ question: 'Is this a merger?', language: 'en', passages, extractive });
    expect(answer).toEqual({
      ...extractive,
      note: 'The language model is unavailable just now, so this answer is quoted straight from the documents.',
    });
    const welsh = await answerer(model).write({
      question: 'Ai uno yw hyn?',
      language: 'cy',
      passages,
      extractive: { ...extractive, language: 'cy' },
    });
    expect(welsh.note).toMatch(/^Dydy'r model iaith ddim ar gael/);
  });

  it('streams the answer text without the sources section', async () => {
    const { model } = scriptedModel(
      'The federation is not a merger [2].\nSOURCES\n[2] "The federation is not a merger"',
    );
    const pieces: string[] = [];
    const answer = await answerer(model).write({
      question: 'Is this a merger?',
      language: 'en',
      passages,
      extractive,
      onText: (delta) => pieces.push(delta),
    });
    expect(answer.answered).toBe(true);
    expect(pieces.join('')).toBe('The federation is not a merger [2].');
    expect(pieces.join('')).not.toMatch(/SOURCES/);
  });

  it('sends each statement once and keeps the passages within the token budget', async () => {
    const { model, sent } = scriptedModel('NO_ANSWER');
    const long = 'The joint leadership team meets monthly to plan shared services. '.repeat(400);
    const many = [
      passages[1]!,
      passage(3, 'The federation is not a merger. Each council keeps its own financial and democratic sovereignty.', {
        source: 'data/copy.md',
      }),
      passage(4, long),
      passage(5, 'Local Partnerships supported the review of the discovery phase.'),
    ];
    await createGroundedAnswerer({ model, prompt: { ...prompt, maxInputTokens: 600 }, boundary: () => 'b0' }).write({
      question: 'Is this a merger?',
      language: 'en',
      passages: many,
      extractive,
    });
    const user = sent[0]![1]!.content;
    expect(user.match(/financial and democratic sovereignty/g)).toHaveLength(1);
    expect(user).not.toContain('data/copy.md');
    expect(user).toContain('Local Partnerships supported the review');
    expect(user).not.toContain('joint leadership team meets monthly');
    expect(Math.ceil(user.length / 4) + Math.ceil(prompt.text.length / 4)).toBeLessThanOrEqual(600);
  });
});
