import { graphVariablePrefix } from '../../../config.ts';
import { councilIds, councilName, normaliseCouncil, type Council } from '../../../core/people/index.ts';
import { createDirectorySync, type CouncilSyncReport } from '../../../directory-sync/index.ts';
import { actorFor, mayManageCouncil } from '../../../core/councils/index.ts';
import type { Actor } from '../../../core/people/index.ts';
import { ConfigurationError, ForbiddenError, UpstreamError, ValidationError } from '../../../errors.ts';
import { createSyncProgressDisplay, type SyncProgress } from '../progress.ts';
import { createGraphDirectoryReader } from '../../../integrations/graph/index.ts';
import { createSyncStateStore } from '../../../store/directory-sync/index.ts';
import { parseOptions, print, type CliContext } from '../command.ts';

function credentialsHint(council: string): string {
  const prefix = graphVariablePrefix(council);
  return `${prefix}_TENANT_ID, ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET`;
}

function reportLine(report: CouncilSyncReport): string {
  const head = `${councilName(report.council as Council)}: ${report.added} added, ${report.updated} updated, ${report.removed} removed, ${report.unchanged} unchanged (${report.mode}, ${report.pages} page${report.pages === 1 ? '' : 's'}${report.skills ? '' : ', no profile skills'})`;
  const lines = [head];
  for (const conflict of report.conflicts)
    lines.push(
      `  ${conflict.email}: the HR export said otherwise about ${conflict.fields.join(', ')}; Entra ID's value was kept`,
    );
  if (report.skippedErased > 0)
    lines.push(`  ${report.skippedErased} erased profile(s) still in Entra ID were left out`);
  if (report.error) lines.push(`  stopped: ${report.error}; the next sync resumes from the last page read`);
  return lines.join('\n');
}

/** `pont people sync [--council C] [--full]`: the staff directory from each council's Microsoft Entra ID. */
export async function syncDirectory(args: string[], context: CliContext): Promise<void> {
  const { words, values, flags } = parseOptions(
    args,
    { values: ['--council', '--as'], flags: ['--full'] },
    'pont people sync',
  );
  if (words.length > 0)
    throw new ValidationError(
      `pont people sync takes no words ("${words[0]}"): pont people sync [--council C] [--full] [--as EMAIL]`,
    );
  // NOTE: opened first: the councils come from the settings.
  const pont = await context.pont();
  let wanted: Council[];
  const named = values.get('--council');
  if (named !== undefined) {
    const council = normaliseCouncil(named);
    if (!council) throw new ValidationError(`--council "${named}" is not a council: give ${councilIds().join(' or ')}`);
    wanted = [council];
  } else wanted = councilIds();

  // NOTE: with --as, the person's own rights: an admin of one council syncs that council's directory only.
  const as = values.get('--as');
  let actor: Actor | undefined;
  if (as !== undefined) {
    if (!as.includes('@')) throw new ValidationError(`--as needs an email, not "${as.slice(0, 60)}"`);
    actor = actorFor(as, 'cli');
    const allowed = wanted.filter((council) => mayManageCouncil(actor!, council));
    if (named !== undefined && allowed.length === 0)
      throw new ForbiddenError(
        `${as} is not an admin of ${councilName(wanted[0]!)}: only its admins can sync its directory`,
      );
    if (allowed.length === 0)
      throw new ForbiddenError(`${as} is not an admin of any council: only a council's admins can sync its directory`);
    wanted = allowed;
  }

  const { graph } = pont.config;
  const tenants = wanted.map((council) => ({
    council,
    tenant: graph.tenants.find((tenant) => tenant.council === council),
  }));
  if (named !== undefined && !tenants[0]!.tenant) {
    throw new ConfigurationError(
      `${named} has no Graph credentials: set ${credentialsHint(wanted[0]!)} (a council without Graph access keeps using pont people import)`,
    );
  }
  const configured = tenants.filter((entry) => entry.tenant !== undefined);
  if (configured.length === 0) {
    throw new ConfigurationError(
      `no council has Graph credentials: set ${wanted.map(credentialsHint).join(', or ')} (councils without Graph access keep using pont people import)`,
    );
  }

  const progress = context.json ? undefined : createSyncProgressDisplay(context.io, (council) => councilName(council));
  const sync = createDirectorySync({
    people: pont.people,
    store: createSyncStateStore(pont.db),
    logger: pont.logger,
    ...(actor ? { actor } : {}),
    ...(progress ? { onProgress: (step: SyncProgress) => progress.update(step) } : {}),
  });
  let result;
  try {
    result = await sync.sync(
      configured.map(({ council, tenant }) => ({
        council,
        reader: createGraphDirectoryReader({ graph, tenant: tenant! }),
      })),
      { full: flags.has('--full') },
    );
  } finally {
    progress?.done();
  }
  print(context, result, () => result.councils.map(reportLine).join('\n'));
  const failed = result.councils.filter((report) => report.errors > 0);
  if (failed.length > 0) {
    throw new UpstreamError(
      `the sync of ${failed.map((report) => report.council).join(', ')} stopped (${failed[0]!.error}); run pont people sync again to resume`,
    );
  }
}
