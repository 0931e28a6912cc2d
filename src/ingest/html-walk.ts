import { Tokenizer } from 'htmlparser2';

/** The most characters of HTML Pont reads; a longer page is skipped (ingest) or cut (a chat message). */
export const maxHtmlCharacters = 5_000_000;

/** What a walk over HTML reports, in document order. */
export interface HtmlVisitor {
  open(name: string, attributes: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
}

// Elements that never have content, so are never open.
const voidElements = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

// NOTE: an HTML tree builder looks through every open element for each tag, so a page of unclosed tags takes time
// that grows with the square of its length. This walk keeps at most `maxOpen` elements open and looks at most
// `closeReach` of them for an end tag, so every tag costs at most a fixed amount and a page is read in linear time.
const maxOpen = 256;
const closeReach = 64;

/**
 * Walks HTML with htmlparser2's tokenizer (entities decoded; script, style, title and textarea read as raw text)
 * and a bounded stack of open elements: an end tag closes the nearest open element of its name within reach, and
 * anything still open at the end is closed then. Time is linear in the length of `html`.
 */
export function walkHtml(html: string, visitor: HtmlVisitor): void {
  const stack: string[] = [];
  let tagName = '';
  let attributes: Record<string, string> = {};
  let attributeName = '';
  let attributeValue = '';
  let pendingText = '';

  const flushText = () => {
    if (pendingText) visitor.text(pendingText);
    pendingText = '';
  };
  const openTag = (selfClosing: boolean) => {
    flushText();
    visitor.open(tagName, attributes);
    if (voidElements.has(tagName) || selfClosing || stack.length >= maxOpen) visitor.close(tagName);
    else stack.push(tagName);
    attributes = {};
  };
  const closeTag = (name: string) => {
    flushText();
    const lowest = Math.max(0, stack.length - closeReach);
    for (let index = stack.length - 1; index >= lowest; index -= 1) {
      if (stack[index] !== name) continue;
      while (stack.length > index) visitor.close(stack.pop()!);
      return;
    }
  };

  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: true },
    {
      onattribdata(start, end) {
        attributeValue += html.slice(start, end);
      },
      onattribentity(codepoint) {
        attributeValue += String.fromCodePoint(codepoint);
      },
      onattribend() {
        if (!(attributeName in attributes)) attributes[attributeName] = attributeValue;
        attributeName = '';
        attributeValue = '';
      },
      onattribname(start, end) {
        attributeName = html.slice(start, end).toLowerCase();
        attributeValue = '';
      },
      oncdata() {},
      onclosetag(start, end) {
        closeTag(html.slice(start, end).toLowerCase());
      },
      oncomment() {},
      ondeclaration() {},
      onend() {
        flushText();
        while (stack.length > 0) visitor.close(stack.pop()!);
      },
      onopentagend() {
        openTag(false);
      },
      onopentagname(start, end) {
        flushText();
        tagName = html.slice(start, end).toLowerCase();
        attributes = {};
      },
      onprocessinginstruction() {},
      onselfclosingtag() {
        openTag(true);
      },
      ontext(start, end) {
        pendingText += html.slice(start, end);
      },
      ontextentity(codepoint) {
        pendingText += String.fromCodePoint(codepoint);
      },
    },
  );
  tokenizer.write(html);
  tokenizer.end();
}

/** The text of an HTML fragment (a chat message), without tags; at most `maxHtmlCharacters` of it are read. */
export function htmlText(html: string): string {
  const parts: string[] = [];
  let skipped = 0;
  walkHtml(html.length > maxHtmlCharacters ? html.slice(0, maxHtmlCharacters) : html, {
    open(name) {
      if (name === 'script' || name === 'style') skipped += 1;
    },
    close(name) {
      if (name === 'script' || name === 'style') skipped -= 1;
    },
    text(text) {
      if (skipped === 0) parts.push(text);
    },
  });
  return parts.join('');
}
