export { detectLanguage, languageFromLocale, type Language } from './detect.ts';
export { radicalForms, radicalPhrases } from './welsh-mutations.ts';
