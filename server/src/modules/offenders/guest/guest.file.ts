import { findProvince, type ProvinceCode } from '@karpear/contracts';
import readXlsxFile from 'read-excel-file/node';
import { AppError } from '../../../platform/errors.ts';
import { type CsvItem, type CsvSpec, checkHeader, readCsv } from '../batch/csv.ts';
import { checkPerson, type FieldProblem, NAME_COLUMNS } from '../batch/subject.ts';
import type { TravellerRecord } from '../matching/types.ts';

/**
 * A daily accommodation register (issue 6 item 6), CSV (UTF-8 or UTF-16 with BOM) or XLSX (first
 * sheet). Header, one guest a row, names matched case-insensitively:
 *
 *   guest_id, full_name, given_name, family_name, dob, gender, nationality, passport_country,
 *   passport_number, check_in, check_out, establishment, province
 *
 * A name column, `establishment` and `province` are required; `province` is a name in English or
 * Khmer (any common spelling: Siem Riep, Kompong Cham, Sihanoukville) or an ISO code (KH-12, 12);
 * dates YYYY-MM-DD (XLSX date cells too). Rows with a problem are listed with their line (CSV) or row
 * (XLSX) number and column; the others are screened.
 */
export const GUEST_COLUMNS = [
  'guest_id',
  'full_name',
  'given_name',
  'family_name',
  'dob',
  'gender',
  'nationality',
  'passport_country',
  'passport_number',
  'check_in',
  'check_out',
  'establishment',
  'province',
] as const;

export const GUEST_SPEC: CsvSpec = {
  label: 'guest register',
  columns: GUEST_COLUMNS,
  requireOneOf: NAME_COLUMNS,
  required: ['establishment', 'province'],
};

export interface Guest {
  line: number;
  record: TravellerRecord;
  establishment: string;
  province: ProvinceCode;
  checkIn: string | null;
  checkOut: string | null;
}

export type GuestItem =
  | { kind: 'guest'; guest: Guest }
  | { kind: 'reject'; line: number; column: string | null; reason: string };

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04];
export const isXlsx = (bytes: Uint8Array): boolean => XLSX_MAGIC.every((b, i) => bytes[i] === b);

/** Every row of the file as a guest or a reject, in order; a bad header throws naming it. */
export async function readGuestFile(content: Buffer): Promise<GuestItem[]> {
  const rows: CsvItem[] = isXlsx(content) ? await xlsxRows(content) : await csvRows(content);
  const out: GuestItem[] = [];
  for (const item of rows) {
    if (item.kind === 'reject') out.push(item);
    else {
      const checked = checkGuest(item.values, item.line);
      if (checked.ok) out.push({ kind: 'guest', guest: checked.guest });
      else for (const p of checked.problems) out.push({ kind: 'reject', line: item.line, ...p });
    }
  }
  return out;
}

async function csvRows(content: Buffer): Promise<CsvItem[]> {
  const items: CsvItem[] = [];
  for await (const item of readCsv([content], GUEST_SPEC)) items.push(item);
  return items;
}

/** The first sheet, cells as text (dates as YYYY-MM-DD); row numbers are the sheet's. */
async function xlsxRows(content: Buffer): Promise<CsvItem[]> {
  let data: unknown[][];
  try {
    data = ((await readXlsxFile(content))[0]?.data ?? []) as unknown[][];
  } catch {
    throw new AppError('validation_failed', 'the file looks like XLSX but cannot be read as a spreadsheet');
  }
  const text = (cell: unknown): string => {
    if (cell === null || cell === undefined) return '';
    if (cell instanceof Date) return cell.toISOString().slice(0, 10);
    return String(cell).trim();
  };
  const headerIndex = data.findIndex((row) => row.some((c) => text(c) !== ''));
  if (headerIndex < 0) throw new AppError('validation_failed', 'row 1: the guest register is empty');
  const headerRow = data[headerIndex]!.map(text);
  // Trailing empty header cells are common in spreadsheets: drop them.
  while (headerRow.length > 0 && headerRow.at(-1) === '') headerRow.pop();
  const names = checkHeader(GUEST_SPEC, headerRow, headerIndex + 1);
  const items: CsvItem[] = [];
  for (let r = headerIndex + 1; r < data.length; r++) {
    const cells = data[r]!.map(text);
    if (cells.every((c) => c === '')) continue;
    const values: Record<string, string> = {};
    for (const [i, name] of names.entries()) values[name] = cells[i] ?? '';
    items.push({ kind: 'row', line: r + 1, values });
  }
  return items;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkDay(raw: string): boolean {
  const m = ISO_DAY.exec(raw);
  if (!m) return false;
  const d = new Date(`${raw}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === raw;
}

export function checkGuest(
  values: Record<string, string>,
  line: number,
): { ok: true; guest: Guest } | { ok: false; problems: FieldProblem[] } {
  const person = checkPerson({ ...values, id: values.guest_id }, `line-${line}`);
  const problems: FieldProblem[] = person.ok ? [] : [...person.problems];
  const establishment = (values.establishment ?? '').trim();
  if (!establishment)
    problems.push({ column: 'establishment', reason: 'empty: the hotel or guesthouse is required' });
  else if (establishment.length > 200)
    problems.push({ column: 'establishment', reason: 'longer than 200 characters' });
  const provinceRaw = (values.province ?? '').trim();
  const province = findProvince(provinceRaw);
  if (!province)
    problems.push({
      column: 'province',
      reason: provinceRaw
        ? `unknown province '${provinceRaw.slice(0, 40)}' (a Cambodian province name or code such as KH-12)`
        : 'empty: the province is required',
    });
  const day = (column: 'check_in' | 'check_out'): string | null => {
    const raw = (values[column] ?? '').trim();
    if (!raw) return null;
    if (!checkDay(raw)) {
      problems.push({ column, reason: `'${raw.slice(0, 40)}' is not a date (use YYYY-MM-DD)` });
      return null;
    }
    return raw;
  };
  const checkIn = day('check_in');
  const checkOut = day('check_out');
  if (checkIn && checkOut && checkOut < checkIn)
    problems.push({ column: 'check_out', reason: 'before check_in' });
  if (!person.ok || problems.length > 0 || !province) return { ok: false, problems };
  return {
    ok: true,
    guest: { line, record: person.record, establishment, province: province.code, checkIn, checkOut },
  };
}
