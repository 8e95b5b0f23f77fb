import { normaliseEspAccount } from './account.ts';
import { normaliseDeviceId } from './device.ts';
import { normaliseEmail } from './email.ts';
import { normaliseFileHash } from './hash.ts';
import { normaliseIp } from './ip.ts';
import { normaliseName } from './name.ts';
import { normalisePassport } from './passport.ts';
import { normalisePhone } from './phone.ts';
import type { NormaliseResult } from './result.ts';
import { normaliseUrl } from './url.ts';
import { normaliseUsername } from './username.ts';

export const IDENTIFIER_KINDS = [
  'email',
  'phone',
  'ip',
  'username',
  'esp_account',
  'url',
  'device',
  'passport',
  'name',
  'file_hash',
] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** What a raw value needs besides itself: the platform of a username/account, the type of a device
 * id or hash. */
export interface IdentifierHint {
  platform?: string | null;
  idType?: string | null;
  hashType?: string | null;
}

/** One entry point for every kind; the result's value is the entity key within its kind. */
export function normaliseIdentifier(
  kind: IdentifierKind,
  raw: string,
  hint: IdentifierHint = {},
): NormaliseResult {
  switch (kind) {
    case 'email':
      return normaliseEmail(raw);
    case 'phone':
      return normalisePhone(raw);
    case 'ip':
      return normaliseIp(raw);
    case 'username':
      return normaliseUsername(raw, hint.platform);
    case 'esp_account':
      return normaliseEspAccount(raw, hint.platform);
    case 'url':
      return normaliseUrl(raw);
    case 'device':
      return normaliseDeviceId(raw, hint.idType);
    case 'passport':
      return normalisePassport(raw);
    case 'name':
      return normaliseName(raw);
    case 'file_hash':
      return normaliseFileHash(raw, hint.hashType);
  }
}
