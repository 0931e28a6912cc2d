import type { DirectoryApplyReport, DirectoryProfileChange } from './directory-profiles.ts';

import type { Council } from '../councils/index.ts';

export type { Council };

/** The public shape of a staff profile (DESIGN.md's PERSON). */
export interface Person {
  email: string;
  name: string;
  council: Council;
  jobTitle: string;
  serviceArea: string;
  skills: string[];
  /** 0 none, 1 entry, 2 foundation, 3 intermediate, 4 advanced, 5 proficient. */
  welshLevel: number;
}

/** The stored record: the public shape plus what only Pont and the person themselves see. */
export interface PersonRecord extends Person {
  team: string | null;
  managerEmail: string | null;
  slackUserId: string | null;
  teamsUserId: string | null;
  visible: boolean;
  /** Canonical service ids the service area maps to (see the service taxonomy). */
  services: string[];
  /** chief-officer | head-of-service | manager | team-leader | officer, inferred from the job title. */
  level: string;
}

/** A search or counterpart result: a person, how well they match and why. */
export interface PersonMatch extends Person {
  score: number;
  reasons: string[];
}

export interface ImportReport {
  imported: number;
  updated: number;
  unchanged: number;
  rejected: { line: number; reason: string }[];
  warnings: string[];
}

/** Who is acting: used for permissions and the audit trail. */
export interface Actor {
  email: string | null;
  isAdmin: boolean;
  /**
   * The councils whose directory and sources this admin manages (see `actorFor`); absent on Pont's own jobs, which
   * manage every council.
   */
  adminOf?: Council[];
  /** Where the action came from: cli, slack, teams, web. */
  via: string;
}

/** What a request or question is about, in the directory's terms. */
export interface Topic {
  services: string[];
  skills: string[];
}

export interface ProfileChanges {
  skills?: string[];
  welshLevel?: number;
  visible?: boolean;
}

/** What others may see of a person that a profile change can alter: whether they are shown, and how they are named. */
export type AnnouncedField = 'visible' | 'name' | 'jobTitle' | 'council';

/**
 * A change to what others see of a person: their profile became hidden (by the person or by HR, or erased) or
 * visible again, or an HR import changed their name, job title or council; also a person setting their visibility
 * again to what it was.
 */
export interface ProfileChange {
  email: string;
  /** Whether others may see the profile now. */
  visible: boolean;
  /** Whether the profile was erased (then `visible` is false). */
  erased: boolean;
  /** Which of `AnnouncedField` changed (`visible` also when it was set again to what it was); never empty. */
  fields: AnnouncedField[];
}

/** Told of each profile change after it is saved; the change waits for it, and a failure reaches the caller. */
export type ProfileListener = (change: ProfileChange) => Promise<void> | void;

/** The people capability, as the rest of Pont sees it. Hidden profiles never leave it. */
export interface People {
  /**
   * Applies accounts read from an organisation directory (Microsoft Entra ID): adds and updates them, hides disabled
   * ones, erases deleted ones, and reports where it disagreed with what the staff directory held (administrators only).
   */
  applyDirectoryProfiles(
    changes: { accounts: DirectoryProfileChange[]; erased: string[] },
    actor: Actor,
  ): Promise<DirectoryApplyReport>;
  /**
   * Upserts the HR export by email in one transaction. People who erased their profile are not added back
   * (their rows are rejected with that reason) unless `readmitErased` is set.
   */
  importCsv(csv: string, actor: Actor, options?: { readmitErased?: boolean }): Promise<ImportReport>;
  /**
   * A skill as the directory lists it, for showing back to the asker: its first word, when a preposition mutated it
   * ("am gaffael"), in the dictionary form the directory or the taxonomy knows ("caffael"); the rest as typed.
   */
  skillAsListed(skill: string): Promise<string>;
  findBySkill(
    query: string,
    options?: { council?: Council; limit?: number; excludeEmails?: string[]; language?: 'en' | 'cy' },
  ): Promise<PersonMatch[]>;
  /**
   * For an email: the people of every other council in the same service, closest level first, with the closest of each
   * other council always included. For a described role ("head of waste", "Pennaeth Gwastraff yn Nhorfaen"): the
   * same, in the councils other than the one the text names, else in all of them. `note` says plainly when there is no counterpart and who the nearest senior contact is.
   */
  counterparts(
    emailOrRole: string,
    options?: { limit?: number; language?: 'en' | 'cy' },
  ): Promise<{ counterparts: PersonMatch[]; note?: string }>;
  /** A visible person by email, or null. */
  getPerson(email: string): Promise<PersonRecord | null>;
  /** The person themselves, visible or not (for self-service and identity mapping). */
  getOwnProfile(email: string): Promise<PersonRecord | null>;
  findByChannelUser(channel: 'slack' | 'teams', userId: string): Promise<PersonRecord | null>;
  linkChannelUser(email: string, channel: 'slack' | 'teams', userId: string): Promise<void>;
  updateProfile(email: string, changes: ProfileChanges, actor: Actor): Promise<PersonRecord>;
  eraseProfile(email: string, actor: Actor): Promise<void>;
  /** Canonical services and skills a free text is about. */
  inferTopic(text: string): Promise<Topic>;
  /** Up to `limit` visible people in `council` who fit the topic, best first, with reasons. */
  matchTopic(
    topic: Topic,
    options: { council: Council | Council[] | 'both'; limit: number; excludeEmails?: string[]; language?: 'en' | 'cy' },
  ): Promise<PersonMatch[]>;
  /** The most senior visible person of the nearest service in `council`. */
  seniorContact(topic: Topic, council: Council, language?: 'en' | 'cy'): Promise<PersonMatch | null>;
  /** The audit trail, newest first (administrators only). */
  auditTrail(actor: Actor, options?: { subject?: string; limit?: number }): Promise<AuditRecord[]>;
  /**
   * Registers a listener for changes to what others see of a person (hidden or shown by self-service or an HR
   * import, erased, renamed or given a new job title or council by an HR import), so what other capabilities wrote
   * about them can follow; returns a function that removes it.
   */
  onProfileChange(listener: ProfileListener): () => void;
  /** Imports `csv` only into a directory that is empty and was never imported; null when it did nothing. */
  importSampleIfEmpty(csv: string, actor: Actor): Promise<ImportReport | null>;
}

/** One line of the audit trail: who did what to whom, when. */
export interface AuditRecord {
  at: Date;
  actorEmail: string | null;
  via: string;
  action: string;
  subject: string | null;
  detail: Record<string, unknown>;
}
