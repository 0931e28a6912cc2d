import type { Language } from '../language/index.ts';
import type { Analyzer } from './text/index.ts';

/**
 * Everyday words staff use for what council documents say more formally ("boss" for "chief executive",
 * "short of money" for "financial pressure", "trial" for "pilot"). Used only to judge whether a sentence
 * answers a question, never to find passages, and a related word counts for less than the question's own.
 */
const groups: string[][] = [
  ['boss', 'bosses', 'head', 'chief', 'executive', 'leader', 'manager', 'director', 'pennaeth', 'prif', 'weithredwr', 'arweinydd', 'rheolwr'],
  ['run', 'runs', 'running', 'ran', 'charge', 'manage', 'manages', 'managed', 'head', 'heads', 'chief', 'executive', 'rhedeg', 'rheoli'],
  ['short', 'shortfall', 'gap', 'deficit', 'pressure', 'pressures', 'overspend', 'diffyg', 'bwlch', 'pwysau', 'prinder'],
  ['money', 'financial', 'finance', 'finances', 'funding', 'budget', 'cash', 'cost', 'costs', 'arian', 'ariannol', 'cyllid', 'cyllideb'],
  ['trial', 'trialled', 'pilot', 'piloted', 'test', 'tested', 'testing', 'experiment', 'discovery', 'phase', 'treial', 'peilot', 'profi', 'darganfod'],
  ['share', 'sharing', 'shared', 'joint', 'common', 'together', 'rhannu', 'cyd', 'cyffredin'],
  ['review', 'reviewed', 'evaluate', 'evaluated', 'evaluation', 'assess', 'assessed', 'assessment', 'examined', 'adolygu', 'adolygiad', 'gwerthuso', 'asesu'],
  ['start', 'started', 'begin', 'began', 'launch', 'launched', 'set', 'established', 'created', 'formed', 'dechrau', 'sefydlu', 'lansio'],
  ['end', 'ended', 'finish', 'stop', 'stopped', 'retire', 'retired', 'left', 'leave', 'gorffen', 'ymddeol', 'gadael'],
  ['appoint', 'appointed', 'appointment', 'hired', 'chosen', 'named', 'approved', 'penodi', 'penodiad', 'cymeradwyo'],
  ['agree', 'agreed', 'approve', 'approved', 'decided', 'decision', 'backed', 'endorsed', 'cytuno', 'cymeradwyo', 'penderfynu', 'penderfyniad'],
  ['staff', 'employees', 'workers', 'workforce', 'officers', 'people', 'staff', 'gweithwyr', 'gweithlu', 'swyddogion'],
  ['pay', 'salary', 'salaries', 'wage', 'wages', 'remuneration', 'cyflog', 'cyflogau', 'tâl'],
  ['save', 'savings', 'efficiencies', 'efficiency', 'cut', 'cuts', 'arbed', 'arbedion', 'effeithlonrwydd'],
  ['law', 'act', 'legislation', 'statute', 'duty', 'deddf', 'deddfwriaeth', 'dyletswydd'],
  ['unions', 'union', 'undeb', 'undebau'],
  ['minister', 'secretary', 'government', 'gweinidog', 'ysgrifennydd', 'llywodraeth'],
  ['benefit', 'benefits', 'gain', 'gains', 'advantage', 'advantages', 'improve', 'improvement', 'better', 'budd', 'buddion', 'manteision', 'gwella'],
  ['plan', 'plans', 'next', 'future', 'strategy', 'strategic', 'cynllun', 'cynlluniau', 'strategaeth', 'nesaf'],
  ['meet', 'meets', 'meeting', 'meetings', 'committee', 'cyfarfod', 'cyfarfodydd', 'pwyllgor'],
  ['both', 'two', 'each', 'ddau', 'dwy', 'pob'],
  ['merge', 'merger', 'merging', 'amalgamate', 'amalgamation', 'uno'],
  ['rule', 'rules', 'regulation', 'regulations', 'standard', 'standards', 'rheol', 'rheolau', 'rheoliadau', 'safon', 'safonau'],
  ['welsh', 'language', 'cymraeg', 'iaith'],
];

/** Which stemmed terms are related to which, built once per analyzer. */
export interface RelatedWords {
  related(term: string): ReadonlySet<string> | undefined;
}

export function createRelatedWords(analyzer: Analyzer): RelatedWords {
  const map = new Map<string, Set<string>>();
  for (const group of groups) {
    const terms = new Set<string>();
    for (const word of group) {
      for (const language of ['en', 'cy'] as Language[]) {
        const term = analyzer.term(word, language);
        if (term) terms.add(term);
      }
    }
    for (const term of terms) {
      const existing = map.get(term) ?? new Set<string>();
      for (const other of terms) if (other !== term) existing.add(other);
      map.set(term, existing);
    }
  }
  return { related: (term) => map.get(term) };
}
