import { getDocumentProxy, getMeta } from 'unpdf';
import type { ParsedDocument } from '../core/knowledge/index.ts';
import { documentLanguage, normaliseDate, titleFromSource } from './metadata.ts';
import { maxParseMs, SkipSource, withinTime } from './skip.ts';

/** The most pages and characters of text Pont reads from one PDF. */
export const pdfLimits = { maxPages: 2_000, maxCharacters: 20_000_000 };

/** Joins a page's lines into paragraphs: a blank line or a line ending a sentence closes a paragraph. */
function paragraphs(page: string): string[] {
  const result: string[] = [];
  let current: string[] = [];
  for (const line of page.split('\n').map((text) => text.trim())) {
    if (!line) {
      if (current.length) result.push(current.join(' '));
      current = [];
      continue;
    }
    current.push(line);
    if (/[.!?:]["”’)]?$/.test(line)) {
      result.push(current.join(' '));
      current = [];
    }
  }
  if (current.length) result.push(current.join(' '));
  return result.map((text) => text.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** The text of each page, read one page at a time so a time limit can stop between pages; refuses too much text. */
async function pageTexts(pdf: Awaited<ReturnType<typeof getDocumentProxy>>): Promise<string[]> {
  const pages: string[] = [];
  let characters = 0;
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const content = await (await pdf.getPage(number)).getTextContent();
    // NOTE: the same joining as unpdf's extractText: each item's text, with a line break where PDF.js sees one.
    const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
    characters += text.length;
    if (characters > pdfLimits.maxCharacters)
      throw new SkipSource(`PDF holds more than ${pdfLimits.maxCharacters.toLocaleString('en-GB')} characters of text`);
    pages.push(text);
  }
  return pages;
}

/** Reads the text of a PDF (through unpdf / PDF.js). A file PDF.js cannot open is skipped as corrupt. */
export async function parsePdf(bytes: Uint8Array, source: string): Promise<ParsedDocument> {
  let pages: string[];
  let info: Record<string, unknown> = {};
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | undefined;
  try {
    // NOTE: verbosity 0 keeps PDF.js from printing its repair warnings to the console.
    pdf = await withinTime(getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 }), maxParseMs, 'PDF');
    const opened = pdf;
    if (opened.numPages > pdfLimits.maxPages)
      throw new SkipSource(
        `PDF has ${opened.numPages.toLocaleString('en-GB')} pages; the limit is ${pdfLimits.maxPages.toLocaleString('en-GB')}`,
      );
    pages = await withinTime(pageTexts(opened), maxParseMs, 'PDF', () => opened.destroy());
    info = ((await withinTime(getMeta(opened), maxParseMs, 'PDF')).info ?? {}) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof SkipSource) throw error;
    throw new SkipSource(`corrupt or unreadable PDF (${(error as Error).message})`);
  } finally {
    await pdf?.destroy().catch(() => undefined);
  }
  const body = pages.map((page) => paragraphs(page));
  const allText = body.flat().join('\n');
  if (!allText.trim()) throw new SkipSource('no text found in the PDF (a scanned image needs OCR first)');
  const firstLine = body.flat()[0] ?? '';
  const declaredTitle = typeof info.Title === 'string' ? info.Title.trim() : '';
  return {
    source,
    title: declaredTitle || (firstLine.length <= 120 ? firstLine : titleFromSource(source)),
    published: normaliseDate(info.CreationDate ?? ''),
    language: documentLanguage(info.Language, source, allText),
    kind: 'document',
    sections: [{ heading: '', paragraphs: body.flat() }],
  };
}
