import { describe, expect, it } from 'vitest';
import { placesNamed } from '../../../src/core/language/index.ts';

describe('the places in Wales a text names', () => {
  it.each([
    ['who is the leader of monmouthshire council', ['monmouthshire']],
    ['pwy yw arweinydd cyngor sir fynwy', ['monmouthshire']],
    ['faint o staff sydd yng Nghaerdydd a Chasnewydd', ['cardiff', 'newport']],
    ['The council leaders are … for Blaenau Gwent and … for Torfaen', ['blaenau-gwent', 'torfaen']],
    ['who leads BG council', ['blaenau-gwent']],
    ['ym Mlaenau Gwent', ['blaenau-gwent']],
    ['write to j.jones@torfaen.gov.uk', []],
    ['the chief executive of the councils', []],
    ['an RCT of the new service on Merthyr Road', []],
  ])('%s', (text, places) => {
    expect([...placesNamed(text)].sort()).toEqual([...places].sort());
  });
});
