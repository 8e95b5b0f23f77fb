import type { AuditEvent } from '@karpear/contracts';

/**
 * CSV for spreadsheets (RFC 4180, CRLF) with formula injection neutralised: a cell whose text starts
 * with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so Excel and LibreOffice
 * show it as text instead of evaluating it (OWASP "CSV injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text =
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

export const AUDIT_CSV_HEADER = [
  'position',
  'at',
  'actor_id',
  'agency_id',
  'action',
  'object_type',
  'object_id',
  'outcome',
  'ip',
  'request_id',
  'justification',
  'details',
  'hash',
] as const;

export function auditCsvRow(e: AuditEvent): string {
  return csvRow([
    e.position,
    e.at,
    e.actorId,
    e.agencyId,
    e.action,
    e.objectType,
    e.objectId,
    e.outcome,
    e.ip,
    e.requestId,
    e.justification,
    e.details,
    e.hash,
  ]);
}
