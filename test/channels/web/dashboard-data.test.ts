import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/channels/web/csv.ts';
import { dashboardData, type DashboardFigures } from '../../../src/channels/web/dashboard-data.ts';

const figures: DashboardFigures = {
  questions: {
    total: { asked: 7, answered: 4, unanswered: 3, helpful: 1, notHelpful: 0 },
    perDay: [{ day: '2026-11-20', asked: 7, answered: 4, unanswered: 3 }],
    byIntent: [],
    byLanguage: [],
    topUnanswered: [{ question: '=HYPERLINK("http://evil.example")', count: 2, lastAsked: '2026-11-20T10:00:00Z' }],
  },
  sharing: {
    total: 3,
    byStatus: { routed: 2, answered: 1 },
    byService: [{ service: 'waste', count: 2 }],
    byDirection: [{ from: 'torfaen', to: 'blaenau-gwent', count: 2 }],
    medianHoursToFirstClaim: 5.25,
    medianHoursToAnswer: null,
    shareAnswered: 0.33,
    crossCouncilConnections: 2,
    overTime: [{ week: '2026-11-16', opened: 3, answered: 1, connections: 2 }],
  },
};

describe('dashboard figures', () => {
  it('shows both directions between the councils, a direction nobody used as zero', () => {
    const directions = dashboardData(figures, 'en').charts.find((chart) => chart.name === 'directions')!;
    expect(directions.rows).toEqual([
      ['Torfaen', 'Blaenau Gwent', 2],
      ['Blaenau Gwent', 'Torfaen', 0],
    ]);
  });

  it('names services and columns in the page language', () => {
    const labels = {
      serviceName: (id: string, language: 'en' | 'cy') => (language === 'cy' ? `Gwasanaeth ${id}` : id),
    };
    const services = dashboardData(figures, 'cy', labels).charts.find((chart) => chart.name === 'services')!;
    expect(services.columns).toEqual(['Gwasanaeth', 'Ceisiadau']);
    expect(services.rows).toEqual([['Gwasanaeth waste', 2]]);
  });

  it('keeps an unknown median as unknown rather than zero', () => {
    const data = dashboardData(figures, 'en');
    expect(data.summary.find((item) => item.key === 'summaryAnswerHours')!.value).toBeNull();
    expect(data.charts.find((chart) => chart.name === 'response-times')!.rows).toEqual([
      ['Time to first claim', 5.3],
      ['Time to answer', null],
    ]);
  });
});

describe('CSV downloads', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(
      toCsv(
        ['Question', 'Times asked'],
        [
          ['Who, what?', 2],
          ['He said "yes"\nthen', null],
        ],
      ),
    ).toBe('Question,Times asked\r\n"Who, what?",2\r\n"He said ""yes""\nthen",\r\n');
  });

  it('stops a typed question from running as a spreadsheet formula', () => {
    const gaps = dashboardData(figures, 'en').charts.find((chart) => chart.name === 'gaps')!;
    expect(toCsv(gaps.columns, gaps.rows).split('\r\n')[1]).toBe(`"'=HYPERLINK(""http://evil.example"")",2`);
  });
});
