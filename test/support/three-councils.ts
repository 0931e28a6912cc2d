import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { blaenauGwent, councilsFileText, monmouthshire, torfaen, writeCouncilsFile } from './councils-file.ts';
import { sampleDirectoryCsv } from './test-pont.ts';

/** Blaenau Gwent and Torfaen, and Monmouthshire added by its entry in the councils file alone. */
export const threeCouncilsFile = councilsFileText([blaenauGwent, torfaen, monmouthshire]);

/** Monmouthshire staff, in the HR export's columns, to import after the sample directory. */
export const monmouthshireStaffCsv = [
  fs.readFileSync(sampleDirectoryCsv, 'utf8').split('\n')[0],
  'nia.rowlands@monmouthshire.gov.uk,Nia Rowlands,Sir Fynwy,Head of Waste and Street Services,Neighbourhood Services,Waste,,Waste management;Rota planning;Refuse collection,3,,,true',
  'tomos.bevan@monmouthshire.gov.uk,Tomos Bevan,MCC,Waste Collections Manager,Waste and Recycling,Waste Collections,nia.rowlands@monmouthshire.gov.uk,Refuse collection;Rota planning;Bank holiday collections,2,,,true',
].join('\n');

/** Writes the three-council file to a fresh folder; `PONT_COUNCILS_FILE` names it, `remove` deletes the folder. */
export function writeThreeCouncilsFile(): { environment: { PONT_COUNCILS_FILE: string }; remove(): void } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-three-councils-'));
  const file = writeCouncilsFile(folder, [blaenauGwent, torfaen, monmouthshire]);
  return {
    environment: { PONT_COUNCILS_FILE: file },
    remove: () => fs.rmSync(folder, { recursive: true, force: true }),
  };
}
