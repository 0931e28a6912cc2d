/**
 * `npm run bench:sources` — keeping Pont up to date from a council's sources, measured through the CLI as IT runs
 * it (`node bin/pont.js sources sync ID`, a new process on an embedded database folder):
 *
 * 1. a local website of PONT_BENCH_PAGES pages (default 5,000; 10% of them PDFs linked from pages), read through a
 *    sitemap index with each page's lastmod: the first sync's pages a second and the sync process's peak memory;
 *    then a re-sync with 1% of the items changed, which should cost what changed (pages with an unchanged lastmod
 *    are not requested, PDFs are asked conditionally), not the site;
 * 2. a local ModernGov service with two years of meetings of twelve committees (GetMeeting per meeting, two PDFs
 *    each): the first sync and a re-sync with one new meeting.
 *
 * The sites run in this process on 127.0.0.1; the sync runs in its own process, whose peak resident memory is read
 * from /proc (VmHWM). Prints a markdown table and the machine's load average.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { makePdf } from '../test/ingest/make-fixtures.ts';
import { councilPage, startFakeWebsite } from '../test/support/fake-website.ts';
import { startFakeModernGov } from '../test/support/fake-moderngov.ts';
import { createRandom } from './random.ts';

const pageCount = Number(process.env.PONT_BENCH_PAGES ?? 5000);
const pdfShare = 0.1;
const changedShare = 0.01;
const random = createRandom(17);
const words =
  'council residents waste recycling collection planning housing school transport library leisure grant budget service repair road street parking licence tax benefit care children adult community park cemetery flood energy climate consultation report policy procedure'.split(
    ' ',
  );
const sentence = () => Array.from({ length: 14 }, () => random.pick(words)).join(' ') + '.';

interface SyncRun {
  seconds: number;
  peakMb: number;
  report: { added: number; updated: number; removed: number; unchanged: number; failed: unknown[]; error?: string };
}

/** Runs `pont …` as a new process and reads its peak memory while it runs. */
function pont(dataDir: string, args: string[]): Promise<SyncRun & { stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['bin/pont.js', ...args, '--data-dir', dataDir, '--json'], {
      env: {
        ...process.env,
        LOG_LEVEL: 'silent',
        PONT_FETCH_ALLOW: '127.0.0.1',
        DATABASE_URL: '',
        OPENAI_API_KEY: '',
        AZURE_OPENAI_API_KEY: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    const sample = () => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      } catch {
        // NOTE: the process has just ended; the last sample stands.
      }
    };
    const sampler = setInterval(sample, 100);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`pont ${args.join(' ')} exited ${code}: ${stderr}`));
      const parsed = JSON.parse(stdout) as { sources?: SyncRun['report'][] };
      resolve({
        seconds,
        peakMb: peakKb / 1024,
        report: parsed.sources?.[0] ?? { added: 0, updated: 0, removed: 0, unchanged: 0, failed: [] },
        stdout,
      });
    });
  });
}

const rows: string[] = [];
function row(label: string, run: SyncRun, items: number, extra: string): void {
  for (const failure of run.report.failed.slice(0, 5)) console.error(`  failed: ${JSON.stringify(failure)}`);
  rows.push(
    `| ${label} | ${run.seconds.toFixed(1)} | ${(items / run.seconds).toFixed(1)} | ${run.peakMb.toFixed(0)} | ${run.report.added} / ${run.report.updated} / ${run.report.removed} / ${run.report.unchanged} / ${run.report.failed.length} | ${extra} |`,
  );
  console.error(`${label}: ${run.seconds.toFixed(1)} s, peak ${run.peakMb.toFixed(0)} MB`);
}

async function websiteBench(): Promise<void> {
  const site = await startFakeWebsite();
  const pdfs = Math.round(pageCount * pdfShare);
  const htmlPages = pageCount - pdfs;
  const pagePath = (index: number) => `/en/services/page-${index}`;
  const pdfPath = (index: number) => `/documents/report-${index}.pdf`;
  const page = (index: number, edition = 1) =>
    councilPage({
      title: `Service ${index} (${random.pick(words)})`,
      language: 'en',
      body: [`Edition ${edition}.`, sentence(), sentence(), sentence()],
      links: index < pdfs ? [pdfPath(index)] : [],
    });
  site.set('/robots.txt', { type: 'text/plain', body: 'User-agent: *\nAllow: /\n' });
  const perSitemap = 1000;
  const sitemaps = Math.ceil(htmlPages / perSitemap);
  site.set('/sitemap.xml', {
    type: 'application/xml',
    body: `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${Array.from({ length: sitemaps }, (_, index) => `<sitemap><loc>${site.url}/sitemap-${index}.xml</loc></sitemap>`).join('')}</sitemapindex>`,
  });
  // NOTE: sitemaps give each page's lastmod, as content management systems write them; a changed page gets a new one.
  const changedOn = new Map<number, string>();
  const writeSitemaps = () => {
    for (let index = 0; index < sitemaps; index += 1) {
      const urls = Array.from({ length: Math.min(perSitemap, htmlPages - index * perSitemap) }, (_, offset) => {
        const number = index * perSitemap + offset;
        return `<url><loc>${site.url}${pagePath(number)}</loc><lastmod>${changedOn.get(number) ?? '2025-01-15'}</lastmod></url>`;
      });
      site.set(`/sitemap-${index}.xml`, {
        type: 'application/xml',
        body: `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.join('')}</urlset>`,
      });
    }
  };
  writeSitemaps();
  for (let index = 0; index < htmlPages; index += 1)
    site.set(pagePath(index), { type: 'text/html; charset=utf-8', body: page(index) });
  for (let index = 0; index < pdfs; index += 1)
    site.set(pdfPath(index), { type: 'application/pdf', body: makePdf([`Report ${index}`, sentence(), sentence()]) });

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-bench-sources-'));
  try {
    const added = await pont(dataDir, [
      'sources',
      'add',
      'website',
      `${site.url}/sitemap.xml`,
      '--council',
      'torfaen',
      '--rate',
      '5000',
      '--max-pages',
      String(pageCount * 2),
    ]);
    const id = (JSON.parse(added.stdout) as { source: { id: string } }).source.id;
    const first = await pont(dataDir, ['sources', 'sync', id]);
    row(
      `website, first sync (${pageCount.toLocaleString('en-GB')} pages, ${pdfs} PDFs)`,
      first,
      pageCount,
      `${site.requests.length.toLocaleString('en-GB')} requests`,
    );

    const changed = Math.round(pageCount * changedShare);
    // NOTE: spread over the site, each a different item: one in ten of them a PDF, the rest pages.
    const changedPdfs = Math.round(changed / 10);
    for (let index = 0; index < changedPdfs; index += 1) {
      const target = Math.floor((index * pdfs) / changedPdfs);
      site.set(pdfPath(target), {
        type: 'application/pdf',
        body: makePdf([`Report ${target}, revised`, sentence(), sentence()]),
      });
    }
    for (let index = 0; index < changed - changedPdfs; index += 1) {
      const target = Math.floor((index * htmlPages) / (changed - changedPdfs));
      site.set(pagePath(target), { type: 'text/html; charset=utf-8', body: page(target, 2) });
      changedOn.set(target, '2025-03-01');
    }
    writeSitemaps();
    const before = site.requests.length;
    const resync = await pont(dataDir, ['sources', 'sync', id]);
    const requests = site.requests.slice(before);
    const full = requests.filter((request) => request.status === 200).length;
    const notModified = requests.filter((request) => request.status === 304).length;
    row(
      `website, re-sync with ${changed} pages changed (1%)`,
      resync,
      pageCount,
      `${full} full responses, ${notModified.toLocaleString('en-GB')} × 304`,
    );
  } finally {
    await site.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function moderngovBench(): Promise<void> {
  const service = await startFakeModernGov();
  const committees = 12;
  let meetingId = 1;
  let attachment = 1;
  for (let committee = 1; committee <= committees; committee += 1)
    service.committees.push({ id: committee, title: `Committee ${committee} ${random.pick(words)}` });
  const now = Date.now();
  for (let month = 0; month < 24; month += 1) {
    for (let committee = 1; committee <= committees; committee += 1) {
      const date = new Date(now - (month * 30 + committee) * 86_400_000).toISOString().slice(0, 10);
      const id = meetingId++;
      service.meetings.push({
        id,
        committeeId: committee,
        date,
        documents: [
          {
            attachmentId: attachment++,
            title: `Printed minutes ${id}`,
            body: makePdf([`Minutes of meeting ${id}`, sentence(), sentence()]),
          },
        ],
        items: Array.from({ length: 4 }, (_, item) => ({
          id: id * 10 + item,
          number: String(item + 1),
          title: `Item ${item + 1}: ${random.pick(words)}`,
          html: `<p>${sentence()} ${sentence()}</p>`,
          ...(item === 2
            ? {
                documents: [
                  {
                    attachmentId: attachment++,
                    title: `Report ${id}-${item}`,
                    body: makePdf([`Report for item ${item + 1}`, sentence(), sentence()]),
                  },
                ],
              }
            : {}),
        })),
      });
    }
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-bench-mg-'));
  try {
    const added = await pont(dataDir, [
      'sources',
      'add',
      'moderngov',
      `${service.url}/`,
      '--council',
      'torfaen',
      '--rate',
      '5000',
      '--days-back',
      '740',
    ]);
    const id = (JSON.parse(added.stdout) as { source: { id: string } }).source.id;
    const meetings = service.meetings.length;
    const first = await pont(dataDir, ['sources', 'sync', id]);
    row(
      `ModernGov, first sync (${meetings} meetings of ${committees} committees over 2 years, ${attachment - 1} PDFs)`,
      first,
      meetings,
      `${service.requests.length.toLocaleString('en-GB')} requests`,
    );
    service.meetings.push({
      id: meetingId,
      committeeId: 1,
      date: new Date(now).toISOString().slice(0, 10),
      items: [{ id: meetingId * 10, number: '1', title: 'New business', html: `<p>${sentence()}</p>` }],
    });
    const before = service.requests.length;
    const resync = await pont(dataDir, ['sources', 'sync', id]);
    const downloads = service.requests.slice(before).filter((request) => request.startsWith('/documents/')).length;
    const meetingReads = service.requests
      .slice(before)
      .filter((request) => request.startsWith('/mgWebService.asmx/GetMeeting?')).length;
    row(
      'ModernGov, re-sync with one new meeting',
      resync,
      meetings + 1,
      `${service.requests.length - before} requests (${meetingReads} GetMeeting), ${downloads} PDF downloads`,
    );
  } finally {
    await service.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await websiteBench();
await moderngovBench();
console.log(
  `Source syncs through \`pont sources sync\` (a new process, embedded PGlite), sites on 127.0.0.1 in the benchmark's process; Node ${process.version}, ${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')} at the end.\n`,
);
console.log('| run | seconds | items/s | peak MB | added / updated / removed / unchanged / failed | requests |');
console.log('| --- | ---: | ---: | ---: | --- | --- |');
for (const line of rows) console.log(line);
