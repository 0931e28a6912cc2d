export { detectLanguage, languageFromLocale, type Language } from './detect.ts';
