import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';

const staticDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'static');
const chartJsFile = path.join(path.dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

/** Static files: the page scripts and styles, and Chart.js from node_modules (no CDN). */
export function staticFileRoutes(router: express.Router): void {
  router.get('/static/vendor/chart.umd.min.js', (_request, response) => {
    response.sendFile(chartJsFile, { maxAge: '1d' });
  });
  router.use('/static', express.static(staticDirectory, { index: false, maxAge: '1h' }));
}
