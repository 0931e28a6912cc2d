import type { Language } from '../language/index.ts';
import type { Citation } from './types.ts';

/** One language version of a cited document: its language, the language's own name, and its address. */
export interface CitationVersion {
  language: Language;
  /** The language's name in that language ("English", "Cymraeg"), as bilingual sites label their switch. */
  label: string;
  url: string;
}

const ownNames: Record<Language, string> = { en: 'English', cy: 'Cymraeg' };

/**
 * Both language versions of a cited page whose source pairs it with a twin, English first, for a citation list to
 * show as "English · Cymraeg". Empty when the citation has no twin (or its language is unknown).
 */
export function citationVersions(citation: Pick<Citation, 'source' | 'language' | 'twin'>): CitationVersion[] {
  if (!citation.twin || !citation.language) return [];
  const other: Language = citation.language === 'en' ? 'cy' : 'en';
  const versions: CitationVersion[] = [
    { language: citation.language, label: ownNames[citation.language], url: citation.source },
    { language: other, label: ownNames[other], url: citation.twin },
  ];
  return versions.sort((a, b) => (a.language === 'en' ? -1 : b.language === 'en' ? 1 : 0));
}
