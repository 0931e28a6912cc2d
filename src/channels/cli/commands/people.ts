import fs from 'node:fs/promises';
import type { Actor } from '../../../core/people/index.ts';
import { NotFoundError, ValidationError } from '../../../errors.ts';
import { optionsOf, parseOptions, print, type CliContext, type Command } from '../command.ts';

// NOTE: the core is loaded when an action runs, so `pont help` stays quick.
const peopleCore = () => import('../../../core/people/index.ts');
const formats = () => import('./people-format.ts');

// NOTE: whoever runs the CLI on the server is trusted like an administrator of every council, unless they say who
// they are with --as EMAIL: then they act with that person's rights (an admin of the councils the councils file
// gives them, or only themselves).
const cliActor: Actor = { email: null, isAdmin: true, via: 'cli' };

async function actorOf(email: string | undefined): Promise<Actor> {
  if (email === undefined) return cliActor;
  if (!email.includes('@')) throw new ValidationError(`--as needs an email, not "${email.slice(0, 60)}"`);
  const { actorFor } = await import('../../../core/councils/index.ts');
  return actorFor(email, 'cli');
}

/** The email and --as of `pont people ACTION EMAIL [--as EMAIL]`. */
function emailAndActor(args: string[], usage: string, action: string): { email: string; as: string | undefined } {
  const { words, values } = parseOptions(args, optionsOf(peopleCommand, ['--as']), `pont people ${action}`);
  const email = oneEmail(words, usage);
  if (words.length > 1) throw new ValidationError(`pont people ${action} takes one email; "${words[1]}" is extra`);
  return { email, as: values.get('--as') };
}

const welshLevelNames = ['none', 'entry', 'foundation', 'intermediate', 'advanced', 'proficient'];

/** Reads an HR export as bytes and decodes it: UTF-8, UTF-16 with a byte-order mark, or Windows-1252. */
async function readCsv(file: string) {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ValidationError(`cannot read ${file} (${reason}): give the path of a CSV staff directory`, {
      cause: error,
    });
  }
  const { decodeCsv } = await peopleCore();
  return decodeCsv(bytes);
}

function oneEmail(args: string[], usage: string): string {
  const email = args[0];
  if (!email || !email.includes('@')) throw new ValidationError(`give an email: pont people ${usage}`);
  return email;
}

async function importDirectory(args: string[], context: CliContext): Promise<void> {
  const {
    words: files,
    flags,
    values,
  } = parseOptions(args, optionsOf(peopleCommand, ['--readmit-erased', '--as']), 'pont people import');
  const readmitErased = flags.has('--readmit-erased');
  const file = files[0];
  if (!file) throw new ValidationError('give a file: pont people import FILE.csv [--readmit-erased]');
  if (files.length > 1) throw new ValidationError(`pont people import takes one file; got ${files.length}`);
  const { text: csv, encoding } = await readCsv(file);
  const { csvEncodingNames } = await peopleCore();
  const pont = await context.pont();
  const actor = await actorOf(values.get('--as'));
  let report;
  try {
    report = await pont.people.importCsv(csv, actor, { readmitErased });
  } catch (error) {
    if (error instanceof ValidationError)
      throw new ValidationError(error.message.replace(/^the file\b/, file), { cause: error });
    throw error;
  }
  for (const warning of report.warnings) context.io.stderr(`pont people import: warning: ${warning}\n`);
  print(context, { ...report, encoding }, () =>
    [
      `Read ${file} as ${csvEncodingNames[encoding]}.`,
      `Imported ${report.imported} new, updated ${report.updated}, ${report.unchanged} unchanged, rejected ${report.rejected.length}.`,
      ...report.rejected.map((rejection) => `  line ${rejection.line}: ${rejection.reason}`),
    ].join('\n'),
  );
}

async function showProfile(args: string[], context: CliContext): Promise<void> {
  const email = oneEmail(args, 'show EMAIL');
  const pont = await context.pont();
  const record = await pont.people.getOwnProfile(email);
  if (!record) throw new NotFoundError(`there is no profile for ${email}`);
  const [{ councilName }, { profileJson }] = await Promise.all([peopleCore(), formats()]);
  print(context, { person: profileJson(record) }, () =>
    [
      `${record.name} <${record.email}>${record.visible ? '' : '  (hidden: only they see this profile)'}`,
      `  ${record.jobTitle}, ${record.serviceArea} (${councilName(record.council)})`,
      `  skills: ${record.skills.join('; ') || '(none)'}`,
      `  Welsh: ${record.welshLevel} (${welshLevelNames[record.welshLevel]})`,
      `  services: ${record.services.join(', ') || '(none recognised)'}; level: ${record.level}`,
    ].join('\n'),
  );
}

async function editProfile(args: string[], context: CliContext): Promise<void> {
  const email = oneEmail(args, 'edit EMAIL [--skills "A; B"] [--welsh-level 0-5]');
  const { words, values } = parseOptions(
    args.slice(1),
    optionsOf(peopleCommand, ['--skills', '--welsh-level']),
    'pont people edit',
  );
  if (words.length > 0)
    throw new ValidationError(
      `pont people edit takes one email, then --skills and --welsh-level; "${words[0]}" is extra`,
    );
  const changes: { skills?: string[]; welshLevel?: number } = {};
  const skills = values.get('--skills');
  if (skills !== undefined)
    changes.skills = skills
      .split(';')
      .map((skill) => skill.trim())
      .filter(Boolean);
  const welshLevel = values.get('--welsh-level');
  if (welshLevel !== undefined) {
    const level = /^[0-5]$/.test(welshLevel) ? Number(welshLevel) : welshLevelNames.indexOf(welshLevel.toLowerCase());
    if (level < 0)
      throw new ValidationError(
        '--welsh-level takes 0-5 or none, entry, foundation, intermediate, advanced, proficient',
      );
    changes.welshLevel = level;
  }
  if (Object.keys(changes).length === 0)
    throw new ValidationError('say what to change: --skills "A; B" or --welsh-level 0-5');
  const pont = await context.pont();
  const record = await pont.people.updateProfile(email, changes, cliActor);
  const { profileJson } = await formats();
  print(context, { person: profileJson(record) }, () => `Updated ${record.email}.`);
}

async function setVisibility(args: string[], context: CliContext, visible: boolean): Promise<void> {
  const { email, as } = emailAndActor(
    args,
    `${visible ? 'unhide' : 'hide'} EMAIL [--as EMAIL]`,
    visible ? 'unhide' : 'hide',
  );
  const pont = await context.pont();
  const record = await pont.people.updateProfile(email, { visible }, await actorOf(as));
  const { profileJson } = await formats();
  print(context, { person: profileJson(record) }, () =>
    record.visible
      ? `${record.email} is visible again.`
      : `${record.email} is hidden: it no longer appears in any search.`,
  );
}

async function eraseProfile(args: string[], context: CliContext): Promise<void> {
  const { email, as } = emailAndActor(args, 'erase EMAIL [--as EMAIL]', 'erase');
  const pont = await context.pont();
  await pont.people.eraseProfile(email, await actorOf(as));
  print(
    context,
    { erased: email.toLowerCase() },
    () => `Erased ${email.toLowerCase()}: the profile is deleted; the audit trail keeps only that it happened.`,
  );
}

async function showAudit(args: string[], context: CliContext): Promise<void> {
  const pont = await context.pont();
  const entries = await pont.people.auditTrail(cliActor, { subject: args[0], limit: 200 });
  print(
    context,
    {
      audit: entries.map((entry) => ({
        at: entry.at.toISOString(),
        actorEmail: entry.actorEmail,
        via: entry.via,
        action: entry.action,
        subject: entry.subject,
        detail: entry.detail,
      })),
    },
    () =>
      entries.length === 0
        ? 'No audit entries.'
        : entries
            .map(
              (entry) =>
                `${entry.at.toISOString()}  ${entry.via}${entry.actorEmail ? ` ${entry.actorEmail}` : ''}  ${entry.action}  ${entry.subject ?? ''} ${JSON.stringify(entry.detail)}`,
            )
            .join('\n'),
  );
}

async function checkTaxonomy(args: string[], context: CliContext): Promise<void> {
  const { loadTaxonomy } = await import('../../../store/people/index.ts');
  const taxonomy = args[0] ? loadTaxonomy(args[0]) : loadTaxonomy();
  print(
    context,
    { services: taxonomy.services.length, skills: taxonomy.skills.length },
    () => `The taxonomy is valid: ${taxonomy.services.length} services, ${taxonomy.skills.length} skill groups.`,
  );
}

/** `pont people import|show|edit|hide|unhide|erase|audit|check-taxonomy`: the staff directory. */
export const peopleCommand: Command = {
  name: 'people',
  usage: 'people import FILE.csv | sync [--council C] [--full] | show|edit|hide|erase EMAIL',
  summary:
    'import the staff directory (HR CSV) or sync it from Microsoft Entra ID; profiles; also unhide, audit, check-taxonomy',
  options: {
    '--readmit-erased': {
      type: 'boolean',
      description: 'import: bring back people whose profiles were erased (they are skipped otherwise)',
    },
    '--council': {
      type: 'string',
      value: 'C',
      description: 'sync: only this council (its id in the councils file, e.g. torfaen)',
    },
    '--as': {
      type: 'string',
      value: 'EMAIL',
      description: 'import, sync, hide, unhide, erase: act as this person (an admin manages only their own councils)',
      missing: '--as needs an email, e.g. --as it.admin@torfaen.gov.uk',
    },
    '--full': {
      type: 'boolean',
      description: 'sync: read the whole directory again instead of the changes since the last sync',
    },
    '--skills': {
      type: 'string',
      value: '"A; B"',
      description: 'edit: the skills, separated by ;',
      missing: '--skills needs a list such as "GIS; flood risk"',
    },
    '--welsh-level': {
      type: 'string',
      value: 'LEVEL',
      description: 'edit: 0-5 or none, entry, foundation, intermediate, advanced, proficient',
    },
  },
  details: [
    'Actions:',
    '  pont people import FILE.csv [--readmit-erased]   upsert the staff directory from an HR export (UTF-8, UTF-16 or Windows-1252)',
    "  pont people sync [--council C] [--full]          the directory from each council's Microsoft Entra ID (Graph)",
    '  (import, sync, hide, unhide and erase take --as EMAIL: an admin of one council manages only that council)',
    '  pont people show EMAIL                           a whole profile',
    '  pont people edit EMAIL [--skills "A; B"] [--welsh-level 0-5]',
    '  pont people hide|unhide|erase EMAIL              hide a profile from searches, show it again, or delete it',
    '  pont people audit [EMAIL]                        the audit trail of changes',
    '  pont people check-taxonomy [FOLDER]              check the services and skills taxonomy',
  ],
  async run(args, context) {
    const [action, ...rest] = args;
    switch (action) {
      case 'import':
        return importDirectory(rest, context);
      // NOTE: loaded only for a sync, so other commands do not load the Entra ID and Graph libraries.
      case 'sync':
        return (await import('./people-sync.ts')).syncDirectory(rest, context);
      case 'show':
        return showProfile(rest, context);
      case 'edit':
        return editProfile(rest, context);
      case 'hide':
        return setVisibility(rest, context, false);
      case 'unhide':
        return setVisibility(rest, context, true);
      case 'erase':
        return eraseProfile(rest, context);
      case 'audit':
        return showAudit(rest, context);
      case 'check-taxonomy':
        return checkTaxonomy(rest, context);
      default:
        throw new ValidationError(
          `${action ? `unknown action "${action}"` : 'say what to do'}: pont people import FILE.csv, sync, show, edit, hide, unhide, erase, audit or check-taxonomy`,
        );
    }
  },
};
