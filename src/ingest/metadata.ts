import { detectLanguage, languageFromLocale, type Language } from '../core/language/index.ts';

const months: Record<string, number> = {
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
  ionawr: 1,
  chwefror: 2,
  mawrth: 3,
  ebrill: 4,
  mai: 5,
  mehefin: 6,
  gorffennaf: 7,
  awst: 8,
  medi: 9,
  hydref: 10,
  tachwedd: 11,
  rhagfyr: 12,
};

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A published date as YYYY-MM-DD from the forms documents use: ISO dates and timestamps, "23 January 2025",
 * "23 Ionawr 2025", PDF dates ("D:20250123…"). Anything else is kept as written (shortened), or null if empty.
 */
export function normaliseDate(value: unknown): string | null {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!text) return null;
  let match = /^(?:D:)?(\d{4})-?(\d{2})-?(\d{2})/.exec(text);
  if (match) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /(\d{1,2})(?:st|nd|rd|th)?\s+([\p{L}]+)\s+(\d{4})/u.exec(text);
  if (match) {
    const month = months[match[2]!.toLowerCase()];
    if (month) return isoDate(Number(match[3]), month, Number(match[1]));
  }
  return text.slice(0, 40);
}

/** The document's language: what its metadata says (lang attribute, front matter, a `.cy.` file name), else a guess from its words. */
export function documentLanguage(declared: unknown, source: string, text: string): Language {
  if (typeof declared === 'string') {
    const fromLocale = languageFromLocale(declared);
    if (fromLocale) return fromLocale;
  }
  if (/[./_-]cy(?:[./_-]|$)/i.test(source.replace(/^https?:\/\/[^/]+/, ''))) return 'cy';
  return detectLanguage(text.slice(0, 20_000), 'en');
}

/** The file name without folders or extension, as a last-resort title. */
export function titleFromSource(source: string): string {
  const name = decodeURIComponent(source.split(/[\\/]/).filter(Boolean).at(-1) ?? source);
  return (
    name
      .replace(/\.[a-z0-9]+$/i, '')
      .replace(/[-_]+/g, ' ')
      .trim() || source
  );
}
