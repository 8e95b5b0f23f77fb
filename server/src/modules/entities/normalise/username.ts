import { normalisePhone } from './phone.ts';
import { canonicalPlatform, platformInfo, platformOfHost } from './platforms.ts';
import { accept, cleanText, isRejection, type NormaliseResult, reject } from './result.ts';

/**
 * Usernames, always with their platform: the value is `platform:username` (`telegram:somebody`).
 * `@` is stripped; the username is lower-cased where the platform treats it case-insensitively (all
 * known platforms but WeChat; an unknown platform keeps the case given). On phone-based platforms
 * (WhatsApp, Viber, Zalo, imo) a phone-like username becomes its E.164 number. A profile URL
 * (`https://www.instagram.com/some.one/`, `t.me/someone`, `tiktok.com/@x`) gives its platform and user.
 * Without a platform the value is `unknown:username`; `platform:username` input is read back
 * (idempotence).
 */
const MAX_INPUT = 256;
const USERNAME = /^[\p{L}\p{M}\p{N}._\-~+'!$*]+$/u;

export interface PlatformUser {
  platform: string;
  username: string;
}

export function normaliseUsername(raw: string, platform?: string | null): NormaliseResult {
  const cleaned = cleanText(raw, MAX_INPUT);
  if (isRejection(cleaned)) return cleaned;
  let text = cleaned;
  let name = platform ? canonicalPlatform(platform) : null;

  if (/^(?:https?:\/\/)?(?:[\w-]+\.)+[a-z]{2,}\//i.test(text)) {
    const fromUrl = userFromProfileUrl(text);
    if (!fromUrl) return reject('invalid', 'URL is not a known profile URL');
    if (name === null || name === 'unknown' || name === fromUrl.platform) {
      name = fromUrl.platform;
      text = fromUrl.username;
    }
  } else if (name === null) {
    const m = /^([a-z0-9]{1,40}):(.+)$/.exec(text);
    if (m && (m[1] === 'unknown' || platformInfo(m[1]!) || canonicalPlatform(m[1]) === m[1])) {
      name = m[1]!;
      text = m[2]!;
    }
  }
  name ??= 'unknown';
  text = text.replace(/^@+/, '').trim();
  if (text.length === 0) return reject('empty');
  if (text.length > 100) return reject('too_long');

  const info = platformInfo(name);
  if (info?.phoneBased && /^[+\d][\d\s().-]{6,}$/.test(text)) {
    const phone = normalisePhone(text);
    if (phone.ok) return accept(`${name}:${phone.value}`);
  }
  if (text.includes('@')) return reject('invalid', 'looks like an e-mail address');
  if (!USERNAME.test(text)) return reject('invalid', 'characters not allowed in a username');
  const user = info ? (info.caseInsensitive ? text.toLowerCase() : text) : text;
  return accept(`${name}:${user}`);
}

/** Splits a normalised `platform:username` value. */
export function splitUsername(value: string): PlatformUser | null {
  const i = value.indexOf(':');
  return i > 0 ? { platform: value.slice(0, i), username: value.slice(i + 1) } : null;
}

// First path segments that are site sections, not people.
const RESERVED = new Set(
  (
    'about account accounts ads business c channel developers events explore groups hashtag help home i ' +
    'intent joinchat legal login marketplace messages notifications p pages permalink.php photo.php policies ' +
    'privacy reel reels search settings share sharer sharer.php signup stories story.php terms tv watch s'
  ).split(' '),
);

/** The platform and username a profile URL names, or null (a post, a group, an unknown site). */
export function userFromProfileUrl(input: string): PlatformUser | null {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(input) ? input : `https://${input}`);
  } catch {
    return null;
  }
  const platform = platformOfHost(url.hostname);
  if (!platform) return null;
  const segs = url.pathname.split('/').filter((s) => s.length > 0);
  const [first, second] = segs;
  const pick = (username: string | undefined): PlatformUser | null =>
    username ? { platform, username: safeDecode(username) } : null;

  switch (platform) {
    case 'facebook':
      if (first === 'profile.php') return pick(url.searchParams.get('id') ?? undefined);
      if (first === 'people') return pick(segs[2]);
      break;
    case 'instagram':
      if (first === 'stories') return pick(second);
      break;
    case 'telegram':
      if (first === 's') return pick(second);
      break;
    case 'tiktok':
    case 'youtube':
    case 'threads':
      if (first?.startsWith('@')) return pick(first.slice(1));
      if (platform === 'youtube' && (first === 'user' || first === 'c' || first === 'channel')) {
        return pick(second);
      }
      return null;
    case 'snapchat':
      return first === 'add' ? pick(second) : null;
    case 'reddit':
      return first === 'user' || first === 'u' ? pick(second) : null;
    case 'line':
      return first === 'ti' && second === 'p' ? pick(segs[2]?.replace(/^~/, '')) : null;
    case 'discord':
      return first === 'users' ? pick(second) : null;
  }
  if (!first || RESERVED.has(first.toLowerCase()) || first.startsWith('+')) return null;
  return pick(first);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
