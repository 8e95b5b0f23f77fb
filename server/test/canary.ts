import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { DatabaseHandle } from '../src/platform/db/index.ts';
import { createLogger, type Logger } from '../src/platform/logger.ts';

/**
 * Canary strings (SECURITY.md 27): values planted in victim-identity fields that must never appear in
 * plaintext anywhere else — not in a dump of the database, not in the logs, not in a response to a role
 * without need-to-know. This helper plants nothing itself; it makes canaries and finds them.
 */

export function newCanary(kind = 'VICTIM'): string {
  return `CANARY-${kind}-${randomUUID()}`;
}

export interface CanaryFinding {
  where: string;
  canary: string;
  /** How it was written: as is, hex or base64 of its UTF-8 bytes. */
  form: 'plain' | 'hex' | 'base64';
}

function forms(canary: string): Array<[CanaryFinding['form'], string]> {
  const bytes = Buffer.from(canary, 'utf8');
  return [
    ['plain', canary],
    ['hex', bytes.toString('hex')],
    ['base64', bytes.toString('base64').replace(/=+$/, '')],
  ];
}

/** Every occurrence of any canary (in any of its forms, case-insensitively) in one text. */
export function findCanariesInText(
  where: string,
  text: string,
  canaries: readonly string[],
): CanaryFinding[] {
  const haystack = text.toLowerCase();
  const found: CanaryFinding[] = [];
  for (const canary of canaries) {
    for (const [form, needle] of forms(canary)) {
      if (haystack.includes(needle.toLowerCase())) found.push({ where, canary, form });
    }
  }
  return found;
}

/**
 * Dump every base table of the public schema, every column cast to text (bytea as `escape` text, so
 * printable bytes stay readable), and look for the canaries. Returns the findings (table.column).
 */
export async function findCanariesInDatabase(
  db: DatabaseHandle,
  canaries: readonly string[],
): Promise<CanaryFinding[]> {
  const columns = await db.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const found: CanaryFinding[] = [];
  for (const { table_name: table, column_name: column, data_type: type } of columns) {
    const ident = `"${column.replaceAll('"', '""')}"`;
    const expr = type === 'bytea' ? `encode(${ident}, 'escape')` : `${ident}::text`;
    const rows = await db.query<{ v: string | null }>(
      `SELECT ${expr} AS v FROM "${table.replaceAll('"', '""')}" WHERE ${ident} IS NOT NULL`,
    );
    const text = rows.map((r) => r.v ?? '').join('\n');
    found.push(...findCanariesInText(`${table}.${column}`, text, canaries));
  }
  return found;
}

/** A logger at `trace` writing into memory, for tests that check what the application logs. */
export function captureLogs(): { logger: Logger; text(): string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('trace', sink), text: () => chunks.join('') };
}
