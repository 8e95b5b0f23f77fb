import { isLanguage, type Language } from './index';

/** The Intl locale of each UI language: Khmer as used in Cambodia. */
export const INTL_LOCALE: Record<Language, string> = { km: 'km-KH', en: 'en-GB' };

function intlLocale(language: string | undefined): string {
  return INTL_LOCALE[isLanguage(language) ? language : 'km'];
}

/** Khmer month names: used whatever the browser's Intl data (some builds lack Khmer and fall back to English). */
const KHMER_MONTHS = [
  'មករា',
  'កុម្ភៈ',
  'មីនា',
  'មេសា',
  'ឧសភា',
  'មិថុនា',
  'កក្កដា',
  'សីហា',
  'កញ្ញា',
  'តុលា',
  'វិច្ឆិកា',
  'ធ្នូ',
];

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, cached);
  }
  return cached;
}

/** "28 វិច្ឆិកា 2026 15:43": day, Khmer month, year, 24-hour time, in the browser's time zone. */
function formatKhmer(date: Date): string {
  const parts = formatter(INTL_LOCALE.km, {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    numberingSystem: 'latn',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${KHMER_MONTHS[Number(part('month')) - 1]} ${part('year')} ${part('hour')}:${part('minute')}`;
}

/**
 * A date and time for people: "28 Nov 2026, 15:43" / "28 វិច្ឆិកា 2026 15:43". Empty for null; the raw
 * text for something that is not a date (better than "Invalid Date").
 */
export function formatDateTime(
  value: string | Date | null | undefined,
  language: string | undefined,
): string {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const locale = intlLocale(language);
  if (locale === INTL_LOCALE.km) return formatKhmer(date);
  return formatter(locale, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(date);
}

/** Bilingual records (agencies, units) carry both names; show the one of the current language. */
export function localName(
  record: { nameEn: string; nameKm: string } | null | undefined,
  language: string | undefined,
): string {
  if (!record) return '';
  return language === 'en' ? record.nameEn : record.nameKm || record.nameEn;
}
