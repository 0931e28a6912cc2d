import { describe, expect, it } from 'vitest';
import { qualifiedRoles, speaksOfAnotherRole } from '../../../src/core/knowledge/role-qualifiers.ts';

const term = (word: string) => word.toLowerCase().replace(/s$/, '') || undefined;
const sentence = (text: string, language: 'en' | 'cy' = 'en') => ({
  text,
  language,
  terms: () =>
    text
      .split(/[^\p{L}]+/u)
      .filter(Boolean)
      .map(term) as string[],
});

describe('role qualifiers', () => {
  it('finds the role a qualifier comes before, in either language', () => {
    expect(qualifiedRoles('Who is the Deputy Leader and the vice-chair?', 'en')).toEqual(['leader', 'chair']);
    expect(qualifiedRoles('pwy yw dirprwy arweinydd a’r is-gadeirydd', 'cy')).toEqual(['arweinydd', 'gadeirydd']);
    expect(qualifiedRoles('This is a leader; it is-not', 'en')).toEqual([]);
    expect(qualifiedRoles('Pa is-adran o Ddeddf 1972?', 'cy')).toEqual([]);
    expect(qualifiedRoles('Can new starters shadow a colleague? What is a teaching assistant paid?', 'en')).toEqual([]);
    expect(qualifiedRoles('pwy yw’r dirprwy brif weithredwr', 'cy')).toEqual(['brif']);
  });

  it('a question about a deputy is not answered by a sentence that names no deputy', () => {
    const question = "who's the deputy leader";
    expect(speaksOfAnotherRole(question, 'en', sentence('The council leaders are A and B.'), term)).toBe(true);
    expect(speaksOfAnotherRole(question, 'en', sentence('The deputy leader is C.'), term)).toBe(false);
    expect(speaksOfAnotherRole(question, 'en', sentence('Y dirprwy arweinydd yw C.', 'cy'), term)).toBe(false);
  });

  it('a question about a role is not answered by a sentence whose only mention of it is a deputy’s', () => {
    const question = 'who is the chief executive';
    expect(speaksOfAnotherRole(question, 'en', sentence('The deputy chief executive is D.'), term)).toBe(true);
    expect(
      speaksOfAnotherRole(
        question,
        'en',
        sentence('The chief executive is E and the deputy chief executive is D.'),
        term,
      ),
    ).toBe(false);
    expect(speaksOfAnotherRole(question, 'en', sentence('E is the chief executive.'), term)).toBe(false);
  });
});
