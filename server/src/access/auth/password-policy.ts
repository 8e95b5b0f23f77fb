import fs from 'node:fs';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@karpear/contracts';
import { AppError } from '../../platform/errors.ts';

/**
 * Password policy (SECURITY.md 11, NIST SP 800-63B): 12 to 128 characters, any characters, no
 * composition rules; refused when it is, or is built from, a common password. Checks, all
 * case-insensitive: the shipped list (`common-passwords.txt`); the same after undoing l33t
 * substitutions and stripping digits and symbols around the word ("P@ssw0rd2024!" → "password");
 * keyboard walks and alphabet or digit runs; a short unit repeated; fewer than 5 distinct
 * characters; and the user's own e-mail name or display name.
 */
const LIST_FILE = new URL('./common-passwords.txt', import.meta.url);

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  if (!common) {
    const lines = fs.readFileSync(LIST_FILE, 'utf8').split('\n');
    common = new Set(lines.map((l) => l.trim().toLowerCase()).filter((l) => l && !l.startsWith('#')));
  }
  return common;
}

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
};
const SEQUENCES = [
  '01234567890123456789',
  'abcdefghijklmnopqrstuvwxyzabc',
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertzuiopasdfghjklyxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'qazwsxedcrfvtgbyhnujmikolp',
  '!@#$%^&*()_+',
];

function isSequence(text: string): boolean {
  if (text.length < 4) return false;
  return SEQUENCES.some((s) => s.includes(text) || [...s].reverse().join('').includes(text));
}

function isRepetition(text: string): boolean {
  for (let unit = 1; unit <= Math.floor(text.length / 2); unit++) {
    if (text.length % unit === 0 && text.slice(0, unit).repeat(text.length / unit) === text) return true;
  }
  return false;
}

/** Strip digits, symbols and spaces around the word. */
function core(text: string): string {
  return text.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
}

/** Why the password is refused, or null when it is acceptable. `personal`: e-mail, display name. */
export function passwordProblem(password: string, personal: readonly string[] = []): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must have at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `must have at most ${PASSWORD_MAX_LENGTH} characters`;
  const lower = password.toLowerCase();
  const compact = lower.replace(/\s+/g, '');
  if (new Set(compact).size < 5) return 'uses too few different characters';
  const list = commonPasswords();
  const deleet = [...compact].map((c) => LEET[c] ?? c).join('');
  const candidates = [lower, compact, core(compact), deleet, core(deleet), core(compact.replace(/\d+/g, ''))];
  for (const c of candidates) {
    if (c.length === 0 || list.has(c) || isSequence(c) || isRepetition(c))
      return 'is a common password or built from one';
  }
  // A common word repeated or glued to a sequence ("dragondragon", "monkeyqwerty").
  const word = core(compact);
  for (let i = 4; i <= word.length - 4; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if ((list.has(head) || isSequence(head)) && (list.has(tail) || isSequence(tail) || tail === head))
      return 'is a common password or built from one';
  }
  for (const p of personal) {
    // An e-mail counts by its local part only (its domain is shared by the whole agency).
    const own = p.includes('@') ? p.slice(0, p.lastIndexOf('@')) : p;
    for (const part of own.toLowerCase().split(/[\s._+-]+/)) {
      if (part.length >= 4 && compact.includes(part)) return 'must not contain your name or e-mail';
    }
  }
  return null;
}

/** Throw 400 `validation_failed` naming `path` when the password is refused. */
export function assertAcceptablePassword(
  password: string,
  path: string,
  personal: readonly string[] = [],
): void {
  const problem = passwordProblem(password, personal);
  if (problem)
    throw new AppError('validation_failed', `The password ${problem}`, [{ path, message: problem }]);
}
