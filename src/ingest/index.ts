/**
 * Reading documents: files, folders and URLs; Markdown, text, HTML, PDF and Word. `createDocumentReader`
 * gives the core's `DocumentReader`.
 */
export {
  createDocumentReader,
  fileSource,
  maximumBytes,
  readLimited,
  type DocumentReaderOptions,
} from './create-document-reader.ts';
export { documentLanguage, normaliseDate, titleFromSource } from './metadata.ts';
export { parseDocument, supportedExtensions, typeFromMediaType, type DocumentType } from './parse-document.ts';
export { parseDocx } from './parse-docx.ts';
export { parseHtml } from './parse-html.ts';
export { parseMarkdown } from './parse-markdown.ts';
export { parsePdf } from './parse-pdf.ts';
export { SkipSource } from './skip.ts';
export { indexStarterCorpus, starterCorpusDir } from './starter-corpus.ts';
export { loadSampleDirectory, sampleDirectoryFile } from './sample-directory.ts';
export {
  createAddressCheck,
  createPolicyFetch,
  fetchAllowSchema,
  RefusedUrl,
  type FetchPolicy,
  type PolicyFetchOptions,
} from './fetch-policy.ts';
export { htmlText, maxHtmlCharacters, walkHtml } from './html-walk.ts';
