import { describe, expect, it } from 'vitest';
import { keepGroundedLinks, unfinishedLinkStart } from '../../../src/core/knowledge/answer-links.ts';
import { createStreamGate } from '../../../src/core/knowledge/grounding/index.ts';

const passages = ['Book at https://www.torfaen.gov.uk/halls before the end of the month.'];

describe('links in a model-written answer', () => {
  it('keeps a link whose address a passage contains and turns any other into its words', () => {
    const text =
      'Use [the halls page](https://www.torfaen.gov.uk/halls) or [the council booking form](https://evil.example/login "Book") and ![logo](https://evil.example/a.png).';
    expect(keepGroundedLinks(text, passages)).toBe(
      'Use [the halls page](https://www.torfaen.gov.uk/halls) or the council booking form and logo.',
    );
  });

  it('drops a link with no words at all rather than showing an empty bracket', () => {
    expect(keepGroundedLinks('See [](https://evil.example/x) here.', passages)).toBe('See  here.');
  });

  it('knows when streamed text ends inside a link that is still being written', () => {
    expect(unfinishedLinkStart('Use [the council')).toBe(4);
    expect(unfinishedLinkStart('Use [the council booking form](https://evil')).toBe(4);
    expect(unfinishedLinkStart('Use ![logo')).toBe(4);
    expect(unfinishedLinkStart('As the report says [1] and more')).toBe('As the report says [1] and more'.length);
    expect(unfinishedLinkStart('Use [x](https://a.example/) now')).toBe('Use [x](https://a.example/) now'.length);
  });

  it('never streams an invented link, even when it arrives a word at a time', () => {
    let streamed = '';
    const gate = createStreamGate((delta) => (streamed += delta), { linkSources: passages });
    const answer =
      'Book through [the council booking form](https://evil.example/login) or [the halls page](https://www.torfaen.gov.uk/halls) today, as the guidance says [1].\nSOURCES\n[1] "Book at"';
    for (const piece of answer.match(/\S+\s*|\s+/g)!) gate(piece);
    expect(streamed).toBe(
      'Book through the council booking form or [the halls page](https://www.torfaen.gov.uk/halls) today, as the guidance says [1].',
    );
  });
});
