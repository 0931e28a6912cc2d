import { mentionsMutatedCouncilName, withoutCouncilNames } from './council-names.ts';

/** The two languages Pont speaks. */
export type Language = 'en' | 'cy';

// Common Welsh words that are not also common English words.
const welshWords = new Set([
  'y',
  'yr',
  'mae',
  'yw',
  'ydy',
  'ydw',
  'oes',
  'sydd',
  'oedd',
  'bydd',
  'beth',
  'pwy',
  'sut',
  'pam',
  'ble',
  'pryd',
  'faint',
  'pa',
  'ac',
  'ar',
  'gyda',
  'efo',
  'hefyd',
  'ein',
  'eich',
  'ei',
  'eu',
  'fy',
  'dy',
  'yn',
  'ym',
  'yng',
  'wedi',
  'ddim',
  'nid',
  'nad',
  'neu',
  'am',
  'gan',
  'dros',
  'rhwng',
  'drwy',
  'trwy',
  'hyn',
  'hynny',
  'hon',
  'hwn',
  'cyngor',
  'cynghorau',
  'gyngor',
  'nghyngor',
  'ffederasiwn',
  'prif',
  'weithredwr',
  'gweithredwr',
  'diolch',
  'helo',
  'shwmae',
  'bore',
  'da',
  'angen',
  'eisiau',
  'isio',
  'gallu',
  'allwch',
  'gallwch',
  'chi',
  'fi',
  'ni',
  'nhw',
  'gwasanaeth',
  'gwasanaethau',
  'swyddog',
  'rheolwr',
  'pennaeth',
  'sgiliau',
  'sgil',
  'cymraeg',
  'saesneg',
  'uno',
  'dwi',
  "rwy'n",
  'rydw',
  'rydych',
  'chwilio',
  'dod',
  'o',
  'i',
  'a',
  'cyd',
  'arwain',
  'tîm',
  'tim',
  'penderfyniad',
  'adroddiad',
  'beth',
  'yma',
]);
// Words that tell English apart (Welsh text rarely has them).
const englishWords = new Set([
  'the',
  'is',
  'are',
  'was',
  'what',
  'who',
  'how',
  'why',
  'where',
  'when',
  'which',
  'and',
  'of',
  'to',
  'in',
  'for',
  'with',
  'on',
  'my',
  'our',
  'your',
  'we',
  'you',
  'it',
  'this',
  'that',
  'do',
  'does',
  'did',
  'can',
  'find',
  'council',
  'councils',
  'federation',
  'chief',
  'executive',
  'joint',
  'team',
  'about',
  'have',
  'has',
  'be',
  'will',
  'would',
  'should',
  'an',
  'there',
  'their',
  'from',
  'by',
  'me',
  'i',
  'a',
]);
// Words shared by both lists count for neither.
const sharedWords = new Set(['i', 'a', 'o']);

/**
 * Guesses whether a message is Welsh or English from its words. Short or mixed text falls back to
 * `fallback` (a user's locale, say). The configured councils' names as written count for neither language
 * ("who knows Blaenau Gwent flood data" is English); a mutated name ("yn Nhorfaen") counts as a Welsh word.
 */
export function detectLanguage(text: string, fallback: Language = 'en'): Language {
  const mutatedNames = mentionsMutatedCouncilName(text);
  const words = withoutCouncilNames(text)
    .toLowerCase()
    .normalize('NFC')
    .split(/[^\p{L}'’]+/u)
    .filter(Boolean);
  let welsh = mutatedNames;
  let english = 0;
  for (const word of words) {
    if (sharedWords.has(word)) continue;
    if (welshWords.has(word)) welsh += 1;
    if (englishWords.has(word)) english += 1;
    if (/[ŵŷâêîôû]/.test(word) || (/(dd|ll|ch|ff|wy|ae)/.test(word) && !englishWords.has(word))) welsh += 0.25;
  }
  if (welsh === english) return fallback;
  return welsh > english ? 'cy' : 'en';
}

/** Maps a platform locale (cy-GB, en-GB, cy) to a language, or undefined when neither. */
export function languageFromLocale(locale: string | undefined | null): Language | undefined {
  if (!locale) return undefined;
  const code = locale.toLowerCase().slice(0, 2);
  if (code === 'cy') return 'cy';
  if (code === 'en') return 'en';
  return undefined;
}
