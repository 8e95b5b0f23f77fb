import { canonicalPlatform } from './platforms.ts';
import { accept, cleanText, isRejection, type NormaliseResult, reject } from './result.ts';

/**
 * An account's id inside a platform's own system (CyberTipline `espIdentifier`): `platform:id`, the id
 * kept exactly (platforms' internal ids may be case-sensitive), no white space, at most 128 characters.
 * `platform:id` input is read back when no platform is given (idempotence).
 */
export function normaliseEspAccount(raw: string, platform?: string | null): NormaliseResult {
  const cleaned = cleanText(raw, 200);
  if (isRejection(cleaned)) return cleaned;
  let text = cleaned;
  let name = platform ? canonicalPlatform(platform) : null;
  if (name === null) {
    const m = /^([a-z0-9]{1,40}):(.+)$/.exec(text);
    if (m && canonicalPlatform(m[1]) === m[1]) {
      name = m[1]!;
      text = m[2]!;
    }
  }
  if (/\s/u.test(text)) return reject('invalid', 'white space in an account id');
  if (text.length > 128) return reject('too_long');
  return accept(`${name ?? 'unknown'}:${text}`);
}
