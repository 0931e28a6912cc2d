import type { AuditEntry, Directory, StoredPerson } from './directory.ts';
import type { Actor, AnnouncedField, Council, ProfileChange } from './types.ts';

/** A staff profile as an organisation directory (Microsoft Entra ID) holds it. */
export interface DirectoryProfile {
  email: string;
  name: string;
  council: Council;
  jobTitle: string;
  /** The directory's department; it becomes the service area. */
  department: string;
  managerEmail: string | null;
  /** Skills from the person's Microsoft 365 profile; null when the directory did not say. */
  skills: string[] | null;
  /** Whether the account may sign in; a disabled account leaves the directory. */
  enabled: boolean;
}

/** One account read from the directory, with what the directory said about it last time (null the first time). */
export interface DirectoryProfileChange {
  profile: DirectoryProfile;
  previous: DirectoryProfile | null;
}

/** Where two sources disagree: the staff directory held one value, the organisation directory another. */
export interface DirectoryConflict {
  email: string;
  fields: string[];
}

export interface DirectoryApplyReport {
  added: string[];
  updated: string[];
  /** Taken out of every result: hidden because the account is disabled or deleted, or erased. */
  removed: string[];
  unchanged: string[];
  /** Erased profiles that the directory still lists; they stay out until an administrator readmits them. */
  skippedErased: string[];
  conflicts: DirectoryConflict[];
}

/**
 * The fields the organisation directory owns. Where it gives a value, it wins; a different value that came from
 * elsewhere (the HR export, an administrator) is reported as a conflict, never replaced silently.
 */
const ownedFields = ['name', 'council', 'jobTitle', 'serviceArea', 'managerEmail'] as const;
type OwnedField = (typeof ownedFields)[number];

function ownedValues(profile: DirectoryProfile): Record<OwnedField, string | null> {
  return {
    name: profile.name,
    council: profile.council,
    jobTitle: profile.jobTitle,
    serviceArea: profile.department,
    managerEmail: profile.managerEmail,
  };
}

function mergeSkills(existing: string[], incoming: string[]): string[] {
  const seen = new Set(existing.map((skill) => skill.toLowerCase()));
  const merged = [...existing];
  for (const skill of incoming) {
    const clean = skill.trim().replace(/\s+/g, ' ');
    if (clean === '' || clean.length > 100 || seen.has(clean.toLowerCase())) continue;
    seen.add(clean.toLowerCase());
    merged.push(clean);
  }
  return merged.slice(0, 50);
}

export interface ApplyDirectoryDependencies {
  directory: Directory;
  shownToOthers(stored: StoredPerson): boolean;
  changedFields(before: StoredPerson, after: StoredPerson): string[];
  announce(changes: ProfileChange[]): Promise<void>;
  wrote(): void;
  /** The people capability's own erasure (audit trail, privacy rules, announcement). */
  erase(email: string, actor: Actor): Promise<void>;
}

/**
 * Applies accounts read from an organisation directory to the staff directory, in one transaction (erasures each
 * in their own, through the ordinary erasure path).
 *
 * - A new enabled account is added; a disabled one is not (its details are not needed).
 * - Where the directory has a value for name, council, job title, department or manager, it wins. When the staff
 *   directory held a different value that the organisation directory did not set (the HR export, an administrator),
 *   the difference is reported in `conflicts` and in the audit trail.
 * - What the HR export alone knows (Welsh level, team, chat accounts) is kept. Skills from the directory are added
 *   to the skills already held, unless the person edited their skills themselves.
 * - A disabled or soft-deleted account is hidden as HR would hide it; enabled again, it is shown again (only when
 *   the directory hid it). `erased` accounts, deleted for good, are erased.
 * - Profiles the person erased are not re-created.
 */
export async function applyDirectoryProfiles(
  dependencies: ApplyDirectoryDependencies,
  changes: { accounts: DirectoryProfileChange[]; erased: string[] },
  actor: Actor,
): Promise<DirectoryApplyReport> {
  const { directory } = dependencies;
  const report: DirectoryApplyReport = {
    added: [],
    updated: [],
    removed: [],
    unchanged: [],
    skippedErased: [],
    conflicts: [],
  };
  const emails = changes.accounts.map((change) => change.profile.email);
  const existing = new Map((await directory.getMany(emails)).map((person) => [person.email, person]));
  const erasedBefore = new Set(await directory.erasedAmong(emails.filter((email) => !existing.has(email))));

  const saved: StoredPerson[] = [];
  const audit: AuditEntry[] = [];
  const announced: ProfileChange[] = [];
  for (const { profile, previous } of changes.accounts) {
    const before = existing.get(profile.email);
    if (!before) {
      if (!profile.enabled) continue;
      if (erasedBefore.has(profile.email)) {
        report.skippedErased.push(profile.email);
        continue;
      }
      const added: StoredPerson = {
        email: profile.email,
        name: profile.name,
        council: profile.council,
        jobTitle: profile.jobTitle,
        serviceArea: profile.department,
        team: null,
        managerEmail: profile.managerEmail,
        skills: mergeSkills([], profile.skills ?? []),
        welshLevel: 0,
        slackUserId: null,
        teamsUserId: null,
        visible: true,
        hiddenBySelf: false,
        selfEdited: [],
      };
      saved.push(added);
      existing.set(added.email, added);
      report.added.push(added.email);
      audit.push({
        actorEmail: actor.email,
        via: actor.via,
        action: 'people.sync.added',
        subject: added.email,
        detail: {},
      });
      continue;
    }

    const after: StoredPerson = { ...before };
    const incoming = ownedValues(profile);
    const lastRead = previous ? ownedValues(previous) : null;
    const disagreed: string[] = [];
    for (const field of ownedFields) {
      const value = incoming[field];
      if (value === null || value === '') continue;
      const held = before[field];
      if (held === value) continue;
      // NOTE: a held value the directory itself set last time is simply out of date; any other value came from
      // another source, and replacing it is reported.
      if (!lastRead || lastRead[field] !== held) disagreed.push(field);
      (after as unknown as Record<OwnedField, string | null>)[field] = value;
    }
    if (profile.skills && profile.skills.length > 0 && !before.selfEdited.includes('skills'))
      after.skills = mergeSkills(before.skills, profile.skills);
    if (!profile.enabled) after.visible = false;
    else if (previous && !previous.enabled) after.visible = true;

    const fields = dependencies.changedFields(before, after);
    if (disagreed.length > 0) {
      report.conflicts.push({ email: profile.email, fields: disagreed });
      audit.push({
        actorEmail: actor.email,
        via: actor.via,
        action: 'people.sync.conflict',
        subject: profile.email,
        detail: { fields: disagreed },
      });
    }
    if (fields.length === 0) {
      report.unchanged.push(profile.email);
      continue;
    }
    saved.push(after);
    existing.set(after.email, after);
    const wasShown = dependencies.shownToOthers(before);
    const isShown = dependencies.shownToOthers(after);
    if (wasShown && !isShown) report.removed.push(after.email);
    else report.updated.push(after.email);
    audit.push({
      actorEmail: actor.email,
      via: actor.via,
      action: isShown ? 'people.sync.updated' : 'people.sync.hidden',
      subject: after.email,
      detail: { fields },
    });
    const announcedFields: AnnouncedField[] = wasShown !== isShown ? ['visible'] : [];
    for (const field of ['name', 'jobTitle', 'council'] as const)
      if (before[field] !== after[field]) announcedFields.push(field);
    if (announcedFields.length > 0)
      announced.push({ email: after.email, visible: isShown, erased: false, fields: announcedFields });
  }

  if (saved.length > 0 || audit.length > 0) {
    await directory.save(saved, audit);
    dependencies.wrote();
  }
  await dependencies.announce(announced);

  for (const email of changes.erased) {
    const stored = await directory.get(email);
    if (!stored) continue;
    await dependencies.erase(email, actor);
    report.removed.push(email);
  }
  return report;
}
