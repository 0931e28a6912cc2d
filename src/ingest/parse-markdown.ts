import { parse as parseYaml } from 'yaml';
import { sectionsFromText } from '../core/knowledge/chunk.ts';
import type { ParsedDocument } from '../core/knowledge/types.ts';
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

/**
 * Reads Markdown or plain text. YAML front matter may give `title`, `published` (or `date`) and `language`;
 * otherwise the first `#` heading is the title and a "Published:" / "Cyhoeddwyd:" line gives the date.
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
  const firstHeading = /^\s{0,3}#\s+(.+?)\s*#*\s*$/m.exec(body)?.[1];
  const title = String(frontMatter.title ?? (firstHeading ? plainInline(firstHeading) : titleFromSource(source))).trim();
  const sections = sectionsFromText(plainInline(body)).map((section) => ({
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
