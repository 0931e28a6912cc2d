/**
 * The web channel: a local chat page (`GET /`) and the collaboration dashboard (`GET /dashboard`), with the
 * JSON API the page uses. Open on this computer; from elsewhere only with the admin token.
 */
export { createWebChannel, type WebChannelDependencies } from './web-channel.ts';
export { mountWeb, type WebPont } from './mount.ts';
export { decideAccess, isLoopbackAddress, isLoopbackHost, createAccessGuard, type Visitor } from './access.ts';
export { createWebSessions, type WebSessions, type WebSession } from './sessions.ts';
export { dashboardData, dashboardCharts, type DashboardFigures } from './dashboard-data.ts';
export { toCsv } from './csv.ts';
