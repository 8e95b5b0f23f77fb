import { z } from 'zod';

/**
 * Cambodia's 24 provinces and the capital, Phnom Penh, with their ISO 3166-2:KH codes (stable: they
 * are what the database stores), English and Khmer names, and the spellings people actually write
 * (romanisations vary: Kampong/Kompong, Siem Reap/Siem Riep, Preah Sihanouk/Sihanoukville/Kampong Som).
 */
export interface Province {
  code: ProvinceCode;
  en: string;
  km: string;
  kind: 'capital' | 'province';
  /** Other English spellings and former names, matched case/space/diacritic-insensitively. */
  variants: readonly string[];
}

export const PROVINCE_CODES = [
  'KH-1',
  'KH-2',
  'KH-3',
  'KH-4',
  'KH-5',
  'KH-6',
  'KH-7',
  'KH-8',
  'KH-9',
  'KH-10',
  'KH-11',
  'KH-12',
  'KH-13',
  'KH-14',
  'KH-15',
  'KH-16',
  'KH-17',
  'KH-18',
  'KH-19',
  'KH-20',
  'KH-21',
  'KH-22',
  'KH-23',
  'KH-24',
  'KH-25',
] as const;

export const provinceCodeSchema = z.enum(PROVINCE_CODES);
export type ProvinceCode = z.infer<typeof provinceCodeSchema>;

const P = (
  code: ProvinceCode,
  en: string,
  km: string,
  variants: string[] = [],
  kind: Province['kind'] = 'province',
): Province => ({ code, en, km, kind, variants });

export const PROVINCES: readonly Province[] = [
  P('KH-1', 'Banteay Meanchey', 'បន្ទាយមានជ័យ', ['Banteay Mean Chey', 'Banteay Mean Chay']),
  P('KH-2', 'Battambang', 'បាត់ដំបង', ['Batdambang', 'Battambong']),
  P('KH-3', 'Kampong Cham', 'កំពង់ចាម', []),
  P('KH-4', 'Kampong Chhnang', 'កំពង់ឆ្នាំង', ['Kampong Chnang']),
  P('KH-5', 'Kampong Speu', 'កំពង់ស្ពឺ', ['Kampong Spoe', 'Kampong Spueu']),
  P('KH-6', 'Kampong Thom', 'កំពង់ធំ', ['Kampong Thum']),
  P('KH-7', 'Kampot', 'កំពត', ['Kampote']),
  P('KH-8', 'Kandal', 'កណ្ដាល', ['Kandaal']),
  P('KH-9', 'Koh Kong', 'កោះកុង', ['Kaoh Kong', 'Kah Kong']),
  P('KH-10', 'Kratie', 'ក្រចេះ', ['Kracheh', 'Krachéh']),
  P('KH-11', 'Mondulkiri', 'មណ្ឌលគិរី', ['Mondol Kiri', 'Mondolkiri', 'Mundulkiri']),
  P('KH-12', 'Phnom Penh', 'ភ្នំពេញ', ['Phnum Penh', 'Phnom Pénh'], 'capital'),
  P('KH-13', 'Preah Vihear', 'ព្រះវិហារ', ['Preah Vihea', 'Preah Vihéar']),
  P('KH-14', 'Prey Veng', 'ព្រៃវែង', ['Prey Vaeng']),
  P('KH-15', 'Pursat', 'ពោធិ៍សាត់', ['Pouthisat', 'Posat', 'Pousat']),
  P('KH-16', 'Ratanakiri', 'រតនគិរី', ['Ratanak Kiri', 'Rattanakiri', 'Rotanak Kiri', 'Rotanakiri']),
  P('KH-17', 'Siem Reap', 'សៀមរាប', ['Siem Riep', 'Siemreap', 'Siem Reab']),
  P('KH-18', 'Preah Sihanouk', 'ព្រះសីហនុ', ['Sihanoukville', 'Sihanouk', 'Kampong Som', 'Sihanouk Ville']),
  P('KH-19', 'Stung Treng', 'ស្ទឹងត្រែង', ['Stoeng Treng', 'Steung Treng', 'Stung Treung']),
  P('KH-20', 'Svay Rieng', 'ស្វាយរៀង', ['Svay Rien', 'Svay Riang']),
  P('KH-21', 'Takeo', 'តាកែវ', ['Takev', 'Takéo']),
  P('KH-22', 'Oddar Meanchey', 'ឧត្តរមានជ័យ', ['Otdar Mean Chey', 'Oddar Mean Chey', 'Oddar Meanchay']),
  P('KH-23', 'Kep', 'កែប', ['Kaeb', 'Kep City']),
  P('KH-24', 'Pailin', 'ប៉ៃលិន', ['Pailin City']),
  P('KH-25', 'Tbong Khmum', 'ត្បូងឃ្មុំ', ['Tboung Khmum', 'Tbong Khmom', 'Tboung Khmom']),
];

const KHMER = /[\u1780-\u17FF]/;

/** Latin spelling → comparison key: no diacritics, case, spaces, punctuation, "province"/"krong"… words;
 * `kompong`/`kompung` read as `kampong`. */
function latinKey(s: string): string {
  return ` ${s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()} `
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/ (?:province|provincia|khaet|khet|krong|city|capital|municipality|of) /g, ' ')
    .replace(/ (?:province|provincia|khaet|khet|krong|city|capital|municipality|of) /g, ' ')
    .replace(/\bk[ao]mp[ou]ng\b/g, 'kampong')
    .replace(/\s+/g, '');
}

/** Khmer spelling → comparison key: without spaces/zero-width space and the words ខេត្ត (province),
 * រាជធានី (capital) and ក្រុង (city); coeng-ta (្ត) read as coeng-da (្ដ), which looks the same. */
function khmerKey(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\s\u200B]+/g, '')
    .replace(/^(?:ខេត្ត|ខេត្ដ|រាជធានី|ក្រុង)/, '')
    .replace(/\u17D2\u178F/g, '\u17D2\u178A');
}

const BY_KEY = new Map<string, Province>();
for (const p of PROVINCES) {
  BY_KEY.set(p.code.toLowerCase(), p);
  BY_KEY.set(khmerKey(p.km), p);
  for (const name of [p.en, ...p.variants]) BY_KEY.set(latinKey(name), p);
}

/**
 * The province for an ISO code (`KH-12`, `kh12`, `12`), an English name or variant (case-, space- and
 * diacritic-insensitive: `siem riep`, `SIHANOUKVILLE`, `Kompong Cham Province`) or a Khmer name
 * (`ភ្នំពេញ`, `ខេត្តសៀមរាប`). Undefined when nothing matches. Never throws.
 */
export function findProvince(input: string | null | undefined): Province | undefined {
  if (typeof input !== 'string' || input.length === 0 || input.length > 100) return undefined;
  const text = input.trim();
  const code = /^(?:kh)?[\s-]?(\d{1,2})$/i.exec(text);
  if (code) return BY_KEY.get(`kh-${Number(code[1])}`);
  if (KHMER.test(text)) return BY_KEY.get(khmerKey(text));
  const key = latinKey(text);
  return key.length > 0 ? BY_KEY.get(key) : undefined;
}

export function provinceByCode(code: ProvinceCode): Province {
  return PROVINCES.find((p) => p.code === code)!;
}
