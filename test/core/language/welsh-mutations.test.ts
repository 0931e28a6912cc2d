import { describe, expect, it } from 'vitest';
import { radicalForms as phraseForms } from '../../../src/core/assistant/welsh-mutations.ts';
import { radicalForms as wordForms } from '../../../src/core/people/text.ts';

/**
 * The plain (radical) forms a mutated Welsh word may have had: [word, as a directory word, as the first word of a
 * skill phrase]. Nasal mutation turns c into ngh and g into ng, so ngh- comes from c- and ng- from g-.
 */
const table: [word: string, word: string[], phrase: string[]][] = [
  ["gaffael", ["caffael"], ["caffael"]],
  ["nghaffael", ["caffael", "ghaffael", "dghaffael"], ["caffael"]],
  ["chaffael", ["caffael"], ["caffael"]],
  ["ngardd", ["gardd", "dgardd"], ["gardd"]],
  ["nghynllun", ["cynllun", "ghynllun", "dghynllun"], ["cynllun"]],
  ["mhrosiect", ["prosiect", "bhrosiect"], ["prosiect"]],
  ["nhorfaen", ["torfaen", "dhorfaen"], ["torfaen"]],
  ["thempled", ["templed"], ["templed"]],
  ["ddata", ["data", "tdata"], ["data"]],
  ["data", ["tata"], ["tata"]],
  ["bolisi", ["polisi"], ["polisi"]],
  ["drefn", ["trefn"], ["trefn"]],
  ["fudd", ["budd", "mudd"], ["budd", "mudd"]],
  ["lywodraeth", ["llywodraeth"], ["llywodraeth"]],
  ["lyfr", ["llyfr"], ["llyfr"]],
  ["llyfr", ["lllyfr"], []],
  ["rheoli", ["rhheoli"], []],
  ["reoli", ["rheoli"], ["rheoli"]],
  ["ffordd", ["bfordd", "mfordd"], []],
  ["fap", [], ["bap", "map"]],
  ["mhob", ["bhob"], ["pob"]],
  ["ngwasanaeth", ["gwasanaeth", "dgwasanaeth"], ["gwasanaeth"]],
  ["wastraff", ["gwastraff"], ["gwastraff"]],
  ["ofal", ["gofal"], ["gofal"]],
  ["eithu", ["geithu"], ["geithu"]],
  ["hanes", ["anes"], []],
  ["hawdd", ["awdd"], []],
  ["GIS", [], []],
  ["DPIA", ["tpia"], []],
  ["am", ["gam"], ["gam"]],
  ["yng", ["gyng"], ["gyng"]],
  ["ngh", [], ["c"]],
  ["nain", ["dain"], ["dain"]],
  ["gyngor", ["cyngor"], ["cyngor"]],
  ["Gaffael data", ["caffael data"], ["caffael data"]],
  ["Nghaffael cyhoeddus", ["caffael cyhoeddus", "ghaffael cyhoeddus", "dghaffael cyhoeddus"], ["caffael cyhoeddus"]],
];

describe('the radical forms of a mutated Welsh word', () => {
  it.each(table)('%s', (word, asWord, asPhrase) => {
    expect(wordForms(word.toLowerCase())).toEqual(asWord);
    expect(phraseForms(word)).toEqual(asPhrase);
  });
});
