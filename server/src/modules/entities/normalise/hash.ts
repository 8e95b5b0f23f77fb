import { accept, cleanText, isRejection, type NormaliseResult, reject } from './result.ts';

/**
 * File hashes for linking reports that carry the same file: `md5:…`, `sha1:…`, `sha256:…`, `sha512:…`,
 * lower-case hex of the right length. The type comes from the hint (`hashType`) or the `type:` prefix,
 * else from the length. PhotoDNA and other perceptual hashes are not exact identifiers: `unsupported`.
 */
const LENGTHS: Record<string, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };
const BY_LENGTH: Record<number, string> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };

export function normaliseFileHash(raw: string, hashType?: string | null): NormaliseResult {
  const cleaned = cleanText(raw, 200);
  if (isRejection(cleaned)) return cleaned;
  let text = cleaned;
  let type = hashType ? hashType.toLowerCase().replace(/[^a-z0-9]/g, '') : null;
  const prefixed = /^([a-z0-9-]{2,10}):(.+)$/i.exec(text);
  if (prefixed) {
    type = prefixed[1]!.toLowerCase().replace(/-/g, '');
    text = prefixed[2]!;
  }
  const hex = text.replace(/\s/g, '').toLowerCase();
  const knownType = type !== null && Object.hasOwn(LENGTHS, type);
  if (!/^[0-9a-f]+$/.test(hex)) return reject(type && !knownType ? 'unsupported' : 'invalid', 'not hex');
  type ??= BY_LENGTH[hex.length] ?? null;
  if (!type || !Object.hasOwn(LENGTHS, type)) return reject('unsupported', 'hash type');
  if (hex.length !== LENGTHS[type]) return reject('invalid', `${type} is ${LENGTHS[type]} hex digits`);
  return accept(`${type}:${hex}`);
}
