import type { ParsedDocument } from '../core/knowledge/index.ts';
import { maxHtmlCharacters, walkHtml } from './html-walk.ts';
import { documentLanguage, normaliseDate, titleFromSource } from './metadata.ts';
import { SkipSource } from './skip.ts';

const blockElements = new Set([
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'li',
  'blockquote',
  'pre',
  'td',
  'th',
  'dd',
  'dt',
  'figcaption',
]);
const leftOut = new Set([
  'script',
  'style',
  'noscript',
  'nav',
  'footer',
  'header',
  'aside',
  'form',
  'template',
  'svg',
  'title',
]);
const metaNames = {
  title: ['og:title', 'dc.title', 'DC.title'],
  published: [
    'article:published_time',
    'dcterms.date',
    'DC.date',
    'DC.date.issued',
    'date',
    'citation_publication_date',
  ],
};

// Site chrome marked by role or by the names sites give cookie and consent banners, left out like <nav> and <footer>.
const chromeRoles = new Set(['navigation', 'banner', 'contentinfo', 'search', 'dialog', 'alertdialog']);
const chromeNames =
  /\b(cookie[-_ ]?(banner|consent|notice|bar|popup|message|law)|consent[-_ ]?(banner|manager)|cookieconsent|gdpr[-_ ]?banner|skip[-_ ]?link)\b/i;

function isChrome(attributes: Record<string, string>): boolean {
  return (
    chromeRoles.has((attributes.role ?? '').toLowerCase()) ||
    chromeNames.test(`${attributes.id ?? ''} ${attributes.class ?? ''}`)
  );
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A heading or paragraph, and which of the page's main containers it sits in. */
interface Block {
  heading: boolean;
  text: string;
  inFirstArticle: boolean;
  inMain: boolean;
}

/**
 * Reads an HTML page: the main content (article or main when the page has one, the body otherwise), headings
 * as section breaks, paragraphs, list items and table cells as paragraphs; scripts, styles, navigation and
 * footers are left out. Title, published date and language come from the page's metadata. The page is read in
 * one pass, in time linear in its length; a page over `maxHtmlCharacters` is skipped.
 */
export function parseHtml(html: string, source: string): ParsedDocument {
  if (html.length > maxHtmlCharacters) {
    throw new SkipSource(
      `HTML longer than ${maxHtmlCharacters.toLocaleString('en-GB')} characters (${html.length.toLocaleString('en-GB')})`,
    );
  }
  const metas = new Map<string, string>();
  let titleText = '';
  let inTitle = 0;
  let language: string | undefined;
  let time: string | undefined;
  let hidden = 0;
  let articles = 0;
  let firstArticleDepth = 0;
  let mainDepth = 0;
  const texts = { all: [] as string[], article: [] as string[], main: [] as string[] };
  const blocks: Block[] = [];
  // Whether each open element is chrome left out by its role or name (the walk closes every element it opens).
  const chrome: boolean[] = [];
  // Open headings, paragraphs and cells, innermost last, each with the text gathered so far.
  const open: { name: string; text: string[] }[] = [];

  const flush = (entry: { name: string; text: string[] }) => {
    const text = clean(entry.text.join(''));
    entry.text = [];
    if (text)
      blocks.push({
        heading: /^h\d$/.test(entry.name),
        text,
        inFirstArticle: firstArticleDepth > 0,
        inMain: mainDepth > 0,
      });
  };

  walkHtml(html, {
    open(name, attributes) {
      if (name === 'meta') {
        const key = attributes.property ?? attributes.name;
        if (key && attributes.content?.trim() && !metas.has(key)) metas.set(key, attributes.content.trim());
      } else if (name === 'html' && language === undefined) language = attributes.lang;
      else if (name === 'time' && time === undefined && attributes.datetime) time = attributes.datetime;
      if (name === 'title') inTitle += 1;
      if (leftOut.has(name)) hidden += 1;
      const isChromeElement = !leftOut.has(name) && isChrome(attributes);
      chrome.push(isChromeElement);
      if (isChromeElement) hidden += 1;
      if (name === 'article') {
        articles += 1;
        if (articles === 1 || firstArticleDepth > 0) firstArticleDepth += 1;
      }
      if (name === 'main') mainDepth += 1;
      if (blockElements.has(name) && hidden === 0) {
        // NOTE: a list item or cell holding paragraphs is read through those paragraphs: what it said before them
        // is a paragraph of its own.
        const outer = open.at(-1);
        if (outer) flush(outer);
        open.push({ name, text: [] });
      }
    },
    close(name) {
      if (blockElements.has(name) && open.at(-1)?.name === name) flush(open.pop()!);
      if (name === 'title') inTitle -= 1;
      if (leftOut.has(name)) hidden -= 1;
      if (chrome.pop()) hidden -= 1;
      if (name === 'article' && firstArticleDepth > 0) firstArticleDepth -= 1;
      if (name === 'main' && mainDepth > 0) mainDepth -= 1;
    },
    text(text) {
      if (inTitle > 0 && !titleText) titleText = text;
      if (hidden > 0) return;
      texts.all.push(text);
      if (firstArticleDepth > 0) texts.article.push(text);
      if (mainDepth > 0) texts.main.push(text);
      open.at(-1)?.text.push(text);
    },
  });

  const fromMeta = (names: string[]) => names.map((name) => metas.get(name)).find((value) => value !== undefined);
  const scope: 'article' | 'main' | 'all' =
    texts.article.length > 0 || blocks.some((block) => block.inFirstArticle)
      ? 'article'
      : texts.main.length > 0
        ? 'main'
        : 'all';
  const chosen = blocks.filter(
    (block) => scope === 'all' || (scope === 'article' ? block.inFirstArticle : block.inMain),
  );
  const containerText = texts[scope].join('');

  const sections: ParsedDocument['sections'] = [{ heading: '', paragraphs: [] }];
  for (const block of chosen) {
    if (block.heading) sections.push({ heading: block.text, paragraphs: [] });
    else sections.at(-1)!.paragraphs.push(block.text);
  }
  if (chosen.length === 0)
    sections[0]!.paragraphs.push(
      ...containerText
        .split(/\n\s*\n/)
        .map(clean)
        .filter(Boolean),
    );
  const firstHeading = chosen.find((block) => block.heading)?.text;
  return {
    source,
    title: clean(fromMeta(metaNames.title) ?? titleText) || clean(firstHeading ?? '') || titleFromSource(source),
    published: normaliseDate(fromMeta(metaNames.published) ?? time ?? ''),
    language: documentLanguage(language, source, containerText),
    kind: 'document',
    sections: sections.filter((section) => section.paragraphs.length > 0),
  };
}
