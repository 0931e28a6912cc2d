import { describe, expect, it } from 'vitest';
import { chunkSections, sectionsFromText, splitSentences } from '../../../src/core/knowledge/index.ts';

describe('chunking', () => {
  it('never lets a chunk cross a heading', () => {
    const sections = sectionsFromText(
      '# Title\n\nIntro paragraph.\n\n## Budget\n\nEach council sets its budget.\n\n## Staff\n\nStaff share skills.',
    );
    const chunks = chunkSections(sections);
    expect(chunks.map((chunk) => chunk.heading)).toEqual(['Title', 'Budget', 'Staff']);
    expect(chunks[1]!.text).toBe('Each council sets its budget.');
  });

  it('keeps short paragraphs under one heading together and splits long ones between sentences', () => {
    const long = Array.from({ length: 60 }, (_, position) => `Sentence number ${position} says something useful.`).join(
      ' ',
    );
    const chunks = chunkSections([{ heading: 'H', paragraphs: ['One.', 'Two.', long] }]);
    expect(chunks[0]!.text).toContain('One.\n\nTwo.');
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(1_500);
    expect(chunks.map((chunk) => chunk.text).join(' ')).toContain('Sentence number 59 says something useful.');
  });

  it('makes each list item a paragraph of its own', () => {
    const [section] = sectionsFromText('## Facts\n- First fact.\n- Second fact.');
    expect(section!.paragraphs).toEqual(['- First fact.', '- Second fact.']);
  });
});

describe('sentence splitting', () => {
  it('splits at sentence ends and list items and drops bullets', () => {
    expect(splitSentences('- The first. The second one! Is this third?\n2. Numbered item')).toEqual([
      'The first.',
      'The second one!',
      'Is this third?',
      'Numbered item',
    ]);
  });

  it('keeps a URL and a decimal inside one sentence', () => {
    expect(splitSentences('It costs £70.5 million (source: https://example.org/a.b).')).toHaveLength(1);
  });
});
