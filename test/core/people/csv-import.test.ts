import { describe, expect, it } from 'vitest';
import { parseDirectoryCsv } from '../../../src/core/people/csv-import.ts';
import { ValidationError } from '../../../src/errors.ts';
import { badRowsCsv, directoryCsv } from './directory-fixture.ts';

describe('reading an HR export', () => {
  it('reads headers in any case and order and normalises council names', () => {
    const parsed = parseDirectoryCsv(directoryCsv);
    expect(parsed.rejected).toEqual([]);
    expect(parsed.warnings).toEqual([]);
    const councils = Object.fromEntries(parsed.rows.map((row) => [row.person.email, row.person.council]));
    expect(councils['sian.morgan@torfaen.gov.uk']).toBe('torfaen');
    expect(councils['aled.jenkins@torfaen.gov.uk']).toBe('torfaen');
    expect(councils['nia.roberts@torfaen.gov.uk']).toBe('torfaen');
    expect(councils['karen.phillips@blaenau-gwent.gov.uk']).toBe('blaenau-gwent');
    expect(councils['joanne.reynolds@blaenau-gwent.gov.uk']).toBe('blaenau-gwent');
    const nia = parsed.rows.find((row) => row.person.email === 'nia.roberts@torfaen.gov.uk')!.person;
    expect(nia.welshLevel).toBe(4);
    expect(nia.skills).toEqual(['Procurement', 'Tender evaluation']);
  });

  it('rejects each bad row with its line number and a reason, and keeps the good rows', () => {
    const parsed = parseDirectoryCsv(badRowsCsv);
    expect(parsed.rows.map((row) => row.person.email)).toEqual([
      'good.person@torfaen.gov.uk',
      'another.good@blaenau-gwent.gov.uk',
    ]);
    expect(parsed.rows[1]!.person).toMatchObject({ council: 'blaenau-gwent', welshLevel: 3, visible: false });
    expect(parsed.rejected.map((rejection) => rejection.line)).toEqual([3, 4, 5, 6, 7, 8]);
    const reasons = parsed.rejected.map((rejection) => rejection.reason);
    expect(reasons[0]).toMatch(/email is empty/);
    expect(reasons[1]).toMatch(/not a valid email/);
    expect(reasons[2]).toMatch(/council "Cardiff" is neither Blaenau Gwent nor Torfaen/);
    expect(reasons[3]).toMatch(/welsh_level "7"/);
    expect(reasons[4]).toMatch(/visible "perhaps"/);
    expect(reasons[5]).toMatch(/already on line 2/);
  });

  it("never repeats a person's name or email in a rejection reason", () => {
    const parsed = parseDirectoryCsv(badRowsCsv);
    for (const { reason } of parsed.rejected) {
      expect(reason).not.toMatch(/@|Bad Email|Duplicate Person|Bad Welsh/);
    }
  });

  it('ignores unknown columns with a warning', () => {
    const parsed = parseDirectoryCsv(badRowsCsv);
    expect(parsed.warnings).toEqual(['ignored the unknown column "favourite_colour"']);
  });

  it('refuses a file without the email, name or council column, in one line', () => {
    expect(() => parseDirectoryCsv('email,full name\na@torfaen.gov.uk,A', 'staff.csv')).toThrowError(ValidationError);
    expect(() => parseDirectoryCsv('email,full name\na@torfaen.gov.uk,A', 'staff.csv')).toThrowError(
      /^staff\.csv is not a staff directory CSV: it has no name, council columns/,
    );
  });

  it('refuses a binary or broken file whole', () => {
    expect(() => parseDirectoryCsv('%PDF-1.7\u0000\u0001binary', 'report.pdf')).toThrowError(
      /report\.pdf is not a CSV file/,
    );
    expect(() => parseDirectoryCsv('email,name,council\n"a@torfaen.gov.uk,A,Torfaen\n', 'broken.csv')).toThrowError(
      /broken\.csv is not valid CSV/,
    );
    expect(() => parseDirectoryCsv('   \n', 'empty.csv')).toThrowError(/empty\.csv is empty/);
    expect(() => parseDirectoryCsv('{"people": [{"email": "a@b.c"}]}', 'people.json')).toThrowError(
      /^people\.json is not (valid CSV|a staff directory CSV)/,
    );
  });

  it('rejects a row with the wrong number of fields without losing the others', () => {
    const parsed = parseDirectoryCsv(
      'email,name,council\na@torfaen.gov.uk,A,Torfaen,extra\n\nb@torfaen.gov.uk,B,Torfaen',
    );
    expect(parsed.rejected).toEqual([{ line: 2, reason: expect.stringMatching(/has 4 fields but the header has 3/) }]);
    expect(parsed.rows).toEqual([expect.objectContaining({ line: 4 })]);
  });

  it('reads a tab- or semicolon-separated export too', () => {
    const tabs = parseDirectoryCsv('email\tname\tcouncil\tskills\na@torfaen.gov.uk\tA\tTorfaen\tGIS;Mapping');
    expect(tabs.rows[0]!.person).toMatchObject({ council: 'torfaen', skills: ['GIS', 'Mapping'] });
    const semicolons = parseDirectoryCsv('email;name;council;skills\nb@blaenau-gwent.gov.uk;B;BGCBC;"GIS;Mapping"');
    expect(semicolons.rows[0]!.person).toMatchObject({ council: 'blaenau-gwent', skills: ['GIS', 'Mapping'] });
  });
});
