import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

/** One council's entry in the councils file (PONT_COUNCILS_FILE), as an operator writes it. */
export interface CouncilEntry {
  id: string;
  name: { en: string; cy: string };
  abbreviation: { en: string; cy: string };
  aliases?: string[];
  domains: string[];
  admins?: string[];
}

export const blaenauGwent: CouncilEntry = {
  id: 'blaenau-gwent',
  name: { en: 'Blaenau Gwent', cy: 'Blaenau Gwent' },
  abbreviation: { en: 'BGCBC', cy: 'CBSBG' },
  aliases: ['BG'],
  domains: ['blaenau-gwent.gov.uk'],
};
export const torfaen: CouncilEntry = {
  id: 'torfaen',
  name: { en: 'Torfaen', cy: 'Torfaen' },
  abbreviation: { en: 'TCBC', cy: 'CBST' },
  domains: ['torfaen.gov.uk'],
};
/** A third council, added by its entry in the councils file alone. */
export const monmouthshire: CouncilEntry = {
  id: 'monmouthshire',
  name: { en: 'Monmouthshire', cy: 'Sir Fynwy' },
  abbreviation: { en: 'MCC', cy: 'CSF' },
  domains: ['monmouthshire.gov.uk'],
};

/** An admin of each council in the sample directory, named in the councils file. */
export const torfaenAdmin = 'owain.price@torfaen.gov.uk';
export const blaenauGwentAdmin = 'gwen.edwards@blaenau-gwent.gov.uk';

/** The council's entry with these admins. */
export const withAdmins = (council: CouncilEntry, ...admins: string[]): CouncilEntry => ({ ...council, admins });

/** Blaenau Gwent and Torfaen, each with its own admin. */
export const councilsWithTheirAdmins = [withAdmins(blaenauGwent, blaenauGwentAdmin), withAdmins(torfaen, torfaenAdmin)];

/** The councils file's text for these councils. */
export function councilsFileText(councils: CouncilEntry[]): string {
  return stringify({ councils });
}

/** Writes the councils file for these councils into `folder` and returns its path, for PONT_COUNCILS_FILE. */
export function writeCouncilsFile(folder: string, councils: CouncilEntry[]): string {
  const file = path.join(folder, 'councils.yaml');
  fs.writeFileSync(file, councilsFileText(councils));
  return file;
}
