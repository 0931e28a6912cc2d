import type { Language } from '../language/index.ts';

/** Every fixed sentence the knowledge capability shows a person, in English and Welsh. */
export const knowledgeMessages = {
  answerIntro: {
    en: 'Here is what the documents say:',
    cy: 'Dyma beth mae’r dogfennau’n ei ddweud:',
  },
  closestIntro: {
    en: 'The documents don’t answer that directly. The closest they come is:',
    cy: 'Dydy’r dogfennau ddim yn ateb hynny’n uniongyrchol. Yr agosaf maen nhw’n dod yw:',
  },
  /** A question of several parts, only some of which the documents answer: a line per part follows. */
  partlyIntro: {
    en: 'The documents answer only part of that:',
    cy: 'Dim ond rhan o hynny mae’r dogfennau’n ei ateb:',
  },
  /** After a part of the question no quote answers with confidence (the documents may be silent, or only unclear). */
  partNotSaid: {
    en: 'I found no clear answer to this in the documents.',
    cy: 'Ches i ddim ateb clir i hyn yn y dogfennau.',
  },
  sourceLanguage: {
    en: { en: 'The source is in English.', cy: 'The source is in Welsh.' },
    cy: { en: 'Mae’r ffynhonnell yn Saesneg.', cy: 'Mae’r ffynhonnell yn Gymraeg.' },
  },
  notAnswered: {
    en: 'The documents I have don’t answer that, so I won’t guess. Please ask a person, such as your manager or the federation team.',
    cy: 'Dydy’r dogfennau sydd gen i ddim yn ateb hynny, felly wna i ddim dyfalu. Gofynnwch i berson, fel eich rheolwr neu dîm y ffederasiwn.',
  },
  nothingIndexed: {
    en: 'No documents are indexed yet, so there is nothing to answer from. Whoever runs Pont adds them with `pont ingest data/` (files, folders or web addresses); ask again once they have.',
    cy: 'Does dim dogfennau wedi’u mynegeio eto, felly does dim byd i ateb ohono. Mae pwy bynnag sy’n rhedeg Pont yn eu hychwanegu gyda `pont ingest data/` (ffeiliau, ffolderi neu gyfeiriadau gwe); gofynnwch eto wedi iddyn nhw wneud hynny.',
  },
  published: { en: 'published', cy: 'cyhoeddwyd' },
  /** Names the other-language twin of a cited page: "in Welsh: URL". */
  twin: { en: { en: 'in English', cy: 'in Welsh' }, cy: { en: 'yn Saesneg', cy: 'yn Gymraeg' } },
  emptyQuestion: {
    en: 'The question is empty: type a question, e.g. "Is the federation a merger?"',
    cy: 'Mae’r cwestiwn yn wag: teipiwch gwestiwn, e.e. "Ai uno yw’r ffederasiwn?"',
  },
  longQuestion: {
    en: 'The question is longer than 2,000 characters: shorten it and ask again.',
    cy: 'Mae’r cwestiwn yn hirach na 2,000 nod: byrhewch ef a gofynnwch eto.',
  },
  emptyQuery: {
    en: 'The search is empty: type some words to search for.',
    cy: 'Mae’r chwiliad yn wag: teipiwch eiriau i chwilio amdanynt.',
  },
  skipped: { en: 'Skipped:', cy: 'Wedi’u hepgor:' },
  noPassages: { en: 'No passages match.', cy: 'Does dim darnau’n cyfateb.' },
} satisfies Record<string, Record<Language, string | Record<Language, string>>>;

/** "Indexed N documents (M passages)." in both languages, for `pont ingest`. */
export function ingestSummary(documents: number, chunks: number): Record<Language, string> {
  return {
    en: `Indexed ${documents} document${documents === 1 ? '' : 's'} (${chunks} passage${chunks === 1 ? '' : 's'}).`,
    cy: `Dogfennau wedi’u mynegeio: ${documents} (darnau: ${chunks}).`,
  };
}
