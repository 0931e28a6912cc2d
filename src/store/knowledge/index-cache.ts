import { createHash } from 'node:crypto';
import type { AnalysedLexicon, IndexCache, IndexSnapshot, LexiconCache } from '../../core/knowledge/index.ts';
import { codeFingerprint, type DataCache } from '../data-cache.ts';

/**
 * The analysed search index and the analysed Welsh–English word pairs, kept in the data folder (see `DataCache`) so
 * that a command or a restarted server uses them instead of reading and analysing every passage and word pair again.
 *
 * A file is used only under the key it was written with:
 * - the index: the store's version (the generation and a random stamp that every document write replaces, so an index
 *   is never used after any process, on this machine or another replica, has changed the documents);
 * - the word pairs: a hash of the pairs' text;
 * - both: a hash of the code that analyses and indexes text (the knowledge and language modules and the stemmer), so a
 *   new version of Pont never reads what an older one wrote.
 */
export interface KnowledgeCaches {
  index: IndexCache;
  lexicon: LexiconCache;
}

const fingerprint = () => codeFingerprint(['core/knowledge', 'core/language'], ['stemmer']);

/** The knowledge caches kept in `files`. */
export function createKnowledgeCaches(files: DataCache): KnowledgeCaches {
  const lexiconKey = (text: string) => `${fingerprint()}:${createHash('sha256').update(text).digest('hex')}`;
  return {
    index: {
      async load(version) {
        return files.read<IndexSnapshot>('knowledge-index.v8', `${fingerprint()}:${version}`);
      },
      save(version, snapshot) {
        files.write('knowledge-index.v8', `${fingerprint()}:${version}`, snapshot);
      },
    },
    lexicon: {
      load(text) {
        return files.read<AnalysedLexicon>('lexicon.v8', lexiconKey(text));
      },
      save(text, lexicon) {
        files.write('lexicon.v8', lexiconKey(text), lexicon);
      },
    },
  };
}
