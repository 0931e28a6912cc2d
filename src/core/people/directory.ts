import type { AuditRecord, Council } from './types.ts';

/**
 * A staff profile as the directory stores it: the HR export's fields and what the person changed themselves.
 * Canonical services and level are not stored; they are worked out from the taxonomy when read, so an edit to
 * the taxonomy applies at once.
 */
export interface StoredPerson {
  email: string;
  name: string;
  council: Council;
  jobTitle: string;
  serviceArea: string;
  team: string | null;
  managerEmail: string | null;
  skills: string[];
  welshLevel: number;
  slackUserId: string | null;
  teamsUserId: string | null;
  /** As HR set it; the person may also have hidden themselves (`hiddenBySelf`). */
  visible: boolean;
  hiddenBySelf: boolean;
  /** Fields the person edited themselves (skills, welshLevel); an HR import leaves them as the person set them. */
  selfEdited: string[];
}

/** One line of the audit trail (table audit_log). */
export interface AuditEntry {
  actorEmail: string | null;
  via: string;
  action: string;
  subject: string | null;
  detail: Record<string, unknown>;
}

/** Where the people capability keeps profiles. The store implements it on PGlite and PostgreSQL alike. */
export interface Directory {
  /**
   * A value that changes whenever any profile does, on any replica, and is never given twice (a counter and a random
   * stamp): in-process indexes compare it to refresh, and a copy kept on disk is used only at the same value.
   */
  version(): Promise<string>;
  /** Every profile HR and the person left visible. */
  listVisible(): Promise<StoredPerson[]>;
  /** A profile by email (lower case), visible or not. */
  get(email: string): Promise<StoredPerson | null>;
  getMany(emails: string[]): Promise<StoredPerson[]>;
  findByChannelUser(channel: 'slack' | 'teams', userId: string): Promise<StoredPerson | null>;
  /** Inserts or replaces these profiles and records the audit entries, all in one transaction. */
  save(people: StoredPerson[], audit: AuditEntry[]): Promise<void>;
  /** Deletes a profile, strips personal details from its earlier audit entries and records `audit`, in one transaction. */
  erase(email: string, audit: AuditEntry): Promise<boolean>;
  /** Records one audit entry. */
  audit(entry: AuditEntry): Promise<void>;
  /** The audit trail, newest first; only entries about `subject` when given. */
  auditTrail(options?: { subject?: string; limit?: number }): Promise<AuditRecord[]>;
  /** Those of `emails` whose profile was erased and not added back since (an erasure stands against later imports). */
  erasedAmong(emails: string[]): Promise<string[]>;
  /** Whether any import was ever recorded (the sample directory is loaded only into a directory never imported). */
  hasImported(): Promise<boolean>;
  count(): Promise<number>;
}
