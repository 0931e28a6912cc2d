import type { AuditEntry, Directory, StoredPerson } from '../../../src/core/people/index.ts';
import type { AuditRecord } from '../../../src/core/people/types.ts';

/** An in-memory Directory for core tests that need no database. */
export function createMemoryDirectory(): Directory & { entries: AuditRecord[] } {
  const people = new Map<string, StoredPerson>();
  const entries: AuditRecord[] = [];
  let version = 0;
  const record = (entry: AuditEntry) => entries.unshift({ ...entry, at: new Date() });
  const copy = (person: StoredPerson): StoredPerson => structuredClone(person);
  return {
    entries,
    version: async () => String(version),
    listVisible: async () => [...people.values()].filter((person) => person.visible && !person.hiddenBySelf).map(copy),
    get: async (email) => (people.has(email) ? copy(people.get(email)!) : null),
    getMany: async (emails) => emails.filter((email) => people.has(email)).map((email) => copy(people.get(email)!)),
    findByChannelUser: async (channel, userId) =>
      [...people.values()].find(
        (person) => (channel === 'slack' ? person.slackUserId : person.teamsUserId) === userId,
      ) ?? null,
    async save(changed, audit) {
      for (const person of changed) people.set(person.email, copy(person));
      audit.forEach(record);
      if (changed.length > 0) version += 1;
    },
    async erase(email, audit) {
      if (!people.delete(email)) return false;
      for (const entry of entries) if (entry.subject === email) entry.detail = {};
      record(audit);
      version += 1;
      return true;
    },
    audit: async (entry) => void record(entry),
    auditTrail: async (options = {}) =>
      entries.filter((entry) => !options.subject || entry.subject === options.subject).slice(0, options.limit ?? 100),
    async erasedAmong(emails) {
      return emails.filter((email) => {
        const latest = entries.find(
          (entry) =>
            entry.subject === email && (entry.action === 'people.erase' || entry.action === 'people.import.added'),
        );
        return latest?.action === 'people.erase';
      });
    },
    hasImported: async () => entries.some((entry) => entry.action === 'people.import'),
    count: async () => people.size,
  };
}
