import { sectionsFromText } from '../../../src/core/knowledge/chunk.ts';
import type { DocumentReader, ParsedDocument, ReadOutcome } from '../../../src/core/knowledge/types.ts';
import type { Language } from '../../../src/core/language/index.ts';

export interface FakeFile {
  title: string;
  body: string;
  language: Language;
  published?: string;
}

/** A DocumentReader over a map of source → text, so core tests need no files. Unknown sources are skipped. */
export function createFakeReader(
  files: Record<string, FakeFile>,
): DocumentReader & { files: Record<string, FakeFile> } {
  return {
    files,
    async *read(sources: string[]): AsyncIterable<ReadOutcome> {
      for (const source of sources) {
        const file = files[source];
        if (!file) {
          yield { skipped: { source, reason: 'not found: check the path' } };
          continue;
        }
        const document: ParsedDocument = {
          source,
          title: file.title,
          language: file.language,
          published: file.published ?? null,
          kind: 'document',
          sections: sectionsFromText(file.body),
        };
        yield { document };
      }
    },
  };
}
