/** Script detection per token and splitting of mixed-script words. */

export type Script =
  | 'latin'
  | 'khmer'
  | 'cyrillic'
  | 'greek'
  | 'han'
  | 'hangul'
  | 'kana'
  | 'thai'
  | 'arabic'
  | 'hebrew'
  | 'other';

const DETECTORS: ReadonlyArray<readonly [Script, RegExp]> = [
  ['latin', /\p{Script=Latin}/u],
  ['khmer', /\p{Script=Khmer}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['greek', /\p{Script=Greek}/u],
  ['kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['han', /\p{Script=Han}/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['thai', /\p{Script=Thai}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
];

/** The script of one character (marks and punctuation count as `other`). */
export function scriptOfChar(ch: string): Script {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x250) return /[A-Za-z\u00C0-\u024F]/.test(ch) ? 'latin' : 'other';
  if (code >= 0x1780 && code <= 0x17ff) return 'khmer';
  if (code >= 0x400 && code <= 0x52f) return 'cyrillic';
  if (code >= 0x30a0 && code <= 0x30ff) return 'kana'; // before Han: the prolonged sound mark
  for (const [script, re] of DETECTORS) if (re.test(ch)) return script;
  return 'other';
}

/**
 * The script of a token: the script of its letters; a Japanese token mixing kana and kanji is `kana`,
 * so that it is read as Japanese.
 */
export function detectScript(token: string): Script {
  let found: Script = 'other';
  for (const ch of token) {
    const s = scriptOfChar(ch);
    if (s === 'kana') return 'kana';
    if (found === 'other' && s !== 'other') found = s;
  }
  return found;
}

/**
 * Split a word where the script changes (e.g. `Wang王` → `Wang`, `王`). Combining marks, ZWJ and the
 * like stay with the preceding letters. Han and kana stay together (Japanese names mix them).
 */
export function splitByScript(word: string): string[] {
  const parts: string[] = [];
  let current = '';
  let currentScript: Script = 'other';
  for (const ch of word) {
    let s = scriptOfChar(ch);
    if (s === 'han') s = 'kana';
    if (s !== 'other' && currentScript !== 'other' && s !== currentScript) {
      parts.push(current);
      current = '';
    }
    current += ch;
    if (s !== 'other') currentScript = s;
  }
  if (current) parts.push(current);
  return parts;
}
