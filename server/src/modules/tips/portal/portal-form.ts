import {
  type IdentifierInput,
  type ProvinceCode,
  provinceCodeSchema,
  type Suspect,
} from '@karpear/contracts';
import { z } from 'zod';
import { normaliseIdentifierInput } from '../../entities/index.ts';
import type { NewTipIdentifier } from '../tips.intake.ts';
import type { PortalMessageKey } from './portal-messages.ts';

/**
 * The public report form: field names, limits, and validation of what the browser posts
 * (application/x-www-form-urlencoded, every value a string). Errors are message keys with parameters,
 * per field, so the page can show each one next to its field in the reporter's language and keep
 * everything they typed. Identifiers are normalised here with the entities normalisers, line by line,
 * so an error names the line.
 */

/** Raw form values as posted (one string per name; a missing field is absent). */
export type FormValues = Record<string, string>;

export interface FieldError {
  key: PortalMessageKey;
  params?: Record<string, string | number>;
  /** For list fields (one value per line): the 1-based line at fault. */
  line?: number;
}

export type FieldErrors = Partial<Record<string, FieldError>>;

export const LIMITS = {
  narrativeMin: 10,
  narrative: 8000,
  place: 300,
  when: 40,
  nationality: 300,
  languages: 300,
  suspectName: 200,
  suspectDescription: 2000,
  urls: 10,
  phones: 5,
  emails: 5,
  usernames: 3,
  identifierLine: 500,
  contact: 500,
  message: 4000,
} as const;

/** Age bands a reporter can choose; "approximate" on purpose: nobody knows a stranger's child's age. */
export const CHILD_AGE_BANDS = {
  '0-5': { min: 0, max: 5, label: 'age0to5' },
  '6-9': { min: 6, max: 9, label: 'age6to9' },
  '10-12': { min: 10, max: 12, label: 'age10to12' },
  '13-15': { min: 13, max: 15, label: 'age13to15' },
  '16-17': { min: 16, max: 17, label: 'age16to17' },
} as const satisfies Record<string, { min: number; max: number; label: PortalMessageKey }>;
export type ChildAgeBand = keyof typeof CHILD_AGE_BANDS;

/** Platforms offered for usernames (canonical names of the entities normaliser); `other` → unknown. */
export const PORTAL_PLATFORMS = [
  'facebook',
  'telegram',
  'whatsapp',
  'tiktok',
  'instagram',
  'line',
  'wechat',
  'x',
  'snapchat',
  'discord',
  'signal',
  'viber',
  'zalo',
  'skype',
  'kik',
  'youtube',
  'other',
] as const;

/** Display names of platforms: brand names, the same in both languages. */
export const PLATFORM_NAMES: Record<(typeof PORTAL_PLATFORMS)[number], string> = {
  facebook: 'Facebook / Messenger',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  tiktok: 'TikTok',
  instagram: 'Instagram',
  line: 'LINE',
  wechat: 'WeChat',
  x: 'X (Twitter)',
  snapchat: 'Snapchat',
  discord: 'Discord',
  signal: 'Signal',
  viber: 'Viber',
  zalo: 'Zalo',
  skype: 'Skype',
  kik: 'Kik',
  youtube: 'YouTube',
  other: '',
};

/** The names of the report form's fields (also the ids of their inputs). */
export const REPORT_FIELDS = {
  narrative: 'what',
  danger: 'danger',
  province: 'province',
  place: 'place',
  when: 'when',
  childAge: 'child_age',
  nationality: 'nationality',
  languages: 'languages',
  suspectName: 'suspect_name',
  suspectDescription: 'suspect_description',
  urls: 'urls',
  phones: 'phones',
  emails: 'emails',
  contact: 'contact',
  /** The honeypot: hidden by the stylesheet; a person never fills it in. */
  honeypot: 'website',
  token: 'form_token',
} as const;

export const usernameField = (i: number) => `username_${i}`;
export const platformField = (i: number) => `platform_${i}`;

/** What a valid report becomes: the pieces of `NewTip` the reporter provides. */
export interface ParsedReport {
  narrative: string;
  imminentDanger: boolean;
  province: ProvinceCode | null;
  place: string | null;
  occurredAt: string | null;
  childAgeMin: number | null;
  childAgeMax: number | null;
  suspect: Suspect | null;
  identifiers: NewTipIdentifier[];
  rawIdentifiers: IdentifierInput[];
  reporterContact: string | null;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Line breaks and control characters other than tab/newline are removed; spaces at the ends trimmed. */
export function cleanText(value: string | undefined): string {
  return (
    (value ?? '')
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
      .trim()
  );
}

function lengthError(text: string, max: number, min = 0): FieldError | null {
  // Code points, not UTF-16 units: Khmer and emoji count as the reporter sees them.
  const length = [...text].length;
  if (length > max) return { key: 'errTooLong', params: { max } };
  if (length < min) return { key: 'errTooShort', params: { min } };
  return null;
}

const whenSchema = z
  .string()
  .regex(/^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$/)
  .refine((v) => {
    const [y, m, d] = v.split('-').map(Number);
    if (d !== undefined) {
      const date = new Date(Date.UTC(y!, m! - 1, d));
      return date.getUTCMonth() === m! - 1;
    }
    return true;
  });

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real date, from 1990 and not after `today` (UTC, a day of slack). */
export function isValidWhen(value: string, now: Date): boolean {
  if (!whenSchema.safeParse(value).success) return false;
  const year = Number(value.slice(0, 4));
  if (year < 1990) return false;
  const tomorrow = new Date(now.getTime() + 24 * 3600_000).toISOString().slice(0, value.length);
  return value <= tomorrow;
}

/** Comma- or line-separated words (nationalities, languages), each trimmed, empty ones dropped. */
function splitList(text: string): string[] {
  return text
    .split(/[,،、\n;]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const IDENTIFIER_REASON: Record<'url' | 'phone' | 'email' | 'username', PortalMessageKey> = {
  url: 'errUrl',
  phone: 'errPhone',
  email: 'errEmail',
  username: 'errUsername',
};

/**
 * Validate the report form. `now` bounds the "when" date. Never throws on any input: every problem is
 * a field error.
 */
export function parseReportForm(values: FormValues, now: Date): ParseResult<ParsedReport> {
  const errors: FieldErrors = {};
  const f = REPORT_FIELDS;

  const narrative = cleanText(values[f.narrative]);
  if (narrative.length === 0) errors[f.narrative] = { key: 'errRequired' };
  else {
    const e = lengthError(narrative, LIMITS.narrative, LIMITS.narrativeMin);
    if (e) errors[f.narrative] = e;
  }

  const provinceText = cleanText(values[f.province]);
  let province: ProvinceCode | null = null;
  if (provinceText) {
    const parsed = provinceCodeSchema.safeParse(provinceText);
    if (parsed.success) province = parsed.data;
    else errors[f.province] = { key: 'errProvince' };
  }

  const optionalText = (name: string, max: number): string | null => {
    const text = cleanText(values[name]);
    const e = lengthError(text, max);
    if (e) errors[name] = e;
    return text.length > 0 ? text : null;
  };
  const place = optionalText(f.place, LIMITS.place);

  const when = cleanText(values[f.when]);
  if (when && !isValidWhen(when, now)) errors[f.when] = { key: 'errWhen' };

  const band = cleanText(values[f.childAge]);
  let ages: { min: number; max: number } | null = null;
  if (band) {
    if (Object.hasOwn(CHILD_AGE_BANDS, band)) ages = CHILD_AGE_BANDS[band as ChildAgeBand];
    else errors[f.childAge] = { key: 'errChildAge' };
  }

  const nationalities = optionalText(f.nationality, LIMITS.nationality);
  const languages = optionalText(f.languages, LIMITS.languages);
  const suspectName = optionalText(f.suspectName, LIMITS.suspectName);
  const suspectDescription = optionalText(f.suspectDescription, LIMITS.suspectDescription);
  const nationalityList = nationalities ? splitList(nationalities) : [];
  const languageList = languages ? splitList(languages) : [];
  if (nationalityList.length > 5) errors[f.nationality] = { key: 'errTooMany', params: { max: 5 } };
  else if (nationalityList.some((n) => [...n].length > 60))
    errors[f.nationality] = { key: 'errTooLong', params: { max: 60 } };
  if (languageList.length > 10) errors[f.languages] = { key: 'errTooMany', params: { max: 10 } };
  else if (languageList.some((n) => [...n].length > 60))
    errors[f.languages] = { key: 'errTooLong', params: { max: 60 } };

  const identifiers: NewTipIdentifier[] = [];
  const rawIdentifiers: IdentifierInput[] = [];
  const addIdentifier = (input: IdentifierInput): string | null => {
    const result = normaliseIdentifierInput(input);
    if (!result.ok) return result.reason;
    rawIdentifiers.push(input);
    if (!identifiers.some((i) => i.kind === result.kind && i.value === result.value)) {
      identifiers.push({
        kind: result.kind,
        value: result.value,
        role: 'suspect',
        stopListed: result.stopListed,
      });
    }
    return null;
  };

  const listField = (name: string, kind: 'url' | 'phone' | 'email', max: number) => {
    const items = lines(cleanText(values[name]));
    if (items.length > max) {
      errors[name] = { key: 'errTooMany', params: { max } };
      return;
    }
    for (const [i, item] of items.entries()) {
      const tooLong = lengthError(item, LIMITS.identifierLine);
      if (tooLong || addIdentifier({ kind, value: item }) !== null) {
        errors[name] = { key: 'errLine', params: { line: i + 1 }, line: i + 1 };
        return;
      }
    }
  };
  listField(f.urls, 'url', LIMITS.urls);
  listField(f.phones, 'phone', LIMITS.phones);
  listField(f.emails, 'email', LIMITS.emails);

  for (let i = 1; i <= LIMITS.usernames; i++) {
    const username = cleanText(values[usernameField(i)]);
    const platform = cleanText(values[platformField(i)]);
    if (!username) continue;
    if (!platform) {
      errors[platformField(i)] = { key: 'errPlatform' };
      continue;
    }
    if (!(PORTAL_PLATFORMS as readonly string[]).includes(platform)) {
      errors[platformField(i)] = { key: 'errPlatform' };
      continue;
    }
    if (lengthError(username, 100)) {
      errors[usernameField(i)] = { key: 'errTooLong', params: { max: 100 } };
      continue;
    }
    const qualifier = platform === 'other' ? undefined : platform;
    if (addIdentifier({ kind: 'username', value: username, ...(qualifier ? { qualifier } : {}) }) !== null)
      errors[usernameField(i)] = { key: 'errUsername' };
  }

  const reporterContact = optionalText(f.contact, LIMITS.contact);

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const hasSuspect =
    nationalityList.length > 0 ||
    languageList.length > 0 ||
    suspectName !== null ||
    suspectDescription !== null;
  return {
    ok: true,
    value: {
      narrative,
      imminentDanger: values[f.danger] === 'yes',
      province,
      place,
      occurredAt: when || null,
      childAgeMin: ages?.min ?? null,
      childAgeMax: ages?.max ?? null,
      suspect: hasSuspect
        ? {
            nationalities: nationalityList,
            languages: languageList,
            names: suspectName ? [suspectName] : [],
            ...(suspectDescription ? { description: suspectDescription } : {}),
          }
        : null,
      identifiers,
      rawIdentifiers,
      reporterContact,
    },
  };
}

/** The message for a list-field line error: "Line 2: this is not a phone number we can read". */
export function identifierReasonKey(field: string): PortalMessageKey {
  if (field === REPORT_FIELDS.urls) return IDENTIFIER_REASON.url;
  if (field === REPORT_FIELDS.phones) return IDENTIFIER_REASON.phone;
  if (field === REPORT_FIELDS.emails) return IDENTIFIER_REASON.email;
  return IDENTIFIER_REASON.username;
}

/** Receipt codes are 16 digits; people write them with spaces or dashes, which are ignored. */
export function parseReceiptCode(value: string | undefined): string | null {
  const digits = (value ?? '').replace(/[\s\-.]/g, '');
  // Khmer digits (០-៩) typed on a Khmer keyboard mean the same numbers.
  const western = digits.replace(/[\u17E0-\u17E9]/g, (d) => String(d.charCodeAt(0) - 0x17e0));
  return /^\d{16}$/.test(western) ? western : null;
}

/** The reporter's added message: required, at most 4,000 characters. */
export function parseMessage(value: string | undefined): ParseResult<string> {
  const text = cleanText(value);
  if (text.length === 0) return { ok: false, errors: { message: { key: 'errRequired' } } };
  const e = lengthError(text, LIMITS.message);
  if (e) return { ok: false, errors: { message: e } };
  return { ok: true, value: text };
}
