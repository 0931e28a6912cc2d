import type { ParsedDocument } from '../core/knowledge/index.ts';
import { parseDocx } from './parse-docx.ts';
import { parseHtml } from './parse-html.ts';
import { parseMarkdown } from './parse-markdown.ts';
import { parsePdf } from './parse-pdf.ts';
import { SkipSource } from './skip.ts';

/** The kinds of file Pont reads. */
export type DocumentType = 'markdown' | 'text' | 'html' | 'pdf' | 'docx';

export const supportedExtensions: Record<string, DocumentType> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
};

export const supportedList = '.md, .txt, .html, .pdf, .docx';

/** The type a media type names, if Pont reads it. */
export function typeFromMediaType(mediaType: string | null | undefined): DocumentType | undefined {
  const type = (mediaType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'text/markdown' || type === 'text/x-markdown') return 'markdown';
  if (type === 'text/plain') return 'text';
  if (type === 'application/pdf') return 'pdf';
  if (type === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document') return 'docx';
  return undefined;
}

function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8_192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control += 1;
  }
  return control > sample.length * 0.1;
}

function decodeText(bytes: Uint8Array): string {
  if (looksBinary(bytes)) throw new SkipSource('binary file, not text');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // NOTE: not UTF-8; Windows-1252 is what older council text files use.
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Parses a file's bytes by type. Throws SkipSource with the reason when it cannot be indexed. */
export async function parseDocument(bytes: Uint8Array, type: DocumentType, source: string): Promise<ParsedDocument> {
  if (bytes.length === 0) throw new SkipSource('empty file');
  switch (type) {
    case 'markdown':
    case 'text':
      return parseMarkdown(decodeText(bytes), source);
    case 'html':
      return parseHtml(decodeText(bytes), source);
    case 'pdf':
      if (!new TextDecoder('latin1').decode(bytes.subarray(0, 1_024)).includes('%PDF-'))
        throw new SkipSource('corrupt PDF (no PDF header)');
      return parsePdf(bytes, source);
    case 'docx':
      return parseDocx(bytes, source);
  }
}
