import { z } from 'zod';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts';
import { mayManageCouncil } from '../councils/index.ts';
import { councilName } from './council.ts';
import type { StoredPerson } from './directory.ts';
import { errorText, messages } from './messages.ts';
import type { PeopleContext } from './people-context.ts';
import { shownToOthers } from './person-records.ts';
import type { Actor, Council, People, ProfileChanges } from './types.ts';

/** A person's own profile: reading it, linking a chat account, editing, hiding and erasing it, and its audit trail. */
export type Profiles = Pick<
  People,
  | 'getPerson'
  | 'getOwnProfile'
  | 'findByChannelUser'
  | 'linkChannelUser'
  | 'updateProfile'
  | 'eraseProfile'
  | 'onProfileChange'
  | 'auditTrail'
>;

const profileIssues = errorText.profile;

/** A refused profile change: each problem once, in English and Welsh, joined as the English always was. */
function profileError(issues: readonly { message: string }[]): ValidationError {
  const known = Object.values(profileIssues) as { en: string; cy: string }[];
  const texts = [...new Set(issues.map((issue) => issue.message))].map(
    (message) => known.find((text) => text.en === message) ?? { en: message, cy: message },
  );
  return new ValidationError(issues.map((issue) => issue.message).join('; '), {
    text: { en: texts.map((text) => text.en).join('; '), cy: texts.map((text) => text.cy).join('; ') },
  });
}

const profileChangesSchema = z.object({
  skills: z
    .array(z.string().trim().min(1, profileIssues.skillEmpty.en).max(100, profileIssues.skillTooLong.en))
    .max(50, profileIssues.tooManySkills.en)
    .optional(),
  welshLevel: z
    .number()
    .int(profileIssues.welshLevelWhole.en)
    .min(0, profileIssues.welshLevelRange.en)
    .max(5, profileIssues.welshLevelRange.en)
    .optional(),
  visible: z.boolean().optional(),
});

/** Whether the actor is the person whose profile is `email`. */
function isSelf(actor: Actor, email: string): boolean {
  return actor.email !== null && actor.email.toLowerCase() === email;
}

/** The person themselves, or an admin of the council the profile belongs to. */
function maySelfServe(actor: Actor, email: string, council: Council): boolean {
  return isSelf(actor, email) || mayManageCouncil(actor, council);
}

export function createProfiles(context: PeopleContext): Profiles {
  const { directory, toRecord, index, listeners } = context;

  async function changeProfile(
    email: string,
    actor: Actor,
    change: (stored: StoredPerson) => { after: StoredPerson; fields: string[]; action: string },
  ) {
    const key = email.trim().toLowerCase();
    if (!isSelf(actor, key) && !actor.isAdmin)
      throw new ForbiddenError(messages.ownProfileOnly, { text: errorText.ownProfileOnly });
    const stored = await directory.get(key);
    if (!stored) throw new NotFoundError(messages.noProfile(key), { text: errorText.noProfile(key) });
    if (!maySelfServe(actor, key, stored.council))
      throw new ForbiddenError(messages.otherCouncilProfile(councilName(stored.council)), {
        text: errorText.otherCouncilProfile(councilName(stored.council)),
      });
    const { after, fields, action } = change(stored);
    await directory.save(
      [after],
      [{ actorEmail: actor.email, via: actor.via, action, subject: key, detail: { fields } }],
    );
    index.wrote();
    // NOTE: setting visibility to what it already is announces it too, so hiding again retries what failed to follow.
    if (shownToOthers(stored) !== shownToOthers(after) || fields.includes('visible'))
      await listeners.announce([{ email: key, visible: shownToOthers(after), erased: false, fields: ['visible'] }]);
    return toRecord(after);
  }

  async function eraseProfile(email: string, actor: Actor): Promise<void> {
    const key = email.trim().toLowerCase();
    if (!isSelf(actor, key) && !actor.isAdmin)
      throw new ForbiddenError(messages.ownProfileOnly, { text: errorText.ownProfileOnly });
    if (!isSelf(actor, key)) {
      const stored = await directory.get(key);
      if (stored && !mayManageCouncil(actor, stored.council)) {
        throw new ForbiddenError(messages.otherCouncilProfile(councilName(stored.council)), {
          text: errorText.otherCouncilProfile(councilName(stored.council)),
        });
      }
    }
    const erased = await directory.erase(key, {
      actorEmail: actor.email,
      via: actor.via,
      action: 'people.erase',
      subject: key,
      detail: {},
    });
    index.wrote();
    if (!erased) throw new NotFoundError(messages.noProfile(key), { text: errorText.noProfile(key) });
    await listeners.announce([{ email: key, visible: false, erased: true, fields: ['visible'] }]);
  }

  return {
    async getPerson(email) {
      const stored = await directory.get(email.trim().toLowerCase());
      if (!stored) return null;
      const record = toRecord(stored);
      return record.visible ? record : null;
    },

    async getOwnProfile(email) {
      const stored = await directory.get(email.trim().toLowerCase());
      return stored ? toRecord(stored) : null;
    },

    async findByChannelUser(channel, userId) {
      const stored = await directory.findByChannelUser(channel, userId);
      return stored ? toRecord(stored) : null;
    },

    async linkChannelUser(email, channel, userId) {
      const key = email.trim().toLowerCase();
      const stored = await directory.get(key);
      if (!stored) throw new NotFoundError(messages.noProfile(key), { text: errorText.noProfile(key) });
      const field = channel === 'slack' ? 'slackUserId' : 'teamsUserId';
      if (stored[field] === userId) return;
      const changed: StoredPerson[] = [{ ...stored, [field]: userId }];
      const previous = await directory.findByChannelUser(channel, userId);
      if (previous && previous.email !== key) changed.push({ ...previous, [field]: null });
      await directory.save(
        changed,
        changed.map((person) => ({
          actorEmail: key,
          via: channel,
          action: 'people.link',
          subject: person.email,
          detail: { fields: [field] },
        })),
      );
      index.wrote();
    },

    async updateProfile(email, changes: ProfileChanges, actor) {
      const parsed = profileChangesSchema.safeParse(changes);
      if (!parsed.success) throw profileError(parsed.error.issues);
      const valid = parsed.data;
      return changeProfile(email, actor, (stored) => {
        const after: StoredPerson = { ...stored, selfEdited: [...stored.selfEdited] };
        const fields: string[] = [];
        if (valid.skills !== undefined) {
          const seen = new Set<string>();
          after.skills = valid.skills
            .map((skill) => skill.replace(/\s+/g, ' '))
            .filter((skill) => !seen.has(skill.toLowerCase()) && seen.add(skill.toLowerCase()));
          fields.push('skills');
        }
        if (valid.welshLevel !== undefined) {
          after.welshLevel = valid.welshLevel;
          fields.push('welshLevel');
        }
        if (valid.visible !== undefined) {
          after.hiddenBySelf = !valid.visible;
          fields.push('visible');
        }
        // NOTE: an administrator correcting a profile is not the person choosing; only self-edits outlive HR imports.
        if (actor.email?.toLowerCase() === stored.email) {
          for (const field of fields)
            if (field !== 'visible' && !after.selfEdited.includes(field)) after.selfEdited.push(field);
        }
        return {
          after,
          fields,
          action: valid.visible === false && fields.length === 1 ? 'people.profile.hide' : 'people.profile.update',
        };
      });
    },

    eraseProfile,

    onProfileChange(listener) {
      return listeners.add(listener);
    },

    async auditTrail(actor, options = {}) {
      if (!actor.isAdmin) throw new ForbiddenError(messages.auditAdminsOnly, { text: errorText.auditAdminsOnly });
      return directory.auditTrail({ subject: options.subject?.toLowerCase(), limit: options.limit });
    },
  };
}
