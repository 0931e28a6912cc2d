/**
 * Working days in Wales: Monday to Friday, less the bank holidays of England and Wales. Follow-up deadlines
 * are counted in these, so a request opened on a Friday before a bank-holiday weekend is not chased on the
 * Monday.
 */

/** A calendar date as `YYYY-MM-DD`. */
export type CalendarDate = string;

function format(year: number, month: number, day: number): CalendarDate {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function dayOfWeek(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

function shift(year: number, month: number, day: number, days: number): CalendarDate {
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return format(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Easter Sunday (Gregorian calendar), by the anonymous algorithm in Butcher's form. */
export function easterSunday(year: number): CalendarDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return format(year, month, day);
}

function firstMonday(year: number, month: number): CalendarDate {
  const offset = (8 - dayOfWeek(year, month, 1)) % 7;
  return format(year, month, 1 + offset);
}

function lastMonday(year: number, month: number): CalendarDate {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offset = (dayOfWeek(year, month, last) + 6) % 7;
  return format(year, month, last - offset);
}

// NOTE: proclaimed one-off changes that no rule predicts: the early May holiday moved for VE Day (2020),
// the spring holiday moved and the Platinum Jubilee added (2022), the Queen's funeral (2022) and the
// coronation (2023). Extend this table when a new one is proclaimed.
const proclaimed: Record<number, { remove: CalendarDate[]; add: CalendarDate[] }> = {
  1995: { remove: ['1995-05-01'], add: ['1995-05-08'] },
  2002: { remove: ['2002-05-27'], add: ['2002-06-03', '2002-06-04'] },
  2011: { remove: [], add: ['2011-04-29'] },
  2012: { remove: ['2012-05-28'], add: ['2012-06-04', '2012-06-05'] },
  2020: { remove: ['2020-05-04'], add: ['2020-05-08'] },
  2022: { remove: ['2022-05-30'], add: ['2022-06-02', '2022-06-03', '2022-09-19'] },
  2023: { remove: [], add: ['2023-05-08'] },
};

/**
 * The bank holidays of England and Wales in `year`, in date order: New Year's Day, Good Friday, Easter Monday,
 * the early May, spring and summer bank holidays, Christmas Day and Boxing Day, with substitute weekdays when
 * a fixed holiday falls at a weekend.
 */
export function welshBankHolidays(year: number): CalendarDate[] {
  const days = new Set<CalendarDate>();

  const newYear = dayOfWeek(year, 1, 1);
  days.add(newYear === 6 ? format(year, 1, 3) : newYear === 0 ? format(year, 1, 2) : format(year, 1, 1));

  const [easterYear, easterMonth, easterDay] = easterSunday(year).split('-').map(Number) as [number, number, number];
  days.add(shift(easterYear, easterMonth, easterDay, -2));
  days.add(shift(easterYear, easterMonth, easterDay, 1));

  days.add(firstMonday(year, 5));
  days.add(lastMonday(year, 5));
  days.add(lastMonday(year, 8));

  // Christmas and Boxing Day: a holiday at a weekend moves to the next weekday not already a holiday.
  const christmas = dayOfWeek(year, 12, 25);
  if (christmas === 5) days.add(format(year, 12, 25)).add(format(year, 12, 28));
  else if (christmas === 6) days.add(format(year, 12, 27)).add(format(year, 12, 28));
  else if (christmas === 0) days.add(format(year, 12, 26)).add(format(year, 12, 27));
  else days.add(format(year, 12, 25)).add(format(year, 12, 26));

  const changes = proclaimed[year];
  for (const day of changes?.remove ?? []) days.delete(day);
  for (const day of changes?.add ?? []) days.add(day);
  return [...days].sort();
}

const holidayCache = new Map<number, Set<CalendarDate>>();

function holidays(year: number): Set<CalendarDate> {
  let set = holidayCache.get(year);
  if (!set) {
    set = new Set(welshBankHolidays(year));
    holidayCache.set(year, set);
  }
  return set;
}

// NOTE: made at first use, not when the module loads: the first formatter with a time zone loads the zone data, tens
// of milliseconds that every command would pay, including those that never work out a date.
let londonDate: Intl.DateTimeFormat | undefined;
let londonHour: Intl.DateTimeFormat | undefined;

/** The date in Wales (Europe/London) at `instant`. */
export function dateInWales(instant: Date): CalendarDate {
  londonDate ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return londonDate.format(instant);
}

/** Whether `date` (YYYY-MM-DD) is a working day in Wales. */
export function isWorkingDay(date: CalendarDate): boolean {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const weekday = dayOfWeek(year, month, day);
  if (weekday === 0 || weekday === 6) return false;
  return !holidays(year).has(date);
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The instant `days` working days after `start`, at the same time of day. A start on a weekend or bank
 * holiday counts from the beginning of the next working day, so a Saturday request with a one-day deadline is
 * due at the end of Monday (Tuesday at midnight).
 *
 * NOTE: days are stepped in 24-hour units, so a deadline across a clock change lands an hour early or late;
 * for a reminder that does not matter, and it keeps the arithmetic free of time-zone tables.
 */
export function addWorkingDays(start: Date, days: number): Date {
  if (!Number.isFinite(days) || days < 0)
    throw new RangeError(`addWorkingDays needs a whole number of days of 0 or more, not ${days}`);
  let cursor = new Date(start.getTime());
  if (!isWorkingDay(dateInWales(cursor))) {
    // Move to midnight (Wales) at the start of the next working day.
    while (!isWorkingDay(dateInWales(cursor))) cursor = new Date(cursor.getTime() + dayMs);
    const date = dateInWales(cursor);
    const midnightUtc = new Date(`${date}T00:00:00Z`).getTime();
    cursor = new Date(midnightUtc - londonOffsetMs(new Date(midnightUtc)));
  }
  let remaining = Math.ceil(days);
  while (remaining > 0) {
    cursor = new Date(cursor.getTime() + dayMs);
    if (isWorkingDay(dateInWales(cursor))) remaining -= 1;
  }
  return cursor;
}

/** How far Wales is ahead of UTC at `instant` (0 in winter, one hour in summer). */
function londonOffsetMs(instant: Date): number {
  londonHour ??= new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' });
  const hour = Number(londonHour.format(instant));
  const difference = (hour - instant.getUTCHours() + 24) % 24;
  return difference * 60 * 60 * 1000;
}
