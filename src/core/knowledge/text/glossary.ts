import { allCouncils } from '../../councils/index.ts';
import type { Language } from '../../language/index.ts';
import type { Analyzer } from './analyzer.ts';

/** One concept and the names it goes by, in English and Welsh (acronyms count for both). */
export interface GlossaryEntry {
  en: string[];
  cy: string[];
  /** Acronyms and names written the same in both languages. */
  both?: string[];
}

/**
 * The configured councils' names, from the councils file: a query naming a council by its name (in either language)
 * or its English abbreviation also finds documents that use another of them ("TCBC" finds "Torfaen", "MCC" finds
 * "Sir Fynwy").
 */
export function councilGlossary(): GlossaryEntry[] {
  // NOTE: the long forms ("… County Borough Council") are left out on purpose: the short name already
  // matches inside them, and expanding to "county borough council" would only add noise to a query.
  return allCouncils().map((council) => ({
    en: [council.name.en],
    cy: council.name.cy === council.name.en ? [] : [council.name.cy],
    both: [council.abbreviation.en],
  }));
}

/**
 * Federation names and acronyms beside the councils' own. A query that uses one name also finds documents that use
 * another: "Prif Weithredwr" finds "Chief Executive", "CLlLC" finds "WLGA".
 */
export const federationGlossary: GlossaryEntry[] = [
  { en: ['Welsh Local Government Association'], cy: ['Cymdeithas Llywodraeth Leol Cymru'], both: ['WLGA', 'CLlLC'] },
  { en: ['Local Partnerships'], cy: ['Partneriaethau Lleol'] },
  { en: ['Local Government Association'], cy: ['Cymdeithas Llywodraeth Leol'], both: ['LGA'] },
  { en: ['Welsh Government'], cy: ['Llywodraeth Cymru'] },
  { en: ['Joint Chief Executive', 'shared Chief Executive'], cy: ['Cyd-Brif Weithredwr', 'Prif Weithredwr ar y Cyd'] },
  { en: ['Chief Executive'], cy: ['Prif Weithredwr'], both: ['CEO'] },
  {
    en: ['joint leadership team', 'joint senior management team'],
    cy: ['tîm arwain ar y cyd', 'uwch dîm rheoli ar y cyd'],
  },
  { en: ['federation', 'federate', 'federating'], cy: ['ffederasiwn', 'ffedereiddio'] },
  { en: ['merger', 'merge', 'merged'], cy: ['uno'] },
  { en: ['discovery phase'], cy: ['cam darganfod', 'cyfnod darganfod'] },
  { en: ['sovereignty'], cy: ['sofraniaeth'] },
  { en: ['trade unions', 'trade union'], cy: ['undebau llafur', 'undeb llafur'] },
  { en: ['councillors', 'councillor'], cy: ['cynghorwyr', 'cynghorydd'] },
  { en: ['council', 'councils'], cy: ['cyngor', 'cynghorau'] },
  { en: ['strategic outline case'], cy: ['achos amlinellol strategol'] },
  { en: ['budget', 'finances'], cy: ['cyllideb', 'cyllid'] },
  { en: ['staff', 'employees'], cy: ['staff', 'gweithwyr'] },
  { en: ['leader', 'leaders', 'lead', 'leads'], cy: ['arweinydd', 'arweinwyr', 'arwain'] },
  { en: ['review'], cy: ['adolygiad'] },
  {
    en: ['consulted', 'consult', 'consultation', 'engaged', 'engagement'],
    cy: ['ymgynghori', 'ymgynghoriad', 'ymgysylltu'],
  },
  { en: ['recommended', 'recommendation', 'recommendations'], cy: ['argymell', 'argymhellion', 'argymhelliad'] },
];

/** A query term and how much it counts: 1 for the user's own words, less for glossary expansions. */
export interface WeightedTerm {
  term: string;
  weight: number;
  /** True when the term came from the glossary, not from the question. */
  expanded: boolean;
  /** For an expansion: the question's terms it stands in for. */
  standsFor: string[];
}

/** A glossary match: question terms, and the other names (as term lists) that may stand in for all of them. */
export interface Alternative {
  standsFor: string[];
  variants: string[][];
}

export interface Expansion {
  terms: WeightedTerm[];
  alternatives: Alternative[];
  /** Words of the question with their translations into the other language (lexicon), when those were added. */
  translations?: Alternative[];
}

/** Expands analysed query terms with the glossary. */
export interface Glossary {
  expand(queryTerms: string[], language: Language): WeightedTerm[];
  /** The expansion with the matched alternatives, for judging whether a sentence answers the question. */
  expandWithAlternatives(queryTerms: string[], language: Language): Expansion;
}

interface Variant {
  /** The variant's terms in each language's analysis. */
  termsByLanguage: Record<Language, string[]>;
}

const expansionWeight = 0.5;

/**
 * A body named "… for Wales" or "… Cymru" is usually called without it ("the Social Partnership Council", "y Cyngor
 * Partneriaeth Gymdeithasol"): its name matches without that last word, when three or more words are left ("social
 * care" alone is not "Social Care Wales") and they are not another entry's whole name.
 */
const walesTerms = new Set(['wale', 'wales', 'cymru', 'gymru', 'nghymru']);

function containsSequence(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  outer: for (let start = 0; start + needle.length <= haystack.length; start += 1) {
    for (let offset = 0; offset < needle.length; offset += 1) {
      if (haystack[start + offset] !== needle[offset]) continue outer;
    }
    return true;
  }
  return false;
}

/**
 * Builds a glossary over an analyzer. When a query contains any name of an entry (as a run of terms), the
 * terms of all the entry's other names, analysed for both languages, are added at half weight. The councils'
 * names are those configured when it is built.
 */
export function createGlossary(
  analyzer: Analyzer,
  entries: GlossaryEntry[] = [...councilGlossary(), ...federationGlossary],
): Glossary {
  const analysed = entries.map((entry) => {
    const names = [...entry.en, ...entry.cy, ...(entry.both ?? [])];
    return names.map<Variant>((name) => ({
      termsByLanguage: { en: analyzer.terms(name, 'en'), cy: analyzer.terms(name, 'cy') },
    }));
  });
  // NOTE: a name without "for Wales" that is another entry's whole name ("Cymdeithas Llywodraeth Leol [Cymru]") is
  // that entry's, not this one's.
  const wholeNames = new Set(
    analysed.flatMap((variants) =>
      variants.flatMap((variant) => [variant.termsByLanguage.en.join(' '), variant.termsByLanguage.cy.join(' ')]),
    ),
  );

  function expandWithAlternatives(queryTerms: string[], language: Language): Expansion {
    const alternatives: Alternative[] = [];
    const weights = new Map<string, WeightedTerm>();
    for (const term of queryTerms) {
      const existing = weights.get(term);
      if (existing) existing.weight += 1;
      else weights.set(term, { term, weight: 1, expanded: false, standsFor: [] });
    }
    for (const variants of analysed) {
      const matched = variants
        .map((variant) => variant.termsByLanguage[language])
        .filter(
          (terms) =>
            containsSequence(queryTerms, terms) ||
            (terms.length >= 4 &&
              walesTerms.has(terms[terms.length - 1]!) &&
              !wholeNames.has(terms.slice(0, -1).join(' ')) &&
              containsSequence(queryTerms, terms.slice(0, -1))),
        );
      if (matched.length === 0) continue;
      const standsFor = [...new Set(matched.flat())];
      alternatives.push({
        standsFor,
        variants: variants
          .flatMap((variant) => [variant.termsByLanguage.en, variant.termsByLanguage.cy])
          .filter((terms) => terms.length > 0),
      });
      for (const variant of variants) {
        for (const term of [...variant.termsByLanguage.en, ...variant.termsByLanguage.cy]) {
          const existing = weights.get(term);
          if (!existing)
            weights.set(term, { term, weight: expansionWeight, expanded: true, standsFor: [...standsFor] });
          else if (existing.expanded) existing.standsFor = [...new Set([...existing.standsFor, ...standsFor])];
        }
      }
    }
    return { terms: [...weights.values()], alternatives };
  }

  return {
    expandWithAlternatives,
    expand: (queryTerms, language) => expandWithAlternatives(queryTerms, language).terms,
  };
}
