import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractCouncil } from '../../../src/core/assistant/index.ts';
import { councilsFileSchema, defaultCouncils, useCouncils } from '../../../src/core/councils/index.ts';
import { councilMentioned, normaliseCouncil } from '../../../src/core/people/index.ts';

// The councils' names are matched in three ways: a whole field that names a council (a CSV column, --council), a
// council named anywhere in a text (a job title, a web address), and a council named in a question, taken out of
// it with the words around it ("GIS in Torfaen" → "GIS"). These tables hold what each gives, with the two default
// councils and with four configured in the councils file; a row changed on purpose says so.

type Named = [text: string, council: string | null];
type Extracted = [text: string, council: string | null, rest: string];

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

const tables: Record<'default' | 'four', { named: Named[]; mentioned: Named[]; extracted: Extracted[] }> = {
  default: {
    named: [
      ['Blaenau Gwent', 'blaenau-gwent'],
      ['blaenau-gwent', 'blaenau-gwent'],
      ['blaenaugwent', 'blaenau-gwent'],
      ['BGCBC', 'blaenau-gwent'],
      ['bgcbc', 'blaenau-gwent'],
      ['BG', 'blaenau-gwent'],
      ['CBSBG', 'blaenau-gwent'],
      ['Cyngor Torfaen', 'torfaen'],
      ['TCBC', 'torfaen'],
      ['CBST', 'torfaen'],
      [' TORFAEN ', 'torfaen'],
      ['Torfaen County Borough Council', 'torfaen'],
      ['Blaenau Gwent County Borough Council', 'blaenau-gwent'],
      ['Cyngor Bwrdeistref Sirol Torfaen', 'torfaen'],
      ['Torfaen CBC', 'torfaen'],
      ['Torfaen Council', 'torfaen'],
      ['Nhorfaen', 'torfaen'],
      ['Mlaenau Gwent', 'blaenau-gwent'],
      ['Dorfaen', 'torfaen'],
      ['Thorfaen', 'torfaen'],
      ['torfaen.gov.uk', 'torfaen'],
      ['Cardiff', null],
      ['', null],
      ['council', null],
      ['Blaenau Gwent and Torfaen', null],
      ['Sir Fynwy', null],
      ['Cyngor Sir Fynwy', null],
      ['Monmouthshire County Council', null],
      ['MCC', null],
      ['Caerphilly', null],
      ['Caerffili', null],
      ['Nghaerffili', null],
      ['Caerphilly CBC', null],
      ['Caerphilly County Borough Council', null],
    ],
    mentioned: [
      ['Pennaeth Gwastraff yn Nhorfaen', 'torfaen'],
      ['head of waste in Blaenau Gwent', 'blaenau-gwent'],
      ['head of waste', null],
      ['Torfaen and Blaenau Gwent', null],
      ['www.torfaen.gov.uk', 'torfaen'],
      ['blaenau-gwent.gov.uk', 'blaenau-gwent'],
      ['TCBC waste team', 'torfaen'],
      ['ym Mlaenau Gwent', 'blaenau-gwent'],
      ['o Dorfaen', 'torfaen'],
      ['a Thorfaen', 'torfaen'],
      ['Torfaen-based team', 'torfaen'],
      ['Torfaenx', null],
      ['head of waste, torfaen', 'torfaen'],
      // Changed on purpose: a possessive names the council (it gave null, as the apostrophe was dropped before matching).
      ["Torfaen's waste team", 'torfaen'],
      ['bgcbc', 'blaenau-gwent'],
      ['BG', 'blaenau-gwent'],
      ['Blaenau  Gwent', 'blaenau-gwent'],
      ['anna@torfaen.gov.uk', 'torfaen'],
      ['Caerphilly', null],
      ['yng Nghaerffili', null],
      ['o Gaerffili', null],
      ['www.caerphilly.gov.uk', null],
      ['Head of GIS, Sir Fynwy', null],
      ['Monmouthshire and Torfaen', 'torfaen'],
      ['Rheolwr yn Sir Fynwy', null],
      ['MCC', null],
    ],
    extracted: [
      ['who does GIS in Torfaen', 'torfaen', 'who does GIS'],
      ["pwy sy'n gwneud GIS yn Nhorfaen", 'torfaen', "pwy sy'n gwneud GIS"],
      ['GIS ym Mlaenau Gwent', 'blaenau-gwent', 'GIS'],
      ['GIS at BGCBC', 'blaenau-gwent', 'GIS'],
      ['GIS at the council of Torfaen', 'torfaen', 'GIS'],
      ['waste in Torfaen County Borough Council', 'torfaen', 'waste'],
      ['waste in Torfaen council team', 'torfaen', 'waste team'],
      ['email j@torfaen.gov.uk about GIS', null, 'email j@torfaen.gov.uk about GIS'],
      ['GIS', null, 'GIS'],
      ['GIS o Dorfaen', 'torfaen', 'GIS'],
      ['Torfaen GIS', 'torfaen', 'GIS'],
      ['GIS in blaenau-gwent', 'blaenau-gwent', 'GIS'],
      ['GIS in blaenau-gwent.gov.uk', null, 'GIS in blaenau-gwent.gov.uk'],
      ['GIS a Thorfaen', 'torfaen', 'GIS'],
      ['GIS gyda Chyngor Torfaen', 'torfaen', 'GIS gyda Chyngor'],
      ['GIS for BG', 'blaenau-gwent', 'GIS'],
      ['GIS in Torfaen-based teams', null, 'GIS in Torfaen-based teams'],
      ["Torfaen's GIS team", 'torfaen', "'s GIS team"],
      ['GIS in Torfaen and Blaenau Gwent', 'torfaen', 'GIS and Blaenau Gwent'],
      ['GIS yng Nghaerffili', null, 'GIS yng Nghaerffili'],
      ['GIS in Caerphilly CBC', null, 'GIS in Caerphilly CBC'],
      ['GIS o Gaerffili', null, 'GIS o Gaerffili'],
      ['GIS yn Sir Fynwy', null, 'GIS yn Sir Fynwy'],
      ['GIS in Monmouthshire', null, 'GIS in Monmouthshire'],
      ['GIS at MCC', null, 'GIS at MCC'],
      ['GIS in the Caerphilly council', null, 'GIS in the Caerphilly council'],
    ],
  },
  four: {
    named: [
      ['Blaenau Gwent', 'blaenau-gwent'],
      ['blaenau-gwent', 'blaenau-gwent'],
      ['blaenaugwent', 'blaenau-gwent'],
      ['BGCBC', 'blaenau-gwent'],
      ['bgcbc', 'blaenau-gwent'],
      ['BG', 'blaenau-gwent'],
      ['CBSBG', 'blaenau-gwent'],
      ['Cyngor Torfaen', 'torfaen'],
      ['TCBC', 'torfaen'],
      ['CBST', 'torfaen'],
      [' TORFAEN ', 'torfaen'],
      ['Torfaen County Borough Council', 'torfaen'],
      ['Blaenau Gwent County Borough Council', 'blaenau-gwent'],
      ['Cyngor Bwrdeistref Sirol Torfaen', 'torfaen'],
      ['Torfaen CBC', 'torfaen'],
      ['Torfaen Council', 'torfaen'],
      ['Nhorfaen', 'torfaen'],
      ['Mlaenau Gwent', 'blaenau-gwent'],
      ['Dorfaen', 'torfaen'],
      ['Thorfaen', 'torfaen'],
      ['torfaen.gov.uk', 'torfaen'],
      ['Cardiff', null],
      ['', null],
      ['council', null],
      ['Blaenau Gwent and Torfaen', null],
      ['Sir Fynwy', 'monmouthshire'],
      ['Cyngor Sir Fynwy', 'monmouthshire'],
      ['Monmouthshire County Council', 'monmouthshire'],
      ['MCC', 'monmouthshire'],
      ['Caerphilly', 'caerphilly'],
      ['Caerffili', 'caerphilly'],
      ['Nghaerffili', 'caerphilly'],
      ['Caerphilly CBC', 'caerphilly'],
      ['Caerphilly County Borough Council', 'caerphilly'],
    ],
    mentioned: [
      ['Pennaeth Gwastraff yn Nhorfaen', 'torfaen'],
      ['head of waste in Blaenau Gwent', 'blaenau-gwent'],
      ['head of waste', null],
      ['Torfaen and Blaenau Gwent', null],
      ['www.torfaen.gov.uk', 'torfaen'],
      ['blaenau-gwent.gov.uk', 'blaenau-gwent'],
      ['TCBC waste team', 'torfaen'],
      ['ym Mlaenau Gwent', 'blaenau-gwent'],
      ['o Dorfaen', 'torfaen'],
      ['a Thorfaen', 'torfaen'],
      ['Torfaen-based team', 'torfaen'],
      ['Torfaenx', null],
      ['head of waste, torfaen', 'torfaen'],
      // Changed on purpose: a possessive names the council (it gave null, as the apostrophe was dropped before matching).
      ["Torfaen's waste team", 'torfaen'],
      ['bgcbc', 'blaenau-gwent'],
      ['BG', 'blaenau-gwent'],
      ['Blaenau  Gwent', 'blaenau-gwent'],
      ['anna@torfaen.gov.uk', 'torfaen'],
      ['Caerphilly', 'caerphilly'],
      ['yng Nghaerffili', 'caerphilly'],
      ['o Gaerffili', 'caerphilly'],
      ['www.caerphilly.gov.uk', 'caerphilly'],
      ['Head of GIS, Sir Fynwy', 'monmouthshire'],
      ['Monmouthshire and Torfaen', null],
      ['Rheolwr yn Sir Fynwy', 'monmouthshire'],
      ['MCC', 'monmouthshire'],
    ],
    extracted: [
      ['who does GIS in Torfaen', 'torfaen', 'who does GIS'],
      ["pwy sy'n gwneud GIS yn Nhorfaen", 'torfaen', "pwy sy'n gwneud GIS"],
      ['GIS ym Mlaenau Gwent', 'blaenau-gwent', 'GIS'],
      ['GIS at BGCBC', 'blaenau-gwent', 'GIS'],
      ['GIS at the council of Torfaen', 'torfaen', 'GIS'],
      ['waste in Torfaen County Borough Council', 'torfaen', 'waste'],
      ['waste in Torfaen council team', 'torfaen', 'waste team'],
      ['email j@torfaen.gov.uk about GIS', null, 'email j@torfaen.gov.uk about GIS'],
      ['GIS', null, 'GIS'],
      ['GIS o Dorfaen', 'torfaen', 'GIS'],
      ['Torfaen GIS', 'torfaen', 'GIS'],
      ['GIS in blaenau-gwent', 'blaenau-gwent', 'GIS'],
      ['GIS in blaenau-gwent.gov.uk', null, 'GIS in blaenau-gwent.gov.uk'],
      ['GIS a Thorfaen', 'torfaen', 'GIS'],
      ['GIS gyda Chyngor Torfaen', 'torfaen', 'GIS gyda Chyngor'],
      ['GIS for BG', 'blaenau-gwent', 'GIS'],
      ['GIS in Torfaen-based teams', null, 'GIS in Torfaen-based teams'],
      ["Torfaen's GIS team", 'torfaen', "'s GIS team"],
      ['GIS in Torfaen and Blaenau Gwent', 'torfaen', 'GIS and Blaenau Gwent'],
      ['GIS yng Nghaerffili', 'caerphilly', 'GIS'],
      ['GIS in Caerphilly CBC', 'caerphilly', 'GIS'],
      ['GIS o Gaerffili', 'caerphilly', 'GIS'],
      ['GIS yn Sir Fynwy', 'monmouthshire', 'GIS'],
      ['GIS in Monmouthshire', 'monmouthshire', 'GIS'],
      ['GIS at MCC', 'monmouthshire', 'GIS'],
      ['GIS in the Caerphilly council', 'caerphilly', 'GIS'],
    ],
  },
};

afterEach(() => useCouncils(defaultCouncils));

describe.each([
  ['the two default councils', 'default' as const],
  ['four councils from the councils file', 'four' as const],
])('council names, with %s', (_label, key) => {
  beforeEach(() => useCouncils(key === 'four' ? fourCouncils : defaultCouncils));
  const table = tables[key];

  it.each(table.named)('a field %j names %j', (text, council) => {
    expect(normaliseCouncil(text)).toBe(council);
  });

  it.each(table.mentioned)('a text %j mentions %j', (text, council) => {
    expect(councilMentioned(text)).toBe(council);
  });

  it.each(table.extracted)('a question %j is about %j, leaving %j', (text, council, rest) => {
    const found = extractCouncil(text);
    expect(found.council ?? null).toBe(council);
    expect(found.rest).toBe(rest);
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
