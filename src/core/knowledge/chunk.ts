/** A part of a document under one heading: its heading and its paragraphs. */
export interface Section {
  heading: string;
  paragraphs: string[];
}

/** One indexed passage. */
export interface Chunk {
  heading: string;
  text: string;
}

const targetLength = 900;
const maximumLength = 1_500;

function splitLongParagraph(paragraph: string): string[] {
  if (paragraph.length <= maximumLength) return [paragraph];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of paragraph.split(/(?<=[.!?])\s+/)) {
    if (current && current.length + sentence.length + 1 > targetLength) {
      pieces.push(current);
      current = '';
    }
    current = current ? `${current} ${sentence}` : sentence;
    while (current.length > maximumLength) {
      pieces.push(current.slice(0, maximumLength));
      current = current.slice(maximumLength);
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

/**
 * Cuts sections into passages: a chunk never crosses a heading, and paragraphs under one heading are kept
 * together up to about 900 characters; a longer paragraph is cut between sentences.
 */
export function chunkSections(sections: Section[]): Chunk[] {
  const chunks: Chunk[] = [];
  for (const section of sections) {
    let current: string[] = [];
    let length = 0;
    const flush = () => {
      if (current.length > 0) chunks.push({ heading: section.heading, text: current.join('\n\n') });
      current = [];
      length = 0;
    };
    for (const paragraph of section.paragraphs.map((text) => text.trim()).filter(Boolean)) {
      for (const piece of splitLongParagraph(paragraph)) {
        if (length > 0 && length + piece.length > targetLength) flush();
        current.push(piece);
        length += piece.length + 2;
      }
    }
    flush();
  }
  return chunks;
}

/**
 * Reads plain text with optional Markdown headings into sections: `#` lines start a section, blank lines
 * separate paragraphs, and each list item is a paragraph of its own.
 */
export function sectionsFromText(body: string, firstHeading = ''): Section[] {
  const sections: Section[] = [{ heading: firstHeading, paragraphs: [] }];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) sections.at(-1)!.paragraphs.push(paragraph.join(' ').replace(/\s+/g, ' ').trim());
    paragraph = [];
  };
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      sections.push({ heading: heading[1]!, paragraphs: [] });
    } else if (line.trim() === '') flush();
    else if (/^\s*(?:[-*+]|\d+[.)])\s+/.test(line)) {
      flush();
      paragraph.push(line.trim());
      flush();
    } else paragraph.push(line.trim());
  }
  flush();
  return sections.filter((section) => section.paragraphs.length > 0);
}
