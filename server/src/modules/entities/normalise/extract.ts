import { normaliseEmail } from './email.ts';
import { normaliseIp } from './ip.ts';
import { normalisePhone } from './phone.ts';
import { canonicalPlatform } from './platforms.ts';
import { normaliseUrl } from './url.ts';
import { normaliseUsername, userFromProfileUrl } from './username.ts';

/**
 * Finds identifiers in free text (a reporter's narrative), conservatively: a value is returned only when
 * its normaliser accepts it, phones only when written with `+`, `00`, `0` or `855` and not shaped like
 * a date, @usernames only as a separate word (the platform is taken from a platform word just before,
 * else `unknown`). A profile URL also yields its username. Work is linear: text past `maxLength`
 * (default 100,000 characters) is not read, words over 512 characters are skipped.
 */
export type ExtractedKind = 'email' | 'phone' | 'url' | 'ip' | 'username';

export interface ExtractedIdentifier {
  kind: ExtractedKind;
  /** Normalised value (see the kind's normaliser). */
  value: string;
  /** The text as written. */
  raw: string;
  /** Offset of `raw` in the text. */
  index: number;
}

const MAX_WORD = 512;
const LEADING = /^[([{<"'“‘«]+/u;
const TRAILING = /[.,;:!?)\]}>"'”’»]+$/u;
const EMAIL_IN_WORD = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/u;
const URL_START = /^(?:(?:https?|hxxps?|ftp):\/\/|www\.)/i;
const SHORT_PROFILE =
  /^(?:t\.me|wa\.me|m\.me|fb\.com|(?:www\.)?(?:facebook|instagram|tiktok|twitter|x|snapchat|kik)\.com|line\.me)\//i;
const IPV4_PORT = /^(\d{1,3}(?:\.\d{1,3}){3})(?::\d{1,5})?$/;
const PLATFORM_WORD =
  /\b(facebook|fb|messenger|instagram|ig|insta|telegram|tg|tiktok|twitter|snapchat|kik|discord|skype|viber|whatsapp|wechat|signal|zalo)\b[^@\n]{0,20}$/i;
const PHONE = /(?<![\w+@./:-])(?:\+|00)?\d[\d ().-]{6,20}\d(?![\w@]|[.-]\d)/g;
const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})/;

export function extractIdentifiers(text: string, maxLength = 100_000): ExtractedIdentifier[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const input = text.length > maxLength ? text.slice(0, maxLength) : text;
  const found: ExtractedIdentifier[] = [];
  const taken: Array<[number, number]> = [];
  const add = (kind: ExtractedKind, value: string, raw: string, index: number) => {
    found.push({ kind, value, raw, index });
    taken.push([index, index + raw.length]);
  };

  for (const m of input.matchAll(/\S+/g)) {
    if (m[0].length > MAX_WORD) continue;
    const lead = LEADING.exec(m[0])?.[0].length ?? 0;
    const word = trimTrailing(m[0].slice(lead));
    const index = m.index + lead;
    if (word.length < 3) continue;
    if (word.startsWith('@')) {
      const name = /^@([\p{L}\p{N}._]{2,32})$/u.exec(word)?.[1];
      if (!name) continue;
      const context = PLATFORM_WORD.exec(input.slice(Math.max(0, index - 48), index))?.[1];
      const r = normaliseUsername(name, context ? canonicalPlatform(context) : 'unknown');
      if (r.ok) add('username', r.value, word, index);
    } else if (URL_START.test(word) || SHORT_PROFILE.test(word)) {
      const r = normaliseUrl(word);
      if (!r.ok) continue;
      add('url', r.value, word, index);
      const user = userFromProfileUrl(r.value);
      const u = user ? normaliseUsername(user.username, user.platform) : null;
      if (u?.ok) found.push({ kind: 'username', value: u.value, raw: word, index });
    } else if (word.includes('@')) {
      const e = EMAIL_IN_WORD.exec(word);
      const r = e ? normaliseEmail(e[0]) : null;
      if (e && r?.ok) add('email', r.value, e[0], index + e.index);
    } else {
      const ip = ipInWord(word);
      if (ip) add('ip', ip, word, index);
    }
  }

  for (const m of input.matchAll(PHONE)) {
    // `(012) 345 678`: the opening parenthesis belongs to the number.
    const open = m.index > 0 && input[m.index - 1] === '(' && m[0].includes(')');
    const raw = open ? `(${m[0]}` : m[0];
    const start = open ? m.index - 1 : m.index;
    if (/ {2}/.test(raw) || DATE_LIKE.test(raw)) continue;
    if (!/^\(?(?:\+|00|0|855)/.test(raw)) continue;
    if (taken.some(([a, b]) => start < b && start + raw.length > a)) continue;
    const r = normalisePhone(raw);
    if (r.ok) add('phone', r.value, raw, start);
  }

  const seen = new Set<string>();
  return found
    .sort((a, b) => a.index - b.index)
    .filter((f) => {
      const key = `${f.kind}\u0000${f.value}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function trimTrailing(word: string): string {
  let w = word.replace(TRAILING, '');
  // Keep a closing parenthesis that closes one inside the word (`…/Foo_(bar)`).
  const tail = word.slice(w.length);
  if (tail.startsWith(')') && (w.match(/\(/g)?.length ?? 0) > (w.match(/\)/g)?.length ?? 0)) w += ')';
  return w;
}

function ipInWord(word: string): string | null {
  const v4 = IPV4_PORT.exec(word);
  if (v4) {
    const r = normaliseIp(v4[1]!);
    return r.ok ? r.value : null;
  }
  const v6 = /^\[?([0-9a-f:.]+)\]?(?::\d{1,5})?$/i.exec(word)?.[1];
  if (!v6 || (v6.match(/:/g)?.length ?? 0) < 2 || (v6.match(/[0-9a-f]+/gi)?.length ?? 0) < 2) return null;
  const r = normaliseIp(v6);
  return r.ok ? r.value : null;
}
