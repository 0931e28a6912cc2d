import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  documentsDir,
  evaluationDir,
  holds,
  isCorrect,
  kinds,
  loadQuestions,
  type EvaluationQuestion,
} from '../../bench/answers-eval/dataset.ts';
import { createDocumentReader } from '../../src/ingest/index.ts';

// The dataset's integrity, not Pont's accuracy: these tests never ask Pont anything.
const dev = loadQuestions('dev');
const test = loadQuestions('test');
const all = [...dev, ...test];
const documentFiles = fs.readdirSync(documentsDir).sort();
const count = (items: EvaluationQuestion[], keep: (item: EvaluationQuestion) => boolean) => items.filter(keep).length;

describe('answers evaluation dataset', () => {
  it('gives every question a unique id and keeps the two halves apart', () => {
    expect(new Set(all.map((item) => item.id)).size).toBe(all.length);
    const devQuestions = new Set(dev.map((item) => item.question.trim().toLowerCase()));
    expect(test.filter((item) => devQuestions.has(item.question.trim().toLowerCase()))).toEqual([]);
    expect(dev.length).toBeGreaterThan(0);
    expect(test.length).toBeGreaterThan(0);
  });

  it('cites only documents that exist in documents/', () => {
    const missing = all.flatMap((item) =>
      item.source.filter((source) => !documentFiles.includes(source)).map((source) => `${item.id}: ${source}`),
    );
    expect(missing).toEqual([]);
  });

  it('meets the minimum counts of questions by kind and language', () => {
    expect(all.length).toBeGreaterThanOrEqual(150);
    expect(count(all, (item) => item.kind === 'cross-language')).toBeGreaterThanOrEqual(25);
    expect(count(all, (item) => item.kind === 'two-part')).toBeGreaterThanOrEqual(12);
    expect(count(all, (item) => item.kind === 'unanswerable')).toBeGreaterThanOrEqual(25);
    expect(count(all, (item) => item.kind === 'off-topic')).toBeGreaterThanOrEqual(8);
    expect(count(all, (item) => item.kind === 'injection')).toBeGreaterThanOrEqual(8);
    for (const language of ['en', 'cy'] as const) {
      expect(
        count(all, (item) => item.kind === 'cross-language' && item.language === language),
        `cross-language questions in ${language}`,
      ).toBeGreaterThanOrEqual(10);
    }
    expect(count(all, (item) => item.language === 'cy')).toBeGreaterThanOrEqual(40);
  });

  it('splits every kind and language evenly between the halves', () => {
    for (const kind of kinds) {
      for (const language of ['en', 'cy'] as const) {
        const inDev = count(dev, (item) => item.kind === kind && item.language === language);
        const inTest = count(test, (item) => item.kind === kind && item.language === language);
        expect(Math.abs(inDev - inTest), `${kind}/${language}: dev ${inDev}, test ${inTest}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('records a source, date and licence for every document, 40 or more in both languages and several formats', () => {
    const sources = fs.readFileSync(path.join(evaluationDir, 'SOURCES.md'), 'utf8');
    const rows = [
      ...sources.matchAll(/^\| `([^`]+)` \| (en|cy) \| ([^|]+) \| ([^|]+) \| ([^|]+) \|[^|]*\| ([^|]+) \|$/gm),
    ];
    expect(rows.map((row) => row[1]).sort()).toEqual(documentFiles);
    expect(
      rows.every(
        (row) =>
          row[3]!.trim() !== '' &&
          row[4]!.trim() !== '' &&
          row[5]!.trim() !== '' &&
          /Open Government Licence/.test(row[6]!),
      ),
    ).toBe(true);
    expect(documentFiles.length).toBeGreaterThanOrEqual(40);
    expect(rows.filter((row) => row[2] === 'cy').length).toBeGreaterThanOrEqual(12);
    expect(new Set(documentFiles.map((file) => path.extname(file)))).toEqual(
      new Set(['.txt', '.md', '.html', '.docx', '.pdf']),
    );
  });

  it('holds every expected answer in the source documents as a user would ingest them', async () => {
    const texts = new Map<string, string>();
    for await (const outcome of createDocumentReader().read(
      documentFiles.map((file) => path.join(documentsDir, file)),
    )) {
      expect('document' in outcome, JSON.stringify(outcome)).toBe(true);
      if ('document' in outcome) {
        const text = outcome.document.sections
          .flatMap((section) => [section.heading, ...section.paragraphs])
          .join('\n');
        texts.set(path.basename(outcome.document.source), `${outcome.document.title}\n${text}`);
      }
    }
    const unsupported = all
      .filter((item) => item.answerable)
      .flatMap((item) =>
        item.source
          .filter((source) => {
            const text = texts.get(source) ?? '';
            return item.kind === 'two-part'
              ? !item.expected.every((expected) => holds(expected, text))
              : !item.expected.some((expected) => holds(expected, text));
          })
          .map((source) => `${item.id} ${source}`),
      );
    expect(unsupported).toEqual([]);
  });
});

describe('answers evaluation scoring', () => {
  const question = (overrides: Partial<EvaluationQuestion>): EvaluationQuestion => ({
    id: 'q999',
    question: 'when were the cjcs set up',
    language: 'en',
    kind: 'lookup',
    answerable: true,
    expected: ['1 April 2021'],
    source: ['consultation.pdf'],
    ...overrides,
  });
  const cited = (source: string, quote: string) => ({
    answered: true,
    answer: `"${quote}"`,
    citations: [{ source, quote }],
  });

  it('counts a confident answer quoting the right document, compared by file name', () => {
    expect(
      isCorrect(
        question({}),
        cited('/tmp/data/consultation.pdf', 'the following CJCs were established on 1 April 2021'),
      ),
    ).toBe(true);
    expect(
      isCorrect(question({}), cited('/tmp/data/other.pdf', 'the following CJCs were established on 1 April 2021')),
    ).toBe(false);
    expect(
      isCorrect(question({}), { ...cited('consultation.pdf', 'established on 1 April 2021'), outcome: 'closest' }),
    ).toBe(false);
  });

  it('needs every part of a two-part question', () => {
    const twoPart = question({ kind: 'two-part', expected: ['/17 March 2021/', '/1 April 2021/'] });
    expect(isCorrect(twoPart, cited('consultation.pdf', 'made on 17 March 2021'))).toBe(false);
    expect(
      isCorrect(
        twoPart,
        cited('consultation.pdf', 'made on 17 March 2021 and the CJCs were established on 1 April 2021'),
      ),
    ).toBe(true);
  });

  it('counts only a refusal as correct when the documents do not answer', () => {
    const unanswerable = question({ kind: 'unanswerable', answerable: false, expected: [], source: [] });
    expect(
      isCorrect(unanswerable, { answered: false, answer: 'The documents I have do not answer that.', citations: [] }),
    ).toBe(true);
    expect(
      isCorrect(unanswerable, {
        answered: false,
        outcome: 'closest',
        answer: 'The closest the documents come is…',
        citations: [],
      }),
    ).toBe(false);
    expect(isCorrect(unanswerable, cited('consultation.pdf', 'anything'))).toBe(false);
  });

  it('matches straight and curly apostrophes alike', () => {
    expect(holds("16 oed neu'n hŷn", 'personau sy’n 16 oed neu’n hŷn')).toBe(true);
  });
});
