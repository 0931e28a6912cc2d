import { describe, expect, it } from 'vitest';
import { messagesFor, type Messages } from '../../../src/core/assistant/messages.ts';

const english = messagesFor('en');
const welsh = messagesFor('cy');

// Strings that are the same in both languages on purpose: the councils' names.
const sameInBoth = new Set<keyof Messages>(['councilName']);

function sample(value: unknown): string {
  if (typeof value === 'function') {
    // Call a parameterised message with plausible arguments of each kind it takes.
    const attempts: unknown[][] = [
      ['GIS', 'torfaen'],
      [2, ['blaenau-gwent']],
      ['blaenau-gwent'],
      ['Rhian'],
      ['request-claimed', 'Waste rota', 'Huw'],
      [['GIS'], 3, true],
    ];
    for (const args of attempts) {
      try {
        const result = (value as (...values: unknown[]) => unknown)(...args);
        if (typeof result === 'string' && !result.includes('undefined')) return result;
      } catch {
        // NOTE: the wrong kind of argument for this message; try the next set.
        continue;
      }
    }
    return '';
  }
  if (Array.isArray(value)) return value.join(' | ');
  if (typeof value === 'object' && value !== null) return Object.values(value).join(' | ');
  return String(value);
}

describe('the message catalogue', () => {
  it('has every string in Welsh, and none of them simply copied from English', () => {
    const untranslated: string[] = [];
    for (const key of Object.keys(english) as (keyof Messages)[]) {
      const en = sample(english[key]);
      const cy = sample(welsh[key]);
      expect(cy, `${key} is empty in Welsh`).not.toBe('');
      expect(en, `${key} is empty in English`).not.toBe('');
      if (en === cy && !sameInBoth.has(key)) untranslated.push(key);
    }
    expect(untranslated).toEqual([]);
  });

  it('mutates council names after "yn" in Welsh', () => {
    expect(welsh.peopleWithSkill('GIS', 'torfaen')).toBe("Pobl sy'n gwybod am GIS yn Nhorfaen");
    expect(welsh.yourCounterparts('blaenau-gwent')).toBe('Eich cymheiriaid ym Mlaenau Gwent');
    expect(english.yourCounterparts('blaenau-gwent')).toBe('Your counterparts in Blaenau Gwent');
  });

  it('counts people in a sentence that reads naturally in both languages', () => {
    expect(english.requestOpened(1, ['torfaen'])).toContain('to one person in Torfaen');
    expect(english.requestOpened(3, ['torfaen', 'blaenau-gwent'])).toContain(
      'to 3 people in Torfaen and Blaenau Gwent',
    );
    expect(welsh.requestOpened(1, ['torfaen'])).toContain('at un person yn Nhorfaen');
    expect(welsh.requestOpened(3, ['blaenau-gwent'])).toContain('at 3 o bobl ym Mlaenau Gwent');
  });

  it('names every request status and Welsh level in both languages', () => {
    expect(Object.keys(welsh.requestStatus).sort()).toEqual(Object.keys(english.requestStatus).sort());
    expect(welsh.welshLevels).toHaveLength(6);
    expect(english.welshLevels).toHaveLength(6);
  });
});
