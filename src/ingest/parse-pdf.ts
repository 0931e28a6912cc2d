import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import type { ParsedDocument } from '../core/knowledge/types.ts';
import { documentLanguage, normaliseDate, titleFromSource } from './metadata.ts';
import { SkipSource } from './skip.ts';

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

/** Reads the text of a PDF (through unpdf / PDF.js). A file PDF.js cannot open is skipped as corrupt. */
export async function parsePdf(bytes: Uint8Array, source: string): Promise<ParsedDocument> {
  let pages: string[];
  let info: Record<string, unknown> = {};
  try {
    // NOTE: verbosity 0 keeps PDF.js from printing its repair warnings to the console.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    pages = (await extractText(pdf, { mergePages: false })).text;
    info = ((await getMeta(pdf)).info ?? {}) as Record<string, unknown>;
    await pdf.destroy();
  } catch (error) {
    throw new SkipSource(`corrupt or unreadable PDF (${(error as Error).message})`);
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
