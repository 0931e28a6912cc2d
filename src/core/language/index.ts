/**
 * The Welsh-language toolkit: which language a message is in, undoing Welsh mutations, the stop-word lists, the one
 * normal form for matching text, the councils' names as names, and text in both languages.
 */
export { detectLanguage, languageFromLocale, type Language } from './detect.ts';
export { radicalForms, radicalPhrases, softMutation } from './welsh-mutations.ts';
export { englishStopWords, peopleSearchStopWords, welshStopWords } from './stop-words.ts';
export { normalise } from './normalise.ts';
export { bothLanguages, readerFirst, type BilingualText } from './both-languages.ts';
export {
  councilNameAlternatives,
  councilNamed,
  councilNameMentions,
  councilNamesPattern,
  mentionsMutatedCouncilName,
  withoutCouncilNames,
  type CouncilNameMention,
} from './council-names.ts';
export { placesNamed } from './principal-areas.ts';
