import { describe, expect, it } from 'vitest';
import { addWorkingDays, easterSunday, isWorkingDay, welshBankHolidays } from '../../../src/core/sharing/index.ts';

describe('the working-day calendar in Wales', () => {
  it('knows the bank holidays of England and Wales, with substitute days', () => {
    expect(welshBankHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
    // Christmas on a Saturday: the substitutes are Monday and Tuesday.
    expect(welshBankHolidays(2027)).toEqual([
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ]);
    // New Year's Day on a Saturday moves to Monday 3 January.
    expect(welshBankHolidays(2028)[0]).toBe('2028-01-03');
    // Christmas on a Sunday: Boxing Day stays Monday and Christmas moves to Tuesday.
    expect(welshBankHolidays(2022)).toEqual([
      '2022-01-03',
      '2022-04-15',
      '2022-04-18',
      '2022-05-02',
      '2022-06-02',
      '2022-06-03',
      '2022-08-29',
      '2022-09-19',
      '2022-12-26',
      '2022-12-27',
    ]);
    expect(welshBankHolidays(2023)).toEqual([
      '2023-01-02',
      '2023-04-07',
      '2023-04-10',
      '2023-05-01',
      '2023-05-08',
      '2023-05-29',
      '2023-08-28',
      '2023-12-25',
      '2023-12-26',
    ]);
  });

  it('computes Easter for any year', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2038)).toBe('2038-04-25');
    expect(easterSunday(2285)).toBe('2285-03-22');
  });

  it('does not count weekends or bank holidays', () => {
    expect(isWorkingDay('2026-03-06')).toBe(true);
    expect(isWorkingDay('2026-03-07')).toBe(false);
    expect(isWorkingDay('2026-08-31')).toBe(false);
    // Friday 10:00 plus one working day is Monday 10:00.
    expect(addWorkingDays(new Date('2026-03-06T10:00:00Z'), 1).toISOString()).toBe('2026-03-09T10:00:00.000Z');
    // Over Easter: Thursday plus one working day is the Tuesday after Easter Monday.
    expect(addWorkingDays(new Date('2026-04-02T15:00:00Z'), 1).toISOString()).toBe('2026-04-07T15:00:00.000Z');
    // Christmas week 2026: Thursday 24 December plus two working days is Wednesday 30 December.
    expect(addWorkingDays(new Date('2026-12-24T09:00:00Z'), 2).toISOString()).toBe('2026-12-30T09:00:00.000Z');
  });

  it('starts counting a request made at the weekend from the next working morning', () => {
    // Saturday 7 March, one working day: the end of Monday, midnight in Wales.
    expect(addWorkingDays(new Date('2026-03-07T14:00:00Z'), 1).toISOString()).toBe('2026-03-10T00:00:00.000Z');
    // In summer time, midnight in Wales is 23:00 UTC. Saturday 29 August before the summer bank holiday: due at the end of Tuesday.
    expect(addWorkingDays(new Date('2026-08-29T10:00:00Z'), 1).toISOString()).toBe('2026-09-01T23:00:00.000Z');
  });
});
