/** The plain forms a skill phrase may have had before a Welsh mutation of its first word: the one table in core/language. */
export { radicalPhrases as radicalForms } from '../language/index.ts';
