import { describe, expect, it } from 'vitest';
import { councilMentioned, normaliseCouncil } from '../../../src/core/people/council.ts';
import { inferLevel } from '../../../src/core/people/levels.ts';

describe('levels from job titles', () => {
  it.each([
    ['Chief Executive', 'chief-officer'],
    ['Corporate Director of Social Services', 'chief-officer'],
    ['Prif Weithredwr', 'chief-officer'],
    ['Head of Waste and Recycling', 'head-of-service'],
    ['Pennaeth Addysg', 'head-of-service'],
    ['Assistant Director Resources', 'head-of-service'],
    ['Procurement Manager', 'manager'],
    ['Rheolwr Caffael', 'manager'],
    ['Recycling Team Leader', 'team-leader'],
    ['Arweinydd Tîm Tai', 'team-leader'],
    ['Team Manager Safeguarding', 'team-leader'],
    ['GIS Technician', 'officer'],
    ['Swyddog Cyfieithu', 'officer'],
  ])('reads "%s" as %s', (title, level) => {
    expect(inferLevel(title)).toBe(level);
  });
});

describe('council names', () => {
  it.each([
    ['Blaenau Gwent', 'blaenau-gwent'],
    ['blaenau-gwent', 'blaenau-gwent'],
    ['BGCBC', 'blaenau-gwent'],
    ['Blaenau Gwent County Borough Council', 'blaenau-gwent'],
    ['Cyngor Bwrdeistref Sirol Blaenau Gwent', 'blaenau-gwent'],
    ['Torfaen', 'torfaen'],
    ['TCBC', 'torfaen'],
    ['Cyngor Torfaen', 'torfaen'],
    ['Cardiff', null],
    ['', null],
  ])('reads "%s" as %s', (name, council) => {
    expect(normaliseCouncil(name)).toBe(council);
  });

  it('finds a council named in a sentence, with Welsh mutations', () => {
    expect(councilMentioned('Pennaeth Gwastraff yn Nhorfaen')).toBe('torfaen');
    expect(councilMentioned('head of waste in Blaenau Gwent')).toBe('blaenau-gwent');
    expect(councilMentioned('head of waste')).toBeNull();
  });
});
