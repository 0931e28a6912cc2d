import { UpstreamError, ValidationError } from '../../../errors.ts';
import type { SourceActor, SourceRecord, SourceSettings, SyncProgress, SyncReport } from '../../../sources/index.ts';
import { optionsOf, parseOptions, print, type CliContext, type Command } from '../command.ts';

const actions = 'add, list, show, sync or remove';

async function actorOf(email: string | undefined): Promise<SourceActor> {
  const normalised = email?.trim().toLowerCase() || null;
  if (normalised === null) return { email: null, isAdminOf: () => true };
  // NOTE: an admin of a council (its admins in the councils file, or PONT_ADMINS for every council) manages its sources.
  const { actorFor, isCouncil, mayManageCouncil } = await import('../../../core/councils/index.ts');
  const actor = actorFor(normalised, 'cli');
  return { email: normalised, isAdminOf: (council) => isCouncil(council) && mayManageCouncil(actor, council) };
}

function every(seconds: number | null): string {
  if (seconds === null) return 'on demand';
  for (const [unit, size] of [
    ['w', 604_800],
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
  ] as const)
    if (seconds % size === 0) return `every ${seconds / size}${unit}`;
  return `every ${seconds}s`;
}

function summary(source: SourceRecord) {
  return {
    id: source.id,
    kind: source.kind,
    url: source.url,
    council: source.council,
    every: source.everySeconds,
    documents: source.documents,
    lastSync: source.lastFinishedAt,
    nextSync: source.nextSyncAt,
    lastError: source.lastError,
    lastResult: source.lastResult,
  };
}

function sourceLine(source: SourceRecord): string {
  const last = source.lastFinishedAt
    ? `last synced ${source.lastFinishedAt.slice(0, 16).replace('T', ' ')}`
    : 'never synced';
  return `${source.id}  ${source.kind.padEnd(10)} ${source.council.padEnd(13)} ${source.url}\n    ${source.documents} document(s), ${last}, ${every(source.everySeconds)}${source.lastError ? `\n    error: ${source.lastError}` : ''}`;
}

function reportLine(report: SyncReport): string {
  const lines = [
    `source ${report.id}: ${report.added} added, ${report.updated} updated, ${report.removed} removed, ${report.unchanged} unchanged, ${report.failed.length} failed`,
  ];
  for (const failure of report.failed.slice(0, 10)) lines.push(`  ${failure.url}: ${failure.reason}`);
  if (report.failed.length > 10) lines.push(`  …and ${report.failed.length - 10} more`);
  if (report.error) lines.push(`  stopped: ${report.error}; what was indexed is kept`);
  return lines.join('\n');
}

/** `--prefix` may be given more than once; parseOptions keeps one value, so they are gathered first. */
function takeRepeated(args: string[], name: string): { rest: string[]; values: string[] } {
  const rest: string[] = [];
  const values: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === name && index + 1 < args.length && !args[index + 1]!.startsWith('--')) values.push(args[++index]!);
    else if (arg.startsWith(`${name}=`)) values.push(arg.slice(name.length + 1));
    else rest.push(arg);
  }
  return {
    rest,
    values: values
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter(Boolean),
  };
}

function positiveNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new ValidationError(`${name} "${text}" is not a positive number`);
  return value;
}

/** A progress bar on stderr while a sync runs: counts, and items a second. */
async function progressDisplay(context: CliContext): Promise<{ update(progress: SyncProgress): void; stop(): void }> {
  if (context.json) return { update() {}, stop() {} };
  const { SingleBar } = await import('cli-progress');
  const tty = context.io.stderrIsTTY === true;
  const stream = tty
    ? process.stderr
    : ({ write: (text: string) => context.io.stderr(text), isTTY: false } as unknown as NodeJS.WriteStream);
  const bar = new SingleBar({
    stream,
    noTTYOutput: !tty,
    notTTYSchedule: 5_000,
    format:
      'source {source} [{bar}] {value}/{total} | {added} added, {updated} updated, {removed} removed, {unchanged} unchanged, {failed} failed | {rate}/s',
    hideCursor: tty,
  });
  let started: { source: string; at: number } | undefined;
  return {
    update(progress) {
      const payload = {
        source: progress.sourceId,
        added: progress.counts.added,
        updated: progress.counts.updated,
        removed: progress.counts.removed,
        unchanged: progress.counts.unchanged,
        failed: progress.counts.failed.length,
        rate: '0.0',
      };
      if (started?.source !== progress.sourceId) {
        if (started) bar.stop();
        started = { source: progress.sourceId, at: Date.now() };
        bar.start(progress.total ?? progress.done, progress.done, payload);
      }
      payload.rate = (progress.done / Math.max(0.001, (Date.now() - started.at) / 1000)).toFixed(1);
      bar.setTotal(Math.max(progress.total ?? 0, progress.done));
      bar.update(progress.done, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export const sourcesCommand: Command = {
  name: 'sources',
  usage:
    'sources add website|moderngov|sharepoint|feed URL [--council C] [--prefix PATH…] [--every 1d] | sources list | sources show|remove ID | sources sync [ID…]',
  summary:
    'the places Pont keeps itself up to date from: council websites, ModernGov papers, SharePoint libraries, news feeds',
  options: {
    '--council': {
      type: 'string',
      value: 'C',
      description:
        'the council the source belongs to (blaenau-gwent or torfaen); guessed from the address when it names one',
    },
    '--prefix': {
      type: 'string',
      value: 'PATH',
      description: 'website: read only pages whose path starts with PATH (may be given more than once)',
    },
    '--every': {
      type: 'string',
      value: 'PERIOD',
      description: 'how often the server syncs it: 30m, 6h, 1d (default), 1w, or off',
    },
    '--as': {
      type: 'string',
      value: 'EMAIL',
      description: "who is acting: an admin of the source's council (PONT_ADMINS); the console operator otherwise",
    },
    '--library': {
      type: 'string',
      value: 'NAME',
      description: 'sharepoint: read only this document library (comma-separated for several)',
    },
    '--committee': {
      type: 'string',
      value: 'NAME',
      description: 'moderngov: read only committees whose title contains NAME (comma-separated for several)',
    },
    '--days-back': { type: 'string', value: 'N', description: 'moderngov: meetings from N days back (default 730)' },
    '--rate': { type: 'string', value: 'N', description: 'requests a second to the source at most (default 4)' },
    '--max-pages': { type: 'string', value: 'N', description: 'website: most pages read in one sync (default 10000)' },
    '--timeout': {
      type: 'string',
      value: 'SECONDS',
      description:
        'longest wait for one response from the source, body included (default PONT_SOURCES_TIMEOUT_SECONDS, 30)',
    },
  },
  details: [
    'Actions:',
    '  pont sources add website https://www.torfaen.gov.uk/sitemap.xml --council torfaen',
    '  pont sources add website https://www.blaenau-gwent.gov.uk/en/council/ --prefix /en/council/ --prefix /cy/cyngor/',
    '  pont sources add moderngov https://democracy.torfaen.gov.uk --committee Cabinet',
    '  pont sources add sharepoint https://torfaen.sharepoint.com/sites/Federation --library Documents',
    '  pont sources add feed https://www.gov.wales/newsroom/feed --council torfaen --every 6h',
    '  pont sources list | pont sources show ID | pont sources sync [ID…] | pont sources remove ID',
  ],
  async run(args, context) {
    const [action, ...rest] = args;
    if (!action) throw new ValidationError(`say what to do with sources: ${actions}; see "pont help sources"`);
    const { sourcesOf, parseEvery } = await import('../../../sources/index.ts');

    if (action === 'add') {
      const gathered = takeRepeated(rest, '--prefix');
      const { words, values } = parseOptions(
        gathered.rest,
        optionsOf(this, [
          '--council',
          '--every',
          '--as',
          '--library',
          '--committee',
          '--days-back',
          '--rate',
          '--max-pages',
          '--timeout',
        ]),
        'pont sources add',
      );
      const [kind, url, ...extra] = words;
      if (!kind || !url)
        throw new ValidationError(
          'give the kind and the address: pont sources add website|moderngov|sharepoint|feed URL [--council C]',
        );
      if (extra.length > 0)
        throw new ValidationError(`pont sources add takes one address ("${extra[0]}" is one too many)`);
      const list = (name: string) =>
        values
          .get(name)
          ?.split(',')
          .map((value) => value.trim())
          .filter(Boolean);
      const settings: SourceSettings = {};
      if (gathered.values.length > 0)
        settings.prefixes = gathered.values.map((prefix) => (prefix.startsWith('/') ? prefix : `/${prefix}`));
      if (list('--library')) settings.libraries = list('--library');
      if (list('--committee')) settings.committees = list('--committee');
      const daysBack = positiveNumber('--days-back', values.get('--days-back'));
      if (daysBack !== undefined) settings.daysBack = daysBack;
      const rate = positiveNumber('--rate', values.get('--rate'));
      if (rate !== undefined) settings.rate = rate;
      const maxPages = positiveNumber('--max-pages', values.get('--max-pages'));
      if (maxPages !== undefined) settings.maxPages = Math.floor(maxPages);
      const timeout = positiveNumber('--timeout', values.get('--timeout'));
      if (timeout !== undefined) {
        if (timeout > 600)
          throw new ValidationError(`--timeout ${values.get('--timeout')} is too long: give 1-600 seconds`);
        settings.timeoutMs = Math.round(timeout * 1000);
      }
      let council = values.get('--council');
      if (council === undefined) {
        let host = '';
        try {
          host = new URL(url).hostname.replaceAll(/[.-]/g, ' ');
        } catch {
          // NOTE: a bad address gets its own error from add below.
        }
        const { councilMentioned } = await import('../../../core/people/index.ts');
        council = councilMentioned(host) ?? undefined;
      }
      const everySeconds = values.has('--every') ? parseEvery(values.get('--every')!) : undefined;
      const pont = await context.pont();
      const source = await sourcesOf(pont).add(await actorOf(values.get('--as')), {
        kind,
        url,
        ...(council !== undefined ? { council } : {}),
        settings,
        ...(everySeconds !== undefined ? { everySeconds } : {}),
      });
      print(
        context,
        { source: { id: source.id, kind: source.kind, url: source.url, council: source.council } },
        () =>
          `Added source ${source.id}: ${source.kind} ${source.url} (${source.council}, ${every(source.everySeconds)}). Run "pont sources sync ${source.id}" to read it now.`,
      );
      return;
    }

    if (action === 'list') {
      const { words } = parseOptions(rest, { values: [], flags: [] }, 'pont sources list');
      if (words.length > 0) throw new ValidationError('pont sources list takes no words');
      const pont = await context.pont();
      const sources = await sourcesOf(pont).list();
      print(context, { sources: sources.map(summary) }, () =>
        sources.length === 0
          ? 'No sources yet: add one with "pont sources add website URL --council C".'
          : sources.map(sourceLine).join('\n'),
      );
      return;
    }

    if (action === 'show') {
      const { words } = parseOptions(rest, { values: [], flags: [] }, 'pont sources show');
      if (words.length !== 1) throw new ValidationError('say which source: pont sources show ID');
      const pont = await context.pont();
      const source = await sourcesOf(pont).get(words[0]!);
      print(context, { source: { ...summary(source), settings: source.settings } }, () =>
        [sourceLine(source), ...(source.lastResult ? [reportLine(source.lastResult)] : [])].join('\n'),
      );
      return;
    }

    if (action === 'remove') {
      const { words, values } = parseOptions(rest, { values: ['--as'], flags: [] }, 'pont sources remove');
      if (words.length !== 1) throw new ValidationError('say which source: pont sources remove ID');
      const pont = await context.pont();
      const { source, documents } = await sourcesOf(pont).remove(await actorOf(values.get('--as')), words[0]!);
      print(
        context,
        { removed: { id: source.id, documents } },
        () => `Removed source ${source.id} (${source.url}) and ${documents} document(s) it held.`,
      );
      return;
    }

    if (action === 'sync') {
      const { words, values } = parseOptions(rest, { values: ['--as'], flags: [] }, 'pont sources sync');
      const pont = await context.pont();
      const display = await progressDisplay(context);
      let reports: SyncReport[];
      try {
        reports = await sourcesOf(pont).sync(await actorOf(values.get('--as')), words, (progress) =>
          display.update(progress),
        );
      } finally {
        display.stop();
      }
      print(context, { sources: reports }, () =>
        reports.length === 0
          ? 'No sources to sync: add one with "pont sources add".'
          : reports.map(reportLine).join('\n'),
      );
      const stopped = reports.filter((report) => report.error);
      if (stopped.length > 0)
        throw new UpstreamError(
          `the sync of source ${stopped.map((report) => report.id).join(', ')} stopped (${stopped[0]!.error}); what was indexed is kept`,
        );
      return;
    }

    throw new ValidationError(`unknown action "${action}": pont sources takes ${actions}`);
  },
};
