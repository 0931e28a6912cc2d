import { describe, expect, it } from 'vitest';
import { radicalForms as assistantForms } from '../../../src/core/assistant/welsh-mutations.ts';
import { radicalForms, radicalPhrases, softMutation } from '../../../src/core/language/index.ts';

/**
 * The plain (radical) forms a mutated Welsh word may have had: [word, as a word, as the first word of a phrase].
 * Nasal mutation turns c into ngh and g into ng, so ngh- comes from c- and ng- from g-; only the longest
 * mutated beginning counts, so "nghaffael" is "caffael" and nothing else; ff, ll and rh are letters of their
 * own. (The directory's copy used to add forms from every shorter beginning too, "ghaffael" and "dghaffael";
 * the assistant's did not undo an h before a vowel and had no minimum length. One table now serves both.)
 */
const table: [word: string, word: string[], phrase: string[]][] = [
  ['gaffael', ['caffael'], ['caffael']],
  ['nghaffael', ['caffael'], ['caffael']],
  ['chaffael', ['caffael'], ['caffael']],
  ['ngardd', ['gardd'], ['gardd']],
  ['nghynllun', ['cynllun'], ['cynllun']],
  ['mhrosiect', ['prosiect'], ['prosiect']],
  ['nhorfaen', ['torfaen'], ['torfaen']],
  ['thempled', ['templed'], ['templed']],
  ['ddata', ['data'], ['data']],
  ['data', ['tata'], ['tata']],
  ['bolisi', ['polisi'], ['polisi']],
  ['drefn', ['trefn'], ['trefn']],
  ['fudd', ['budd', 'mudd'], ['budd', 'mudd']],
  ['lywodraeth', ['llywodraeth'], ['llywodraeth']],
  ['lyfr', ['llyfr'], ['llyfr']],
  ['llyfr', [], []],
  ['rheoli', [], []],
  ['reoli', ['rheoli'], ['rheoli']],
  ['ffordd', [], []],
  ['fap', ['bap', 'map'], ['bap', 'map']],
  ['mhob', ['pob'], ['pob']],
  ['ngwasanaeth', ['gwasanaeth'], ['gwasanaeth']],
  ['wastraff', ['gwastraff'], ['gwastraff']],
  ['ofal', ['gofal'], ['gofal']],
  ['eithu', ['geithu'], ['geithu']],
  ['hanes', ['anes'], ['anes']],
  ['hawdd', ['awdd'], ['awdd']],
  ['GIS', ['cis'], []],
  ['DPIA', ['tpia'], []],
  ['am', ['gam'], ['gam']],
  ['yng', ['gyng'], ['gyng']],
  ['ngh', [], []],
  ['nain', ['dain'], ['dain']],
  ['gyngor', ['cyngor'], ['cyngor']],
  ['Gaffael data', ['caffael data'], ['caffael data']],
  ['Nghaffael cyhoeddus', ['caffael cyhoeddus'], ['caffael cyhoeddus']],
];

describe('the radical forms of a mutated Welsh word', () => {
  it.each(table)('%s', (word, asWord, asPhrase) => {
    expect(radicalForms(word.toLowerCase())).toEqual(asWord);
    expect(radicalPhrases(word)).toEqual(asPhrase);
  });

  it('is the same table for the directory and the assistant', () => {
    expect(assistantForms).toBe(radicalPhrases);
  });

  it.each([
    ['caffael', 'gaffael'],
    ['data', 'ddata'],
    ['gwastraff', 'wastraff'],
    ['llifogydd', 'lifogydd'],
    ['rheoli', 'reoli'],
    ['mapio', 'fapio'],
    ['thema', 'thema'],
    ['ffyrdd', 'ffyrdd'],
    ['addysg', 'addysg'],
  ])('softens %s to %s', (word, softened) => {
    expect(softMutation(word)).toBe(softened);
  });
});
