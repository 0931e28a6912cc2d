import { parse as parseYaml } from 'yaml';
import { sectionsFromText } from '../core/knowledge/index.ts';
import type { ParsedDocument } from '../core/knowledge/index.ts';
import { documentLanguage, normaliseDate, titleFromSource } from './metadata.ts';

/** Markdown inline syntax to plain text: links keep their text, images and HTML tags go, emphasis marks go. */
function plainInline(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_](\S[^*_]*?)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1');
}

/** Longest first line taken as a title. */
const maximumTitleLine = 300;

/**
 * A plain first line that reads as a title: a paragraph of one line, at most 300 characters, one sentence at
 * most, with more text after it. Returns the line and where the text after it starts.
 */
function titleLine(body: string): { text: string; end: number } | undefined {
  const match = /^\s*([^\n]+)\n[ \t]*\n(?=[\s\S]*\S)/.exec(body);
  if (!match) return undefined;
  const line = match[1]!.trim();
  if (line.length > maximumTitleLine) return undefined;
  // A heading, list item, quote, table row or date line is not a plain title line.
  if (/^(?:#|\||[-*+>]\s|\d+[.)]\s)/.test(line) || /^(?:published|cyhoeddwyd)\s*:/i.test(line)) return undefined;
  // NOTE: two sentences ("Minutes. The meeting opened at 10am.") are a paragraph; a title ends with at most one stop.
  if (/[.!?]\s+\p{Lu}/u.test(line)) return undefined;
  return { text: line, end: match[0].length };
}

/**
 * Reads Markdown or plain text. YAML front matter may give `title`, `published` (or `date`) and `language`;
 * otherwise the first `#` heading is the title, else a short first line on its own (`titleLine`), else the
 * first heading of any level, else the file name. A "Published:" / "Cyhoeddwyd:" line gives the date.
 */
export function parseMarkdown(text: string, source: string): ParsedDocument {
  let body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let frontMatter: Record<string, unknown> = {};
  const front = /^---\n([\s\S]*?)\n---\n?/.exec(body);
  if (front) {
    try {
      const parsed: unknown = parseYaml(front[1]!);
      if (parsed && typeof parsed === 'object') frontMatter = parsed as Record<string, unknown>;
      body = body.slice(front[0].length);
    } catch {
      // NOTE: not YAML after all (a horizontal rule at the top): keep it as text.
      frontMatter = {};
    }
  }
  const published =
    normaliseDate(frontMatter.published ?? frontMatter.date) ??
    normaliseDate(/^\s*(?:\*\*)?(?:published|cyhoeddwyd)(?:\*\*)?\s*:?\s*(?:\*\*)?\s*(.+)$/im.exec(body)?.[1] ?? '');
  const topHeading = /^\s{0,3}#\s+(.+?)\s*#*\s*$/m.exec(body)?.[1];
  const firstLine = topHeading === undefined ? titleLine(body) : undefined;
  const firstHeading = topHeading ?? (firstLine ? undefined : /^\s{0,3}#{2,6}\s+(.+?)\s*#*\s*$/m.exec(body)?.[1]);
  // NOTE: a title line becomes the heading of the text under it, as a `#` heading would, so its words count
  // as the title's and are not repeated in the first passage.
  if (firstLine) body = body.slice(firstLine.end);
  const inferred = firstHeading ?? firstLine?.text;
  const title = String(frontMatter.title ?? (inferred ? plainInline(inferred) : titleFromSource(source))).trim();
  const sections = sectionsFromText(plainInline(body), firstLine ? plainInline(firstLine.text) : '').map((section) => ({
    heading: section.heading,
    paragraphs: section.paragraphs.filter((paragraph) => !/^(?:published|cyhoeddwyd)\s*:/i.test(paragraph)),
  }));
  return {
    source,
    title,
    published,
    language: documentLanguage(frontMatter.language ?? frontMatter.lang, source, body),
    kind: 'document',
    sections: sections.filter((section) => section.paragraphs.length > 0),
    metadata: Object.keys(frontMatter).length > 0 ? { frontMatter } : {},
  };
}
