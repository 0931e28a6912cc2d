import { mutatedForms } from '../councils/index.ts';
import { councilNameMentions } from './council-names.ts';

/**
 * The 22 principal areas of Wales (each has one county or county borough council), by their English and Welsh
 * names and common short forms. Public fact, not configuration: a question about any of them is about that area,
 * whether or not Pont serves its council.
 */
const areas: Record<string, string[]> = {
  'blaenau-gwent': ['Blaenau Gwent'],
  bridgend: ['Bridgend', 'Pen-y-bont ar Ogwr'],
  caerphilly: ['Caerphilly', 'Caerffili'],
  cardiff: ['Cardiff', 'Caerdydd'],
  carmarthenshire: ['Carmarthenshire', 'Sir Gaerfyrddin'],
  ceredigion: ['Ceredigion'],
  conwy: ['Conwy'],
  denbighshire: ['Denbighshire', 'Sir Ddinbych'],
  flintshire: ['Flintshire', 'Sir y Fflint'],
  gwynedd: ['Gwynedd'],
  anglesey: ['Isle of Anglesey', 'Anglesey', 'Ynys Môn', 'Ynys Mon'],
  'merthyr-tydfil': ['Merthyr Tydfil', 'Merthyr Tudful'],
  monmouthshire: ['Monmouthshire', 'Sir Fynwy'],
  'neath-port-talbot': ['Neath Port Talbot', 'Castell-nedd Port Talbot'],
  newport: ['Newport', 'Casnewydd'],
  pembrokeshire: ['Pembrokeshire', 'Sir Benfro'],
  powys: ['Powys'],
  'rhondda-cynon-taf': ['Rhondda Cynon Taf', 'Rhondda Cynon Taff'],
  swansea: ['Swansea', 'Abertawe'],
  torfaen: ['Torfaen', 'Tor-faen'],
  'vale-of-glamorgan': ['Vale of Glamorgan', 'Bro Morgannwg'],
  wrexham: ['Wrexham', 'Wrecsam'],
};

let pattern: { regex: RegExp; byForm: Map<string, string> } | undefined;

const key = (text: string) => text.toLowerCase().replace(/[\s-]+/g, ' ');

function areaPattern() {
  if (!pattern) {
    const byForm = new Map<string, string>();
    for (const [id, names] of Object.entries(areas))
      for (const name of names) for (const form of [name, ...mutatedForms(name)]) byForm.set(key(form), id);
    const alternatives = [...byForm.keys()]
      .sort((left, right) => right.length - left.length)
      .map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[\\s-]+'))
      .join('|');
    pattern = { regex: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'giu'), byForm };
  }
  return pattern;
}

/**
 * The places in Wales a text names: principal areas by any of their names (mutated too: "yng Nghaerdydd"), and the
 * configured councils by theirs (their short forms too: "BG", "TCBC"). Configured councils keep their own ids.
 */
export function placesNamed(text: string): Set<string> {
  const { regex, byForm } = areaPattern();
  const found = new Set<string>();
  for (const match of text.matchAll(regex)) {
    // NOTE: part of an email or web address ("j@torfaen.gov.uk") names no place.
    const end = match.index + match[0].length;
    if (/[@.]$/.test(text.slice(0, match.index)) || /^[.@]\w/.test(text.slice(end))) continue;
    const id = byForm.get(key(match[0]));
    if (id) found.add(id);
  }
  for (const mention of councilNameMentions(text)) if (!mention.attached) found.add(mention.council);
  return found;
}
