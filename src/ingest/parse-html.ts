import { parse, type HTMLElement } from 'node-html-parser';
import type { ParsedDocument } from '../core/knowledge/types.ts';
import { documentLanguage, normaliseDate, titleFromSource } from './metadata.ts';

const blockSelector = 'h1,h2,h3,h4,h5,h6,p,li,blockquote,pre,td,th,dd,dt,figcaption';

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function meta(root: HTMLElement, ...names: string[]): string | undefined {
  for (const name of names) {
    const element = root.querySelector(`meta[property="${name}"]`) ?? root.querySelector(`meta[name="${name}"]`);
    const content = element?.getAttribute('content');
    if (content?.trim()) return content.trim();
  }
  return undefined;
}

/**
 * Reads an HTML page: the main content (article or main when the page has one, the body otherwise), headings
 * as section breaks, paragraphs, list items and table cells as paragraphs; scripts, styles, navigation and
 * footers are left out. Title, published date and language come from the page's metadata.
 */
export function parseHtml(html: string, source: string): ParsedDocument {
  const root = parse(html, { comment: false, blockTextElements: { script: false, style: false, noscript: false, pre: true } });
  const title =
    meta(root, 'og:title', 'dc.title', 'DC.title') ?? clean(root.querySelector('title')?.text ?? '') ?? '';
  const published = normaliseDate(
    meta(root, 'article:published_time', 'dcterms.date', 'DC.date', 'DC.date.issued', 'date', 'citation_publication_date') ??
      root.querySelector('time[datetime]')?.getAttribute('datetime') ??
      '',
  );
  const language = root.querySelector('html')?.getAttribute('lang');
  for (const element of root.querySelectorAll('script,style,noscript,nav,footer,header,aside,form,template,svg')) element.remove();
  const container = root.querySelector('article') ?? root.querySelector('main') ?? root.querySelector('body') ?? root;

  const sections: ParsedDocument['sections'] = [{ heading: '', paragraphs: [] }];
  const blocks = container.querySelectorAll(blockSelector);
  for (const element of blocks) {
    const tag = element.tagName.toLowerCase();
    // A list item or cell holding paragraphs is read through those paragraphs instead.
    if (tag !== 'p' && !/^h\d$/.test(tag) && element.querySelector('p,li')) continue;
    const text = clean(element.text);
    if (!text) continue;
    if (/^h\d$/.test(tag)) sections.push({ heading: text, paragraphs: [] });
    else sections.at(-1)!.paragraphs.push(text);
  }
  if (blocks.length === 0) {
    sections[0]!.paragraphs.push(...container.text.split(/\n\s*\n/).map(clean).filter(Boolean));
  }
  const firstHeading = container.querySelector('h1')?.text;
  return {
    source,
    title: clean(title) || clean(firstHeading ?? '') || titleFromSource(source),
    published,
    language: documentLanguage(language, source, container.text),
    kind: 'document',
    sections: sections.filter((section) => section.paragraphs.length > 0),
  };
}
