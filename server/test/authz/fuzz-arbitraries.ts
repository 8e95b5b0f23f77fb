import fc from 'fast-check';
import type { DatabaseHandle } from '../../src/platform/db/index.ts';

/** Hostile input for the property tests (SECURITY.md 15 and A.4). */

/** Keys an attacker tries: prototype pollution and fields a client must never set. */
export const DANGEROUS_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'id',
  'agencyId',
  'unitId',
  'userId',
  'role',
  'roles',
  'isAdmin',
  'type',
  'state',
  'requestedBy',
  'decidedBy',
  'createdAt',
  'abilities',
];

const unicode = fc.string({ unit: 'binary', maxLength: 80 });
const anyKey = fc.oneof(fc.constantFrom(...DANGEROUS_KEYS), unicode, fc.string({ maxLength: 12 }));

/** A JSON object written by hand, so `__proto__` stays an own key in the text. */
export function jsonObjectText(entries: Array<[string, unknown]>): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`;
}

const jsonObject = fc
  .array(fc.tuple(anyKey, fc.jsonValue({ maxDepth: 3 })), { maxLength: 8 })
  .map(jsonObjectText);

const deepNesting = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom('[', '{"a":'))
  .map(([depth, open]) => open.repeat(depth) + (open === '[' ? ']' : '1}').repeat(depth));

const hugeString = fc
  .tuple(
    fc.constantFrom('nameEn', 'code', 'justification', 'note', 'x'),
    fc.integer({ min: 1000, max: 1_200_000 }),
  )
  .map(([key, n]) => jsonObjectText([[key, 'ក'.repeat(Math.ceil(n / 3))]]));

/** A raw request body: valid JSON of any shape, hostile objects, garbage, huge or deeply nested. */
export const hostileBody: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.json({ maxDepth: 4 }),
  jsonObject,
  deepNesting,
  hugeString,
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '{"__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
    'null',
    '""',
  ),
);

/** A path parameter: a real id (filled in by the caller), a UUID, or anything at all. */
export const hostileParam: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.uuid(),
  unicode,
  fc.string({ unit: 'binary-ascii', minLength: 150, maxLength: 400 }),
  fc.constantFrom('..', '%2e%2e', '00000000-0000-0000-0000-000000000000', 'null', '0'),
);

export const hostileQuery: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.oneof(
    fc.constantFrom('limit', 'offset', '__proto__', 'constructor', 'agencyId'),
    fc.string({ maxLength: 8 }),
  ),
  fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.integer().map(String), fc.constant('1e309')),
  { maxKeys: 4 },
);

/** Just extra keys (none the route declares), each with any JSON value: a mass-assignment attempt. */
export function extraKeysBody(declared: readonly string[]): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(anyKey, fc.jsonValue({ maxDepth: 2 })), { minLength: 1, maxLength: 6 })
    .map((entries) => jsonObjectText(entries.filter(([k]) => !declared.includes(k))));
}

/** A stack trace or a source location in a response body. */
export const STACK_TRACE = /\bat .*\.[cm]?[jt]s:\d+|\.ts:\d+:\d+|node:internal|\bat async\b/;

/** Tables a request may legitimately touch while refusing it (sessions, audit of denials, jobs). */
const VOLATILE_TABLES = new Set([
  'audit_log',
  'sessions',
  'login_challenges',
  'auth_failures',
  'jobs',
  'karpear_migrations',
]);

/** A fingerprint of every stored business row (one query), to prove a refused request changed nothing. */
export async function snapshotRows(database: DatabaseHandle): Promise<Record<string, string>> {
  tableList ??= (
    await database.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
  )
    .map((r) => r.name)
    .filter((name) => !VOLATILE_TABLES.has(name) && /^[a-z_0-9]+$/.test(name));
  const parts = tableList.map(
    (name) =>
      `SELECT '${name}' AS t, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${name}" x`,
  );
  const rows = await database.query<{ t: string; h: string }>(parts.join(' UNION ALL '));
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

let tableList: string[] | undefined;
