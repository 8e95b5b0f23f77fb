// The entities module's pure normalisers (no database). The module's own index.ts re-exports these.
export { normaliseEspAccount } from './account.ts';
export { CALLING_CODES, callingCodeOf } from './calling-codes.ts';
export { countryName, resolveCountry } from './countries.ts';
export { type DeviceKind, luhnDigit, luhnValid, normaliseDeviceId } from './device.ts';
export { asciiDomain, normaliseEmail } from './email.ts';
export { type ExtractedIdentifier, type ExtractedKind, extractIdentifiers } from './extract.ts';
export { normaliseFileHash } from './hash.ts';
export {
  IDENTIFIER_KINDS,
  type IdentifierHint,
  type IdentifierKind,
  normaliseIdentifier,
} from './identifier.ts';
export { classifyIp, type IpClass, normaliseIp } from './ip.ts';
export { nameKey, normaliseName } from './name.ts';
export { normalisePassport } from './passport.ts';
export { normalisePhone } from './phone.ts';
export { canonicalPlatform, PLATFORMS, type PlatformInfo, platformOfHost } from './platforms.ts';
export type { NormaliseResult, Rejection, RejectReason } from './result.ts';
export {
  DEFAULT_STOP_MIN_TIPS,
  DEFAULT_STOP_SHARE,
  isEmptyValue,
  isOverShareThreshold,
  type StopReason,
  stopListReason,
} from './stoplist.ts';
export { hostOf, normaliseUrl } from './url.ts';
export { normaliseUsername, type PlatformUser, splitUsername, userFromProfileUrl } from './username.ts';
