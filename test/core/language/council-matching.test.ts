import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractCouncil } from '../../../src/core/assistant/index.ts';
import { councilsFileSchema, defaultCouncils, useCouncils } from '../../../src/core/councils/index.ts';
import { councilMentioned, normaliseCouncil } from '../../../src/core/people/index.ts';

// The councils' names are matched in three ways: a whole field that names a council (a CSV column, --council), a
// council named anywhere in a text (a job title, a web address), and a council named in a question, taken out of
// it with the words around it ("GIS in Torfaen" → "GIS"). These tables hold what each gives, with the two default
// councils and with four configured in the councils file; a row changed on purpose says so.

const fourCouncils = councilsFileSchema.parse({
  councils: [
    ...defaultCouncils,
    {
      id: 'monmouthshire',
      name: { en: 'Monmouthshire', cy: 'Sir Fynwy' },
      abbreviation: { en: 'MCC', cy: 'CSF' },
      domains: ['monmouthshire.gov.uk'],
    },
    {
      id: 'caerphilly',
      name: { en: 'Caerphilly', cy: 'Caerffili' },
      abbreviation: { en: 'CCBC', cy: 'CBSC' },
      domains: ['caerphilly.gov.uk'],
    },
  ],
}).councils;

// Each row: the text, then what it gives with the two default councils, then with four.
const named: [text: string, withTwo: string | null, withFour: string | null][] = [
  ['Blaenau Gwent', 'blaenau-gwent', 'blaenau-gwent'],
  ['blaenau-gwent', 'blaenau-gwent', 'blaenau-gwent'],
  ['blaenaugwent', 'blaenau-gwent', 'blaenau-gwent'],
  ['BGCBC', 'blaenau-gwent', 'blaenau-gwent'],
  ['bgcbc', 'blaenau-gwent', 'blaenau-gwent'],
  ['BG', 'blaenau-gwent', 'blaenau-gwent'],
  ['CBSBG', 'blaenau-gwent', 'blaenau-gwent'],
  ['Cyngor Torfaen', 'torfaen', 'torfaen'],
  ['TCBC', 'torfaen', 'torfaen'],
  ['CBST', 'torfaen', 'torfaen'],
  [' TORFAEN ', 'torfaen', 'torfaen'],
  ['Torfaen County Borough Council', 'torfaen', 'torfaen'],
  ['Blaenau Gwent County Borough Council', 'blaenau-gwent', 'blaenau-gwent'],
  ['Cyngor Bwrdeistref Sirol Torfaen', 'torfaen', 'torfaen'],
  ['Torfaen CBC', 'torfaen', 'torfaen'],
  ['Torfaen Council', 'torfaen', 'torfaen'],
  ['Nhorfaen', 'torfaen', 'torfaen'],
  ['Mlaenau Gwent', 'blaenau-gwent', 'blaenau-gwent'],
  ['Dorfaen', 'torfaen', 'torfaen'],
  ['Thorfaen', 'torfaen', 'torfaen'],
  ['torfaen.gov.uk', 'torfaen', 'torfaen'],
  ['Cardiff', null, null],
  ['', null, null],
  ['council', null, null],
  ['Blaenau Gwent and Torfaen', null, null],
  ['Sir Fynwy', null, 'monmouthshire'],
  ['Cyngor Sir Fynwy', null, 'monmouthshire'],
  ['Monmouthshire County Council', null, 'monmouthshire'],
  ['MCC', null, 'monmouthshire'],
  ['Caerphilly', null, 'caerphilly'],
  ['Caerffili', null, 'caerphilly'],
  ['Nghaerffili', null, 'caerphilly'],
  ['Caerphilly CBC', null, 'caerphilly'],
  ['Caerphilly County Borough Council', null, 'caerphilly'],
];
const mentioned: [text: string, withTwo: string | null, withFour: string | null][] = [
  ['Pennaeth Gwastraff yn Nhorfaen', 'torfaen', 'torfaen'],
  ['head of waste in Blaenau Gwent', 'blaenau-gwent', 'blaenau-gwent'],
  ['head of waste', null, null],
  ['Torfaen and Blaenau Gwent', null, null],
  ['www.torfaen.gov.uk', 'torfaen', 'torfaen'],
  ['blaenau-gwent.gov.uk', 'blaenau-gwent', 'blaenau-gwent'],
  ['TCBC waste team', 'torfaen', 'torfaen'],
  ['ym Mlaenau Gwent', 'blaenau-gwent', 'blaenau-gwent'],
  ['o Dorfaen', 'torfaen', 'torfaen'],
  ['a Thorfaen', 'torfaen', 'torfaen'],
  ['Torfaen-based team', 'torfaen', 'torfaen'],
  ['Torfaenx', null, null],
  ['head of waste, torfaen', 'torfaen', 'torfaen'],
  // Changed on purpose: a possessive names the council (it gave null, as the apostrophe was dropped before matching).
  ["Torfaen's waste team", 'torfaen', 'torfaen'],
  ['bgcbc', 'blaenau-gwent', 'blaenau-gwent'],
  ['BG', 'blaenau-gwent', 'blaenau-gwent'],
  ['Blaenau  Gwent', 'blaenau-gwent', 'blaenau-gwent'],
  ['anna@torfaen.gov.uk', 'torfaen', 'torfaen'],
  ['Caerphilly', null, 'caerphilly'],
  ['yng Nghaerffili', null, 'caerphilly'],
  ['o Gaerffili', null, 'caerphilly'],
  ['www.caerphilly.gov.uk', null, 'caerphilly'],
  ['Head of GIS, Sir Fynwy', null, 'monmouthshire'],
  ['Monmouthshire and Torfaen', 'torfaen', null],
  ['Rheolwr yn Sir Fynwy', null, 'monmouthshire'],
  ['MCC', null, 'monmouthshire'],
];
// A question's council, and what is left of it once the council is found (the question as it was when not).
const extracted: [text: string, withTwo: string | null, withFour: string | null, rest: string][] = [
  ['who does GIS in Torfaen', 'torfaen', 'torfaen', 'who does GIS'],
  ["pwy sy'n gwneud GIS yn Nhorfaen", 'torfaen', 'torfaen', "pwy sy'n gwneud GIS"],
  ['GIS ym Mlaenau Gwent', 'blaenau-gwent', 'blaenau-gwent', 'GIS'],
  ['GIS at BGCBC', 'blaenau-gwent', 'blaenau-gwent', 'GIS'],
  ['GIS at the council of Torfaen', 'torfaen', 'torfaen', 'GIS'],
  ['waste in Torfaen County Borough Council', 'torfaen', 'torfaen', 'waste'],
  ['waste in Torfaen council team', 'torfaen', 'torfaen', 'waste team'],
  ['email j@torfaen.gov.uk about GIS', null, null, 'email j@torfaen.gov.uk about GIS'],
  ['GIS', null, null, 'GIS'],
  ['GIS o Dorfaen', 'torfaen', 'torfaen', 'GIS'],
  ['Torfaen GIS', 'torfaen', 'torfaen', 'GIS'],
  ['GIS in blaenau-gwent', 'blaenau-gwent', 'blaenau-gwent', 'GIS'],
  ['GIS in blaenau-gwent.gov.uk', null, null, 'GIS in blaenau-gwent.gov.uk'],
  ['GIS a Thorfaen', 'torfaen', 'torfaen', 'GIS'],
  ['GIS gyda Chyngor Torfaen', 'torfaen', 'torfaen', 'GIS gyda Chyngor'],
  ['GIS for BG', 'blaenau-gwent', 'blaenau-gwent', 'GIS'],
  ['GIS in Torfaen-based teams', null, null, 'GIS in Torfaen-based teams'],
  ["Torfaen's GIS team", 'torfaen', 'torfaen', "'s GIS team"],
  ['GIS in Torfaen and Blaenau Gwent', 'torfaen', 'torfaen', 'GIS and Blaenau Gwent'],
  ['GIS yng Nghaerffili', null, 'caerphilly', 'GIS'],
  ['GIS in Caerphilly CBC', null, 'caerphilly', 'GIS'],
  ['GIS o Gaerffili', null, 'caerphilly', 'GIS'],
  ['GIS yn Sir Fynwy', null, 'monmouthshire', 'GIS'],
  ['GIS in Monmouthshire', null, 'monmouthshire', 'GIS'],
  ['GIS at MCC', null, 'monmouthshire', 'GIS'],
  ['GIS in the Caerphilly council', null, 'caerphilly', 'GIS'],
];

afterEach(() => useCouncils(defaultCouncils));

describe.each([
  ['the two default councils', 'two' as const],
  ['four councils from the councils file', 'four' as const],
])('council names, with %s', (_label, councils) => {
  beforeEach(() => useCouncils(councils === 'four' ? fourCouncils : defaultCouncils));
  const expected = (withTwo: string | null, withFour: string | null) => (councils === 'four' ? withFour : withTwo);

  it.each(named)('a field %j names %j (or %j)', (text, withTwo, withFour) => {
    expect(normaliseCouncil(text)).toBe(expected(withTwo, withFour));
  });

  it.each(mentioned)('a text %j mentions %j (or %j)', (text, withTwo, withFour) => {
    expect(councilMentioned(text)).toBe(expected(withTwo, withFour));
  });

  it.each(extracted)('a question %j is about %j (or %j), leaving %j', (text, withTwo, withFour, rest) => {
    const council = expected(withTwo, withFour);
    const found = extractCouncil(text);
    expect(found.council ?? null).toBe(council);
    expect(found.rest).toBe(council === null ? text : rest);
  });
});

describe('a council whose name has accents', () => {
  beforeEach(() =>
    useCouncils(
      councilsFileSchema.parse({
        councils: [
          ...defaultCouncils,
          {
            id: 'anglesey',
            name: { en: 'Isle of Anglesey', cy: 'Ynys Môn' },
            abbreviation: { en: 'IACC', cy: 'CSYM' },
            domains: ['anglesey.gov.uk'],
          },
        ],
      }).councils,
    ),
  );

  it('is matched with its accents and without them', () => {
    expect(normaliseCouncil('Cyngor Sir Ynys Môn')).toBe('anglesey');
    expect(normaliseCouncil('Ynys Môn')).toBe('anglesey');
    expect(normaliseCouncil('Ynys Mon')).toBe('anglesey');
    expect(councilMentioned('Rheolwr Gwastraff, Ynys Mon')).toBe('anglesey');
    expect(extractCouncil('GIS yn Ynys Môn')).toEqual({ rest: 'GIS', council: 'anglesey' });
    expect(extractCouncil('GIS in Ynys Mon')).toEqual({ rest: 'GIS', council: 'anglesey' });
  });
});
