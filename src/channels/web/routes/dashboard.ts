import type express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { messagesFor } from '../../../core/assistant/index.ts';
import { createScheduleStore } from '../../../store/directory-sync/index.ts';
import { visitorOf, type Visitor } from '../access.ts';
import { actorOf, apiRoute, type WebContext } from '../context.ts';
import { pageLanguage, rememberLanguage, secureCookies } from '../cookies.ts';
import { toCsv } from '../csv.ts';
import {
  chartTable,
  dashboardCharts,
  dashboardData,
  plainLabels,
  type DashboardFigures,
  type SourceState,
} from '../dashboard-data.ts';
import { renderDashboardPage, renderRefusalPage } from '../pages.ts';

/** The dashboard at `/dashboard`: its page, its figures as JSON, each chart as CSV, and the sources' state. */
export function dashboardRoutes(router: express.Router, context: WebContext): void {
  const { dependencies, guard } = context;
  const { config, logger, assistant, sharing } = dependencies;
  const labels = dependencies.labels ?? plainLabels;
  const syncSchedule = createScheduleStore(dependencies.db);

  /**
   * The sources a dashboard viewer sees: every source for the admin token, an admin of every council, or the person
   * trying Pont on this computer before any admin is configured; else those of the councils the viewer administers.
   */
  async function sourcesFor(visitor: Visitor): Promise<SourceState[]> {
    if (!dependencies.sourcesState) return [];
    const everyCouncil =
      visitor.signedIn ||
      !visitor.isAdmin ||
      (visitor.email !== null && config.admins.includes(visitor.email.toLowerCase()));
    return dependencies.sourcesState(everyCouncil ? null : (actorOf(visitor).adminOf ?? []));
  }

  async function figures(visitor?: Visitor): Promise<DashboardFigures> {
    const [questions, sharingFigures, directorySync, sources] = await Promise.all([
      assistant.questionFigures({ limit: 10 }),
      sharing.figures(),
      syncSchedule.lastDirectorySyncs(),
      visitor ? sourcesFor(visitor) : [],
    ]);
    return { questions, sharing: sharingFigures, directorySync, sources };
  }

  function dashboardAllowed(request: Request, response: Response, next: NextFunction): void {
    const visitor = visitorOf(response);
    if (visitor.canSeeDashboard) {
      next();
      return;
    }
    const language = pageLanguage(request);
    if (request.path === '/dashboard') {
      response
        .status(403)
        .type('html')
        .send(renderRefusalPage(language, visitor, 'dashboard'));
    } else {
      response.status(403).json({ error: messagesFor(language).errorNotAllowed });
    }
  }

  router.get('/dashboard', guard, dashboardAllowed, (request, response) => {
    const language = pageLanguage(request);
    if (typeof request.query.lang === 'string')
      rememberLanguage(response, language, secureCookies(request, config.publicUrl));
    response
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(renderDashboardPage(language, visitorOf(response)));
  });

  router.get(
    '/dashboard/data.json',
    guard,
    dashboardAllowed,
    apiRoute(logger, async (_request, _response, visitor, language) =>
      dashboardData(await figures(visitor), language, labels),
    ),
  );

  router.get(
    '/dashboard/sources.json',
    guard,
    dashboardAllowed,
    apiRoute(logger, async (_request, _response, visitor) => ({ sources: await sourcesFor(visitor) })),
  );

  router.get('/dashboard/:chart.csv', guard, dashboardAllowed, async (request, response, next) => {
    const chart = dashboardCharts.find((candidate) => candidate.name === request.params.chart);
    if (!chart) {
      next();
      return;
    }
    try {
      const table = chartTable(chart, await figures(), pageLanguage(request), labels);
      response
        .set('Cache-Control', 'no-store')
        .type('text/csv; charset=utf-8')
        .attachment(`pont-${chart.name}.csv`)
        .send(toCsv(table.columns, table.rows));
    } catch (error) {
      logger.error({ err: error, chart: chart.name }, 'dashboard CSV failed');
      response
        .status(500)
        .type('text/plain')
        .send(messagesFor(pageLanguage(request)).errorGeneric);
    }
  });
}
