import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { ValidationError } from '../../errors.ts';
import { normaliseCouncil } from './council.ts';
import type { StoredPerson } from './directory.ts';

/** The columns of the HR export (DESIGN.md), as their normal header names. */
export const directoryColumns = [
  'email', 'name', 'council', 'job_title', 'service_area', 'team', 'manager_email', 'skills', 'welsh_level',
  'slack_user_id', 'teams_user_id', 'visible',
] as const;

const requiredColumns = ['email', 'name', 'council'] as const;

const welshLevelNames: Record<string, number> = {
  none: 0, dim: 0, entry: 1, mynediad: 1, foundation: 2, sylfaen: 2, intermediate: 3, canolradd: 3,
  advanced: 4, uwch: 4, proficient: 5, hyfedr: 5, fluent: 5, rhugl: 5,
};

const yes = new Set(['true', 'yes', 'y', '1', 'ie', 'oes', 'gwir', 'visible', 'shown', 'gweladwy']);
const no = new Set(['false', 'no', 'n', '0', 'na', 'nac oes', 'anwir', 'hidden', 'hide', 'cudd', 'cuddio', 'cuddiedig']);

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} is longer than ${max} characters`)
    .transform((value) => (value === '' ? null : value))
    .optional()
    .transform((value) => value ?? null);

const emailSchema = z.string().email();

const rowSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'email is empty; every row needs the person\'s email')
    .toLowerCase()
    .pipe(z.string().email('email is not a valid email address')),
  name: z.string().trim().min(1, 'name is empty').max(200, 'name is longer than 200 characters'),
  council: z
    .string()
    .trim()
    .min(1, 'council is empty; use Blaenau Gwent or Torfaen')
    .transform((value, context) => {
      const council = normaliseCouncil(value);
      if (!council) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: `council "${value.slice(0, 60)}" is neither Blaenau Gwent nor Torfaen` });
        return z.NEVER;
      }
      return council;
    }),
  job_title: optionalText(200, 'job_title'),
  service_area: optionalText(200, 'service_area'),
  team: optionalText(200, 'team'),
  manager_email: z
    .string()
    .trim()
    .toLowerCase()
    .refine((value) => value === '' || emailSchema.safeParse(value).success, 'manager_email is not a valid email address')
    .optional()
    .transform((value) => (value ? value : null)),
  skills: z
    .string()
    .optional()
    .transform((value, context) => {
      const seen = new Set<string>();
      const skills: string[] = [];
      for (const part of (value ?? '').split(';')) {
        const skill = part.trim().replace(/\s+/g, ' ');
        if (skill === '' || seen.has(skill.toLowerCase())) continue;
        if (skill.length > 100) {
          context.addIssue({ code: z.ZodIssueCode.custom, message: 'a skill is longer than 100 characters; separate skills with ";"' });
          return z.NEVER;
        }
        seen.add(skill.toLowerCase());
        skills.push(skill);
      }
      if (skills.length > 50) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: 'more than 50 skills; keep the specialist ones' });
        return z.NEVER;
      }
      return skills;
    }),
  welsh_level: z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      const text = (value ?? '').toLowerCase();
      if (text === '') return 0;
      if (/^[0-5]$/.test(text)) return Number(text);
      if (text in welshLevelNames) return welshLevelNames[text]!;
      context.addIssue({ code: z.ZodIssueCode.custom, message: `welsh_level "${text.slice(0, 30)}" is not 0-5 or none, entry, foundation, intermediate, advanced, proficient` });
      return z.NEVER;
    }),
  slack_user_id: optionalText(40, 'slack_user_id'),
  teams_user_id: optionalText(200, 'teams_user_id'),
  visible: z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      const text = (value ?? '').toLowerCase();
      if (text === '' || yes.has(text)) return true;
      if (no.has(text)) return false;
      context.addIssue({ code: z.ZodIssueCode.custom, message: `visible "${text.slice(0, 20)}" is not true or false` });
      return z.NEVER;
    }),
});

/** The HR fields of a profile, before it is merged with what the person changed themselves. */
export type ImportedPerson = Omit<StoredPerson, 'hiddenBySelf' | 'selfEdited'>;

export interface ParsedDirectory {
  rows: { line: number; person: ImportedPerson }[];
  rejected: { line: number; reason: string }[];
  warnings: string[];
}

function headerName(header: string): string {
  return header.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/**
 * Reads an HR export. A file that is not CSV, or lacks the email, name or council column, is refused whole with
 * a ValidationError; otherwise every row is checked on its own: good rows are returned, bad ones rejected with
 * their line number and reason. Reasons never repeat a person's name or email.
 */
export function parseDirectoryCsv(csv: string, source = 'the file'): ParsedDirectory {
  if (csv.trim() === '') throw new ValidationError(`${source} is empty: give a CSV staff directory with a header row (email, name, council, …).`);
  // NOTE: binary files (PDF, XLSX, images) carry NUL bytes or invalid UTF-8; they are refused before parsing.
  if (csv.includes('\u0000') || (csv.match(/\uFFFD/g)?.length ?? 0) > 2) {
    throw new ValidationError(`${source} is not a CSV file (it looks binary): export the staff directory as CSV with a header row (email, name, council, …).`);
  }
  let records: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    records = parse(csv, { info: true, relax_column_count: true, skip_empty_lines: true, bom: true }) as unknown as typeof records;
  } catch (error) {
    throw new ValidationError(`${source} is not valid CSV (${(error as Error).message.replace(/\s+/g, ' ').slice(0, 160)}): fix the file and import it again.`, { cause: error });
  }
  if (records.length === 0) throw new ValidationError(`${source} has no header row: the first line must name the columns (email, name, council, …).`);

  const header = records[0]!.record.map(headerName);
  const missing = requiredColumns.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    const found = header.slice(0, 8).join(', ').slice(0, 120);
    throw new ValidationError(
      `${source} is not a staff directory CSV: it has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} (found: ${found || 'nothing'}). The header must name at least email, name and council.`,
    );
  }

  const warnings: string[] = [];
  const columnIndex = new Map<string, number>();
  header.forEach((name, index) => {
    if (!(directoryColumns as readonly string[]).includes(name)) {
      warnings.push(`ignored the unknown column "${records[0]!.record[index]!.trim().slice(0, 60)}"`);
    } else if (columnIndex.has(name)) {
      warnings.push(`ignored the second "${name}" column`);
    } else {
      columnIndex.set(name, index);
    }
  });

  const rows: ParsedDirectory['rows'] = [];
  const rejected: ParsedDirectory['rejected'] = [];
  const firstLineOf = new Map<string, number>();
  let previousEnd = records[0]!.info.lines;
  let previousEmpty = records[0]!.info.empty_lines;
  for (const { record, info } of records.slice(1)) {
    const line = previousEnd + (info.empty_lines - previousEmpty) + 1;
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    if (record.length !== header.length) {
      rejected.push({ line, reason: `has ${record.length} field${record.length === 1 ? '' : 's'} but the header has ${header.length}; check for a stray comma or quote` });
      continue;
    }
    const raw: Record<string, string> = {};
    for (const [name, index] of columnIndex) raw[name] = record[index]!;
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) {
      rejected.push({ line, reason: parsed.error.issues.map((issue) => issue.message).join('; ') });
      continue;
    }
    const row = parsed.data;
    const earlier = firstLineOf.get(row.email);
    if (earlier !== undefined) {
      rejected.push({ line, reason: `the same email is already on line ${earlier}; give each person one row` });
      continue;
    }
    firstLineOf.set(row.email, line);
    rows.push({
      line,
      person: {
        email: row.email,
        name: row.name.replace(/\s+/g, ' '),
        council: row.council,
        jobTitle: row.job_title ?? '',
        serviceArea: row.service_area ?? '',
        team: row.team,
        managerEmail: row.manager_email,
        skills: row.skills,
        welshLevel: row.welsh_level,
        slackUserId: row.slack_user_id,
        teamsUserId: row.teams_user_id,
        visible: row.visible,
      },
    });
  }
  return { rows, rejected, warnings };
}
