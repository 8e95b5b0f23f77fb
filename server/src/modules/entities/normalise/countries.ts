import { createRequire } from 'node:module';
// The library's browser entry registers no locale; the Node entry would load all ~80. We register English.
import countries from 'i18n-iso-countries/index.js';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

/**
 * Names, ICAO travel-document codes and nationality words that `i18n-iso-countries` does not know,
 * folded (lower-case, letters only). Nationalities matter: a tip says "a British man", not "GB".
 */
const EXTRA: Record<string, string> = {
  d: 'DE', // ICAO code for Germany in passports
  gbd: 'GB',
  gbn: 'GB',
  gbo: 'GB',
  gbp: 'GB',
  gbs: 'GB',
  unk: 'XK',
  rks: 'XK',
  xk: 'XK',
  kosovo: 'XK',
  uk: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  britain: 'GB',
  vietnam: 'VN',
  vietnamese: 'VN',
  laos: 'LA',
  lao: 'LA',
  burma: 'MM',
  korea: 'KR',
  america: 'US',
  holland: 'NL',
  kampuchea: 'KH',
  cambodge: 'KH',
  ivorycoast: 'CI',
  turkey: 'TR',
  macau: 'MO',
  american: 'US',
  australian: 'AU',
  british: 'GB',
  english: 'GB',
  cambodian: 'KH',
  khmer: 'KH',
  canadian: 'CA',
  chinese: 'CN',
  dutch: 'NL',
  french: 'FR',
  german: 'DE',
  indian: 'IN',
  indonesian: 'ID',
  irish: 'IE',
  italian: 'IT',
  japanese: 'JP',
  korean: 'KR',
  southkorean: 'KR',
  malaysian: 'MY',
  newzealander: 'NZ',
  filipino: 'PH',
  philippine: 'PH',
  russian: 'RU',
  singaporean: 'SG',
  spanish: 'ES',
  swedish: 'SE',
  swiss: 'CH',
  thai: 'TH',
  belgian: 'BE',
  danish: 'DK',
  norwegian: 'NO',
  finnish: 'FI',
  austrian: 'AT',
  polish: 'PL',
  israeli: 'IL',
  burmese: 'MM',
  taiwanese: 'TW',
};

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

/**
 * ISO 3166-1 alpha-2 code for an alpha-2 or alpha-3 code, an ICAO passport code, an English country
 * name (official or common) or an English nationality word; null when unknown. Pure and idempotent.
 */
export function resolveCountry(input: string | null | undefined): string | null {
  if (typeof input !== 'string' || input.length > 100) return null;
  const text = input.normalize('NFKC').trim();
  if (text.length === 0) return null;
  const key = fold(text);
  if (Object.hasOwn(EXTRA, key)) return EXTRA[key]!;
  const upper = text.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper)) return countries.isValid(upper) ? upper : null;
  if (/^[A-Z]{3}$/.test(upper)) return countries.alpha3ToAlpha2(upper) ?? null;
  return countries.getAlpha2Code(text, 'en') ?? countries.getSimpleAlpha2Code(text, 'en') ?? null;
}

export function countryName(alpha2: string): string | undefined {
  return countries.getName(alpha2, 'en');
}
