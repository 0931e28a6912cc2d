import type { QuestionFigures } from '../../core/assistant/index.ts';
import { messagesFor } from '../../core/assistant/index.ts';
import type { Language } from '../../core/language/index.ts';
import { councilDirections, councilIds } from '../../core/councils/index.ts';
import type { LastDirectorySync } from '../../store/directory-sync/index.ts';
import type { Council } from '../../core/people/index.ts';
import type { SharingFigures } from '../../core/sharing/index.ts';
import { pageStrings, type StringKey } from './strings.ts';

/** The figures the dashboard is drawn from, as the core gives them. */
export interface DashboardFigures {
  questions: QuestionFigures;
  sharing: SharingFigures;
  /** Each council's last directory sync from Entra ID (absent: not shown). */
  directorySync?: LastDirectorySync[];
  /** The sources the viewer may see (those of the councils they administer), in id order. */
  sources?: SourceState[];
}

/** One source's state as the dashboard shows it (also `/dashboard/sources.json`). */
export interface SourceState {
  id: string;
  kind: 'website' | 'moderngov' | 'sharepoint' | 'feed';
  url: string;
  council: string;
  documents: number;
  /** When the last sync ended (ISO), null if never. */
  lastSync: string | null;
  /** When the next scheduled sync is due (ISO), null when the source is synced only on demand. */
  nextSync: string | null;
  lastError: string | null;
  lastResult: { added: number; updated: number; removed: number; unchanged: number; failed: number } | null;
}

/** Names for the ids the figures use; services are canonical ids such as `waste`. */
export interface DashboardLabels {
  serviceName(id: string, language: Language): string;
}

export const plainLabels: DashboardLabels = { serviceName: (id) => id };

export type ChartName = 'questions' | 'gaps' | 'services' | 'directions' | 'response-times' | 'connections';

type Cell = string | number | null;

/** One chart: its title, how it is drawn, and its table (which is also its CSV). */
export interface ChartDefinition {
  name: ChartName;
  title: StringKey;
  /** How the browser draws it. */
  type: 'line' | 'bar' | 'horizontal-bar';
  /** Leading columns that together label a row (e.g. from and to); the rest are the series. */
  labelColumns: number;
  columns: StringKey[];
  rows(figures: DashboardFigures, language: Language, labels: DashboardLabels): Cell[][];
}

const direction = (figures: SharingFigures, from: Council, to: Council): number =>
  figures.byDirection.filter((row) => row.from === from && row.to === to).reduce((sum, row) => sum + row.count, 0);

const roundHours = (hours: number | null): number | null => (hours === null ? null : Math.round(hours * 10) / 10);

/** Every chart on the dashboard, in page order. */
export const dashboardCharts: ChartDefinition[] = [
  {
    name: 'questions',
    title: 'chartQuestions',
    type: 'line',
    labelColumns: 1,
    columns: ['columnDay', 'columnAsked', 'columnAnswered', 'columnUnanswered'],
    rows: ({ questions }) => questions.perDay.map((day) => [day.day, day.asked, day.answered, day.unanswered]),
  },
  {
    name: 'gaps',
    title: 'chartGaps',
    type: 'horizontal-bar',
    labelColumns: 1,
    columns: ['columnQuestion', 'columnTimesAsked'],
    rows: ({ questions }) => questions.topUnanswered.map((gap) => [gap.question, gap.count]),
  },
  {
    name: 'services',
    title: 'chartServices',
    type: 'horizontal-bar',
    labelColumns: 1,
    columns: ['columnService', 'columnRequests'],
    rows: ({ sharing }, language, labels) =>
      sharing.byService.map((service) => [labels.serviceName(service.service, language), service.count]),
  },
  {
    name: 'directions',
    title: 'chartDirections',
    type: 'bar',
    labelColumns: 2,
    columns: ['columnFrom', 'columnTo', 'columnRequests'],
    rows: ({ sharing }, language) => {
      const name = messagesFor(language).councilName;
      // NOTE: every pair of councils, both directions, always shown, so a direction nobody has used yet reads as 0, not
      // as missing.
      return councilDirections().map(({ from, to }) => [name(from), name(to), direction(sharing, from, to)]);
    },
  },
  {
    name: 'response-times',
    title: 'chartResponseTimes',
    type: 'bar',
    labelColumns: 1,
    columns: ['columnMeasure', 'columnHours'],
    rows: ({ sharing }, language) => [
      [pageStrings[language].measureFirstClaim, roundHours(sharing.medianHoursToFirstClaim)],
      [pageStrings[language].measureAnswer, roundHours(sharing.medianHoursToAnswer)],
    ],
  },
  {
    name: 'connections',
    title: 'chartConnections',
    type: 'line',
    labelColumns: 1,
    columns: ['columnWeek', 'columnOpened', 'columnAnswered', 'columnConnections'],
    rows: ({ sharing }) => sharing.overTime.map((week) => [week.week, week.opened, week.answered, week.connections]),
  },
];

/** A chart's table in one language: column names and rows. */
export interface ChartTable {
  name: ChartName;
  title: string;
  type: ChartDefinition['type'];
  labelColumns: number;
  columns: string[];
  rows: Cell[][];
}

/** What the dashboard page fetches: the headline figures, every chart's table, and the last directory sync per council. */
export interface DashboardData {
  summary: { key: StringKey; value: number | null }[];
  charts: ChartTable[];
  directorySync: { title: string; columns: string[]; rows: Cell[][] };
  /**
   * One row per source: id, kind, address, council, documents, last sync (ISO or a word), last result, problem,
   * next sync (ISO or a word). The page links the address and shows times in the reader's format.
   */
  sources: { title: string; columns: string[]; rows: Cell[][] };
}

const kindKeys = {
  website: 'sourceKindWebsite',
  moderngov: 'sourceKindModernGov',
  sharepoint: 'sourceKindSharePoint',
  feed: 'sourceKindFeed',
} as const satisfies Record<SourceState['kind'], StringKey>;

function sourcesTable(sources: SourceState[], language: Language): DashboardData['sources'] {
  const strings = pageStrings[language];
  const name = messagesFor(language).councilName;
  const result = (counts: NonNullable<SourceState['lastResult']>) =>
    strings.sourceResult.replace(/\{(added|updated|removed|unchanged|failed)\}/g, (_match, key: keyof typeof counts) =>
      new Intl.NumberFormat(language === 'cy' ? 'cy-GB' : 'en-GB').format(counts[key]),
    );
  return {
    title: strings.sourcesHeading,
    columns: [
      strings.columnSourceId,
      strings.columnKind,
      strings.columnAddress,
      strings.columnCouncil,
      strings.columnDocuments,
      strings.columnLastSync,
      strings.columnLastResult,
      strings.columnProblem,
      strings.columnNextSync,
    ],
    rows: sources.map((source) => [
      source.id,
      strings[kindKeys[source.kind]] ?? source.kind,
      source.url,
      name(source.council),
      source.documents,
      source.lastSync ?? strings.directorySyncNever,
      source.lastResult ? result(source.lastResult) : '',
      source.lastError ?? '',
      source.nextSync ?? strings.sourceOnDemand,
    ]),
  };
}

/**
 * One row per configured council: when its directory was last synced from Entra ID (ISO time, null if never), what
 * that sync changed, and the problem that stopped the latest attempt, if any.
 */
function directorySyncTable(syncs: LastDirectorySync[], language: Language): DashboardData['directorySync'] {
  const strings = pageStrings[language];
  const name = messagesFor(language).councilName;
  return {
    title: strings.directorySyncHeading,
    columns: [
      strings.columnCouncil,
      strings.columnLastSync,
      strings.columnAdded,
      strings.columnUpdated,
      strings.columnRemoved,
      strings.columnProblem,
    ],
    rows: councilIds().map((council) => {
      const sync = syncs.find((entry) => entry.council === council);
      return [
        name(council),
        sync?.finishedAt ? sync.finishedAt.toISOString() : strings.directorySyncNever,
        sync?.counts?.added ?? null,
        sync?.counts?.updated ?? null,
        sync?.counts?.removed ?? null,
        sync?.lastError ?? '',
      ];
    }),
  };
}

export function chartTable(
  chart: ChartDefinition,
  figures: DashboardFigures,
  language: Language,
  labels: DashboardLabels = plainLabels,
): ChartTable {
  const strings = pageStrings[language];
  return {
    name: chart.name,
    title: strings[chart.title],
    type: chart.type,
    labelColumns: chart.labelColumns,
    columns: chart.columns.map((column) => strings[column]),
    rows: chart.rows(figures, language, labels),
  };
}

/** Builds the dashboard's data from the core's figures. */
export function dashboardData(
  figures: DashboardFigures,
  language: Language,
  labels: DashboardLabels = plainLabels,
): DashboardData {
  const { questions, sharing } = figures;
  return {
    summary: [
      { key: 'summaryQuestions', value: questions.total.asked },
      { key: 'summaryAnsweredShare', value: questions.total.answered },
      { key: 'summaryRequests', value: sharing.total },
      { key: 'summaryConnections', value: sharing.crossCouncilConnections },
      { key: 'summaryClaimHours', value: roundHours(sharing.medianHoursToFirstClaim) },
      { key: 'summaryAnswerHours', value: roundHours(sharing.medianHoursToAnswer) },
    ],
    charts: dashboardCharts.map((chart) => chartTable(chart, figures, language, labels)),
    directorySync: directorySyncTable(figures.directorySync ?? [], language),
    sources: sourcesTable(figures.sources ?? [], language),
  };
}
