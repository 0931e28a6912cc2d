import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { ValidationError } from '../../errors.ts';
import { councilIds, councilName, normaliseCouncil } from './council.ts';
import type { StoredPerson } from './directory.ts';

/** The columns of the HR export (DESIGN.md), as their normal header names. */
export const directoryColumns = [
  'email',
  'name',
  'council',
  'job_title',
  'service_area',
  'team',
  'manager_email',
  'skills',
  'welsh_level',
  'slack_user_id',
  'teams_user_id',
  'visible',
] as const;

const requiredColumns = ['email', 'name', 'council'] as const;

const welshLevelNames: Record<string, number> = {
  none: 0,
  dim: 0,
  entry: 1,
  mynediad: 1,
  foundation: 2,
  sylfaen: 2,
  intermediate: 3,
  canolradd: 3,
  advanced: 4,
  uwch: 4,
  proficient: 5,
  hyfedr: 5,
  fluent: 5,
  rhugl: 5,
};

const yes = new Set(['true', 'yes', 'y', '1', 'ie', 'oes', 'gwir', 'visible', 'shown', 'gweladwy']);
const no = new Set([
  'false',
  'no',
  'n',
  '0',
  'na',
  'nac oes',
  'anwir',
  'hidden',
  'hide',
  'cudd',
  'cuddio',
  'cuddiedig',
]);

// NOTE: the emails zod accepts; tested once per field, without building a schema per row.
const emailPattern = /^(?!\.)(?!.*\.\.)([A-Z0-9_'+\-.]*)[A-Z0-9_+-]@([A-Z0-9][A-Z0-9-]*\.)+[A-Z]{2,}$/i;

function optionalText(value: string | undefined, max: number, label: string, context: z.RefinementCtx): string | null {
  const text = (value ?? '').trim();
  if (text.length > max)
    context.addIssue({ code: z.ZodIssueCode.custom, message: `${label} is longer than ${max} characters` });
  return text === '' ? null : text;
}

/** "Blaenau Gwent or Torfaen", "Blaenau Gwent, Monmouthshire or Torfaen". */
function councilChoices(): string {
  const names = councilIds().map((council) => councilName(council));
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

function readSkills(value: string | undefined, context: z.RefinementCtx): string[] {
  const seen = new Set<string>();
  const skills: string[] = [];
  for (const part of (value ?? '').split(';')) {
    const skill = part.trim().replace(/\s+/g, ' ');
    if (skill === '' || seen.has(skill.toLowerCase())) continue;
    if (skill.length > 100) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'a skill is longer than 100 characters; separate skills with ";"',
      });
      return [];
    }
    seen.add(skill.toLowerCase());
    skills.push(skill);
  }
  if (skills.length > 50)
    context.addIssue({ code: z.ZodIssueCode.custom, message: 'more than 50 skills; keep the specialist ones' });
  return skills;
}

/**
 * One row of the HR export. The fields are plain strings and one transform checks and normalises them all, so
 * a 10,000-row file is checked in a fraction of a second; every problem in a row is reported together.
 */
const rowSchema = z
  .object({
    email: z.string().optional(),
    name: z.string().optional(),
    council: z.string().optional(),
    job_title: z.string().optional(),
    service_area: z.string().optional(),
    team: z.string().optional(),
    manager_email: z.string().optional(),
    skills: z.string().optional(),
    welsh_level: z.string().optional(),
    slack_user_id: z.string().optional(),
    teams_user_id: z.string().optional(),
    visible: z.string().optional(),
  })
  .transform((row, context) => {
    const problem = (message: string) => context.addIssue({ code: z.ZodIssueCode.custom, message });
    const email = (row.email ?? '').trim().toLowerCase();
    if (email === '') problem("email is empty; every row needs the person's email");
    else if (!emailPattern.test(email)) problem('email is not a valid email address');
    const name = (row.name ?? '').trim().replace(/\s+/g, ' ');
    if (name === '') problem('name is empty');
    else if (name.length > 200) problem('name is longer than 200 characters');
    const councilText = (row.council ?? '').trim();
    const council = councilText === '' ? null : normaliseCouncil(councilText);
    if (councilText === '') problem(`council is empty; use ${councilChoices()}`);
    else if (!council) {
      const names = councilIds().map((id) => councilName(id));
      problem(
        `council "${councilText.slice(0, 60)}" is ${names.length === 2 ? `neither ${names[0]} nor ${names[1]}` : `not one of ${councilChoices()}`}`,
      );
    }
    const managerEmail = (row.manager_email ?? '').trim().toLowerCase();
    if (managerEmail !== '' && !emailPattern.test(managerEmail)) problem('manager_email is not a valid email address');
    const welshText = (row.welsh_level ?? '').trim().toLowerCase();
    let welshLevel = 0;
    if (/^[0-5]$/.test(welshText)) welshLevel = Number(welshText);
    else if (welshText in welshLevelNames) welshLevel = welshLevelNames[welshText]!;
    else if (welshText !== '')
      problem(
        `welsh_level "${welshText.slice(0, 30)}" is not 0-5 or none, entry, foundation, intermediate, advanced, proficient`,
      );
    const visibleText = (row.visible ?? '').trim().toLowerCase();
    const visible = visibleText === '' || yes.has(visibleText);
    if (!visible && !no.has(visibleText)) problem(`visible "${visibleText.slice(0, 20)}" is not true or false`);
    const person: ImportedPerson = {
      email,
      name,
      // NOTE: a row with no council is rejected; the placeholder never reaches the directory.
      council: council ?? councilIds()[0]!,
      jobTitle: optionalText(row.job_title, 200, 'job_title', context) ?? '',
      serviceArea: optionalText(row.service_area, 200, 'service_area', context) ?? '',
      team: optionalText(row.team, 200, 'team', context),
      managerEmail: managerEmail === '' ? null : managerEmail,
      skills: readSkills(row.skills, context),
      welshLevel,
      slackUserId: optionalText(row.slack_user_id, 40, 'slack_user_id', context),
      teamsUserId: optionalText(row.teams_user_id, 200, 'teams_user_id', context),
      visible,
    };
    return person;
  });

/** The HR fields of a profile, before it is merged with what the person changed themselves. */
export type ImportedPerson = Omit<StoredPerson, 'hiddenBySelf' | 'selfEdited'>;

export interface ParsedDirectory {
  rows: { line: number; person: ImportedPerson }[];
  rejected: { line: number; reason: string }[];
  warnings: string[];
}

function headerName(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/**
 * Reads an HR export. A file that is not CSV, or lacks the email, name or council column, is refused whole with
 * a ValidationError; otherwise every row is checked on its own: good rows are returned, bad ones rejected with
 * their line number and reason. Reasons never repeat a person's name or email.
 */
export function parseDirectoryCsv(csv: string, source = 'the file'): ParsedDirectory {
  if (csv.trim() === '')
    throw new ValidationError(
      `${source} is empty: give a CSV staff directory with a header row (email, name, council, …).`,
    );
  // NOTE: binary files (PDF, XLSX, images) carry NUL bytes or invalid UTF-8; they are refused before parsing.
  if (csv.includes('\u0000') || (csv.match(/\uFFFD/g)?.length ?? 0) > 2) {
    throw new ValidationError(
      `${source} is not a CSV file (it looks binary): export the staff directory as CSV with a header row (email, name, council, …).`,
    );
  }
  // NOTE: some spreadsheets export with tabs or semicolons; the header line says which (skills then need quotes).
  const headerLine = csv.slice(0, csv.indexOf('\n') === -1 ? csv.length : csv.indexOf('\n'));
  const delimiter = headerLine.includes(',')
    ? ','
    : headerLine.includes('\t')
      ? '\t'
      : headerLine.includes(';')
        ? ';'
        : ',';
  let records: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    records = parse(csv, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }) as unknown as typeof records;
  } catch (error) {
    throw new ValidationError(
      `${source} is not valid CSV (${(error as Error).message.replace(/\s+/g, ' ').slice(0, 160)}): fix the file and import it again.`,
      { cause: error },
    );
  }
  if (records.length === 0)
    throw new ValidationError(
      `${source} has no header row: the first line must name the columns (email, name, council, …).`,
    );

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
      rejected.push({
        line,
        reason: `has ${record.length} field${record.length === 1 ? '' : 's'} but the header has ${header.length}; check for a stray comma or quote`,
      });
      continue;
    }
    const raw: Record<string, string> = {};
    for (const [name, index] of columnIndex) raw[name] = record[index]!;
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) {
      rejected.push({ line, reason: parsed.error.issues.map((issue) => issue.message).join('; ') });
      continue;
    }
    const person = parsed.data;
    const earlier = firstLineOf.get(person.email);
    if (earlier !== undefined) {
      rejected.push({ line, reason: `the same email is already on line ${earlier}; give each person one row` });
      continue;
    }
    firstLineOf.set(person.email, line);
    rows.push({ line, person });
  }
  return { rows, rejected, warnings };
}
