import { ForbiddenError } from '../../errors.ts';
import { mayManageCouncil } from '../councils/index.ts';
import { councilName } from './council.ts';
import { parseDirectoryCsv, type ImportedPerson } from './csv-import.ts';
import type { AuditEntry, StoredPerson } from './directory.ts';
import { applyDirectoryProfiles } from './directory-profiles.ts';
import { errorText, messages } from './messages.ts';
import type { PeopleContext } from './people-context.ts';
import { shownToOthers } from './person-records.ts';
import type { Actor, AnnouncedField, ImportReport, People } from './types.ts';

/** Filling the directory: the HR export, the sample directory, and accounts read from an organisation directory. */
export type DirectoryImport = Pick<People, 'importCsv' | 'importSampleIfEmpty' | 'applyDirectoryProfiles'>;

const comparedFields = [
  'name',
  'council',
  'jobTitle',
  'serviceArea',
  'team',
  'managerEmail',
  'skills',
  'welshLevel',
  'slackUserId',
  'teamsUserId',
  'visible',
] as const;

function changedFields(before: StoredPerson, after: StoredPerson): string[] {
  return comparedFields.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

/** A row of the HR export over what the directory holds: what the person set about themselves is kept. */
function mergeImported(existing: StoredPerson | undefined, incoming: ImportedPerson): StoredPerson {
  if (!existing) return { ...incoming, hiddenBySelf: false, selfEdited: [] };
  return {
    ...incoming,
    // NOTE: what a person set about themselves outlives the next HR export; so does a linked chat account.
    skills: existing.selfEdited.includes('skills') ? existing.skills : incoming.skills,
    welshLevel: existing.selfEdited.includes('welshLevel') ? existing.welshLevel : incoming.welshLevel,
    slackUserId: incoming.slackUserId ?? existing.slackUserId,
    teamsUserId: incoming.teamsUserId ?? existing.teamsUserId,
    hiddenBySelf: existing.hiddenBySelf,
    selfEdited: existing.selfEdited,
  };
}

export function createDirectoryImport(context: PeopleContext, erase: People['eraseProfile']): DirectoryImport {
  const { directory, index, listeners } = context;

  async function importCsv(
    csv: string,
    actor: Actor,
    options: { readmitErased?: boolean } = {},
  ): Promise<ImportReport> {
    if (!actor.isAdmin) throw new ForbiddenError(messages.importAdminsOnly, { text: errorText.importAdminsOnly });
    const parsed = parseDirectoryCsv(csv);
    const emails = parsed.rows.map((row) => row.person.email);
    const existing = new Map((await directory.getMany(emails)).map((person) => [person.email, person]));
    // NOTE: UK GDPR: someone who erased their profile is not quietly re-created by the next HR export.
    const erased = options.readmitErased
      ? new Set<string>()
      : new Set(await directory.erasedAmong(emails.filter((email) => !existing.has(email))));
    if (erased.size > 0) {
      for (const row of parsed.rows)
        if (erased.has(row.person.email)) parsed.rejected.push({ line: row.line, reason: messages.erasedNotReadded });
      parsed.rejected.sort((left, right) => left.line - right.line);
      parsed.rows = parsed.rows.filter((row) => !erased.has(row.person.email));
    }
    // NOTE: an admin of one council imports that council's people only: a row for another council, or one that would
    // move someone out of another council's directory, is rejected and the rest go in.
    const foreign = (row: (typeof parsed.rows)[number]) => {
      const before = existing.get(row.person.email);
      if (!mayManageCouncil(actor, row.person.council)) return row.person.council;
      if (before && !mayManageCouncil(actor, before.council)) return before.council;
      return null;
    };
    const outside = parsed.rows.filter((row) => foreign(row) !== null);
    if (outside.length > 0) {
      for (const row of outside)
        parsed.rejected.push({ line: row.line, reason: messages.otherCouncilRow(councilName(foreign(row)!)) });
      parsed.rejected.sort((left, right) => left.line - right.line);
      parsed.rows = parsed.rows.filter((row) => foreign(row) === null);
    }
    const changed: StoredPerson[] = [];
    const audit: AuditEntry[] = [];
    let imported = 0;
    let updated = 0;
    let unchanged = 0;
    for (const { person } of parsed.rows) {
      const before = existing.get(person.email);
      const after = mergeImported(before, person);
      if (!before) {
        imported += 1;
        changed.push(after);
        audit.push({
          actorEmail: actor.email,
          via: actor.via,
          action: 'people.import.added',
          subject: after.email,
          detail: {},
        });
        continue;
      }
      const fields = changedFields(before, after);
      if (fields.length === 0) {
        unchanged += 1;
        continue;
      }
      updated += 1;
      changed.push(after);
      audit.push({
        actorEmail: actor.email,
        via: actor.via,
        action: 'people.import.updated',
        subject: after.email,
        detail: { fields },
      });
    }
    const report: ImportReport = { imported, updated, unchanged, rejected: parsed.rejected, warnings: parsed.warnings };
    audit.unshift({
      actorEmail: actor.email,
      via: actor.via,
      action: 'people.import',
      subject: null,
      detail: { imported, updated, unchanged, rejected: parsed.rejected.length, warnings: parsed.warnings.length },
    });
    await directory.save(changed, audit);
    index.wrote();
    // NOTE: an HR export that hides, shows, renames or moves someone already in the directory changes what others see of them.
    await listeners.announce(
      changed.flatMap((after) => {
        const before = existing.get(after.email);
        if (!before) return [];
        const fields: AnnouncedField[] = shownToOthers(before) !== shownToOthers(after) ? ['visible'] : [];
        for (const field of ['name', 'jobTitle', 'council'] as const)
          if (before[field] !== after[field]) fields.push(field);
        return fields.length > 0 ? [{ email: after.email, visible: shownToOthers(after), erased: false, fields }] : [];
      }),
    );
    return report;
  }

  return {
    importCsv,

    async applyDirectoryProfiles(changes, actor) {
      if (!actor.isAdmin) throw new ForbiddenError(messages.importAdminsOnly, { text: errorText.importAdminsOnly });
      const outside = changes.accounts.find((account) => !mayManageCouncil(actor, account.profile.council));
      if (outside) throw new ForbiddenError(messages.notCouncilAdmin(councilName(outside.profile.council)));
      return applyDirectoryProfiles(
        { directory, shownToOthers, changedFields, announce: listeners.announce, wrote: index.wrote, erase },
        changes,
        actor,
      );
    },

    async importSampleIfEmpty(csv, actor) {
      if ((await directory.count()) > 0 || (await directory.hasImported())) return null;
      return importCsv(csv, actor);
    },
  };
}
