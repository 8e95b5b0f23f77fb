/**
 * Countries: ISO 3166-1 alpha-2, alpha-3 or English name (with common aliases and demonyms) →
 * alpha-2. Uses i18n-iso-countries (English names only).
 */
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };

countries.registerLocale(en);

const EXTRA: Readonly<Record<string, string>> = {
  'viet nam': 'VN',
  uk: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'great britain': 'GB',
  britain: 'GB',
  holland: 'NL',
  'the netherlands': 'NL',
  burma: 'MM',
  kampuchea: 'KH',
  'south korea': 'KR',
  'north korea': 'KP',
  korea: 'KR',
  russia: 'RU',
  'russian federation': 'RU',
  taiwan: 'TW',
  laos: 'LA',
  'lao pdr': 'LA',
  iran: 'IR',
  syria: 'SY',
  'czech republic': 'CZ',
  'ivory coast': 'CI',
  turkey: 'TR',
  turkiye: 'TR',
  macedonia: 'MK',
  moldova: 'MD',
  tanzania: 'TZ',
  bolivia: 'BO',
  venezuela: 'VE',
  'hong kong': 'HK',
  macau: 'MO',
  macao: 'MO',
  'united states': 'US',
  america: 'US',
  usa: 'US',
  // demonyms seen on arrival cards
  cambodian: 'KH',
  khmer: 'KH',
  american: 'US',
  british: 'GB',
  english: 'GB',
  australian: 'AU',
  canadian: 'CA',
  french: 'FR',
  german: 'DE',
  dutch: 'NL',
  belgian: 'BE',
  swiss: 'CH',
  austrian: 'AT',
  italian: 'IT',
  spanish: 'ES',
  portuguese: 'PT',
  irish: 'IE',
  swedish: 'SE',
  norwegian: 'NO',
  danish: 'DK',
  finnish: 'FI',
  polish: 'PL',
  russian: 'RU',
  ukrainian: 'UA',
  chinese: 'CN',
  japanese: 'JP',
  korean: 'KR',
  'south korean': 'KR',
  thai: 'TH',
  vietnamese: 'VN',
  lao: 'LA',
  malaysian: 'MY',
  singaporean: 'SG',
  indonesian: 'ID',
  filipino: 'PH',
  philippine: 'PH',
  indian: 'IN',
  'new zealander': 'NZ',
  kiwi: 'NZ',
  israeli: 'IL',
  turkish: 'TR',
  greek: 'GR',
  mexican: 'MX',
  brazilian: 'BR',
  'south african': 'ZA',
  nigerian: 'NG',
  egyptian: 'EG',
  saudi: 'SA',
  emirati: 'AE',
  pakistani: 'PK',
  bangladeshi: 'BD',
  'sri lankan': 'LK',
  burmese: 'MM',
  myanmar: 'MM',
  taiwanese: 'TW',
};

/** Machine-readable-zone codes that are not ISO 3166 (ICAO Doc 9303). */
const ICAO: Readonly<Record<string, string>> = {
  D: 'DE',
  GBD: 'GB',
  GBN: 'GB',
  GBO: 'GB',
  GBS: 'GB',
  GBP: 'GB',
  UNK: 'XK',
  RKS: 'XK',
};

const cache = new Map<string, string | null>();

/** ISO alpha-2 code of a country given by code or English name; `null` when unknown or empty. */
export function normaliseCountry(raw: string | undefined | null): string | null {
  const s = (raw ?? '').normalize('NFKC').trim();
  if (!s) return null;
  const hit = cache.get(s);
  if (hit !== undefined) return hit;
  let code: string | null = null;
  const upper = s.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && countries.isValid(upper)) code = upper;
  else if (/^[A-Z]{3}$/.test(upper) && countries.alpha3ToAlpha2(upper))
    code = countries.alpha3ToAlpha2(upper) ?? null;
  else if (ICAO[upper]) code = ICAO[upper]!;
  else {
    const plain = s
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z ]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const short = plain.replace(
      /^(the |kingdom of |republic of |state of |federal republic of |united republic of )/,
      '',
    );
    code =
      EXTRA[plain] ??
      countries.getAlpha2Code(s, 'en') ??
      countries.getAlpha2Code(plain, 'en') ??
      EXTRA[short] ??
      countries.getAlpha2Code(short, 'en') ??
      null;
  }
  if (cache.size < 10_000) cache.set(s, code);
  return code;
}

/** Several countries in one field (`KH|FR`, `Cambodia; France`) → distinct alpha-2 codes. */
export function normaliseCountries(raw: string | undefined | null): string[] {
  if (!raw) return [];
  const one = normaliseCountry(raw);
  if (one) return [one];
  const out = new Set<string>();
  for (const part of raw.split(/[|;,/]+/)) {
    const c = normaliseCountry(part);
    if (c) out.add(c);
  }
  return [...out];
}

export function countryName(code: string): string {
  return countries.getName(code, 'en') ?? code;
}
