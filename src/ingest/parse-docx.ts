import JSZip from 'jszip';
import mammoth from 'mammoth';
import type { ParsedDocument } from '../core/knowledge/index.ts';
import { normaliseDate } from './metadata.ts';
import { parseHtml } from './parse-html.ts';
import { maxParseMs, SkipSource, withinTime } from './skip.ts';
import { checkZipLimits } from './zip-limits.ts';

/** How far a Word document may expand: its text and markup, pictures aside (they are never read). */
export const docxLimits = {
  maxEntries: 5_000,
  maxUncompressedBytes: 40 * 1024 * 1024,
  ignored: (name: string) => name.startsWith('word/media/'),
};

// NOTE: pictures are left out of the HTML, so mammoth never inflates them.
const noImages = mammoth.images.imgElement(async () => ({ src: '' }));

function xmlValue(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`).exec(xml);
  return match?.[1]?.trim() || undefined;
}

/**
 * Reads a Word document: mammoth turns it into HTML (keeping headings), which is read like a page; the title,
 * date and language come from the document properties (docProps/core.xml) when they are set. A document that
 * would expand beyond `docxLimits`, or takes longer than a minute, is skipped with the reason.
 */
export async function parseDocx(bytes: Uint8Array, source: string): Promise<ParsedDocument> {
  checkZipLimits(bytes, docxLimits);
  let html: string;
  let core = '';
  try {
    const buffer = Buffer.from(bytes);
    html = (
      await withinTime(mammoth.convertToHtml({ buffer }, { convertImage: noImages }), maxParseMs, 'Word document')
    ).value;
    const zip = await JSZip.loadAsync(buffer);
    core = (await zip.file('docProps/core.xml')?.async('string')) ?? '';
  } catch (error) {
    if (error instanceof SkipSource) throw error;
    throw new SkipSource(`corrupt or unreadable Word document (${(error as Error).message})`);
  }
  const language = xmlValue(core, 'dc:language');
  const document = parseHtml(`<html${language ? ` lang="${language}"` : ''}><body>${html}</body></html>`, source);
  const title = xmlValue(core, 'dc:title');
  const published = normaliseDate(xmlValue(core, 'dcterms:created') ?? '');
  return { ...document, title: title ?? document.title, published: published ?? document.published };
}
