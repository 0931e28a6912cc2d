/** Text analysis for retrieval: words, stop words, stemming, Welsh mutation folding, the federation glossary, the Welsh–English lexicon. */
export { createAnalyzer, words, type Analyzer } from './analyzer.ts';
export {
  councilGlossary,
  createGlossary,
  federationGlossary,
  type Glossary,
  type GlossaryEntry,
  type WeightedTerm,
  type Alternative,
  type Expansion,
} from './glossary.ts';
export { abbreviationEntries, abbreviationsIn, type DefinedAbbreviation } from './abbreviations.ts';
export { englishStopWords, welshStopWords } from '../../language/index.ts';
export { foldMutation } from './welsh-mutations.ts';
export {
  createLexicon,
  sameNameInBothLanguages,
  sameWordWeight,
  translationWeight,
  type AnalysedLexicon,
  type Lexicon,
  type LexiconCache,
} from './lexicon.ts';
export { correctSpelling, createWordList, type Vocabulary, type WordList } from './spelling.ts';
