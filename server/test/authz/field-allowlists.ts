import { ROLES, type Role } from '@karpear/contracts';
import { APPROVER_ROLES } from '../../src/access/policy/index.ts';
import { ACCOUNT_FIELDS } from './allowlists/accounts.ts';
import { CASE_FIELDS } from './allowlists/cases.ts';
import { ENTITY_FIELDS } from './allowlists/entities.ts';
import { OFFENDER_FIELDS } from './allowlists/offenders.ts';
import { TIP_FIELDS } from './allowlists/tips.ts';

/**
 * SECURITY.md A.3: the JSON keys each role may receive. Written by hand, apart from the response
 * schemas, so that a field added to a response is a reviewed decision here. Keys are paths:
 * `items[].nameEn` is the `nameEn` of every element of `items`.
 *
 * Object types are grouped by content: a role receives an object type only if it is listed for the
 * role in ROLE_OBJECT_TYPES (immigration never receives case or evidence content, NGOs never suspects,
 * administrators never case content — those types arrive with their modules and are refused here
 * until someone lists them).
 *
 * The object types live per module in ./allowlists/<module>.ts; this file joins them.
 */
const FIELD_PARTS = [ACCOUNT_FIELDS, OFFENDER_FIELDS, TIP_FIELDS, ENTITY_FIELDS, CASE_FIELDS] as const;
export const OBJECT_FIELDS = {
  ...ACCOUNT_FIELDS,
  ...OFFENDER_FIELDS,
  ...TIP_FIELDS,
  ...ENTITY_FIELDS,
  ...CASE_FIELDS,
} as const;
// A type listed in two parts would silently keep only the last: refuse it.
for (const [type] of Object.entries(OBJECT_FIELDS)) {
  const parts = FIELD_PARTS.filter((part) => type in part).length;
  if (parts !== 1) throw new Error(`field-allowlists: object type ${type} is listed in ${parts} parts`);
}

export type ObjectType = keyof typeof OBJECT_FIELDS;

/**
 * The object types each role may receive at all: their own account and organisation for everyone;
 * four-eyes requests for the roles that decide them; user records for user administrators; the audit
 * log for auditors only (not system administrators).
 */
const EVERYONE: readonly ObjectType[] = ['health', 'me', 'agency', 'unit', 'alert', 'alertCount'];
const USER_ADMINS: readonly Role[] = ['agency_admin', 'system_admin'];
const TIP_IMPORTERS: readonly Role[] = ['hotline_operator', 'intel_analyst', 'unit_supervisor'];
const REGISTER_READERS: readonly Role[] = [
  'investigator',
  'unit_supervisor',
  'intel_analyst',
  'prosecutor',
  'ncct_coordinator',
];
const TRAVEL_READERS: readonly Role[] = ['investigator', 'unit_supervisor', 'intel_analyst'];
const TIP_READERS: readonly Role[] = ['hotline_operator', 'unit_supervisor', 'investigator', 'intel_analyst'];
const REPORTER_CONTACT_READERS: readonly Role[] = ['hotline_operator', 'unit_supervisor'];
const BATCH_SCREENERS: readonly Role[] = ['immigration_officer', 'unit_supervisor', 'intel_analyst'];
const CASE_READERS: readonly Role[] = [
  'unit_supervisor',
  'investigator',
  'intel_analyst',
  'prosecutor',
  'liaison_officer',
];
const PLAN_READERS: readonly Role[] = ['unit_supervisor', 'investigator', 'intel_analyst'];
const UNIT_MEMBER_READERS: readonly Role[] = ['hotline_operator', 'unit_supervisor', 'investigator'];
const GUEST_IMPORTERS: readonly Role[] = [
  'investigator',
  'unit_supervisor',
  'intel_analyst',
  'immigration_officer',
];
export const ROLE_OBJECT_TYPES = {} as Record<Role, readonly ObjectType[]>;
for (const role of ROLES) {
  ROLE_OBJECT_TYPES[role] = [
    ...EVERYONE,
    ...(APPROVER_ROLES.includes(role) ? (['approval'] as const) : []),
    ...(USER_ADMINS.includes(role) ? (['user'] as const) : []),
    ...(role === 'auditor' ? (['auditEvent', 'auditStatus'] as const) : []),
    ...(TIP_IMPORTERS.includes(role) ? (['tipImport'] as const) : []),
    ...(REGISTER_READERS.includes(role) ? (['registerEntrySummary', 'registerEntry'] as const) : []),
    ...(TRAVEL_READERS.includes(role) ? (['travelNotification'] as const) : []),
    ...(TIP_READERS.includes(role) ? (['tipSummary', 'tipDetail'] as const) : []),
    ...(TIP_READERS.includes(role) ? (['entitySummary', 'entityDetail', 'linkChart'] as const) : []),
    ...(REPORTER_CONTACT_READERS.includes(role) ? (['reporterContact'] as const) : []),
    ...(BATCH_SCREENERS.includes(role) ? (['screeningBatch'] as const) : []),
    ...(GUEST_IMPORTERS.includes(role) ? (['guestImportSummary', 'guestImport'] as const) : []),
    ...(CASE_READERS.includes(role) ? (['caseSummary', 'caseDetail'] as const) : []),
    ...(CASE_READERS.includes(role) ? (['casePersons', 'personView'] as const) : []),
    ...(CASE_READERS.includes(role) || role === 'hotline_operator' ? (['myWork'] as const) : []),
    ...(PLAN_READERS.includes(role) ? (['plan', 'planList', 'planDiff', 'caseIdentifierList'] as const) : []),
    ...(role === 'unit_supervisor' ? (['caseSupervisorView'] as const) : []),
    ...(UNIT_MEMBER_READERS.includes(role) ? (['unitMembers'] as const) : []),
    ...(role === 'unit_supervisor' || role === 'investigator' ? (['jointPartners'] as const) : []),
  ];
}

/** What each GET route answers: one object, or a page of objects. */
/**
 * What each GET route answers: one object, a page of objects (`offset` paging: items, limit, offset,
 * total — `pageSchema`), a keyset page (items, limit, nextBefore), or a non-JSON body (CSV export),
 * which is not walked but must carry its declared content type.
 */
export type ResponseShape =
  | { object: ObjectType }
  | { page: ObjectType; envelopeExtra?: readonly string[] }
  | { keyset: ObjectType }
  | { file: ObjectType; contentType: string };

export const GET_ROUTE_SHAPES: Record<string, ResponseShape> = {
  'GET /api/health': { object: 'health' },
  'GET /api/v1/agencies': { page: 'agency' },
  'GET /api/v1/agencies/:id': { object: 'agency' },
  'GET /api/v1/agencies/:id/units': { page: 'unit' },
  'GET /api/v1/approvals': { page: 'approval' },
  'GET /api/v1/alerts': { page: 'alert' },
  'GET /api/v1/alerts/count': { object: 'alertCount' },
  'GET /api/v1/me': { object: 'me' },
  'GET /api/v1/register': { page: 'registerEntrySummary' },
  'GET /api/v1/register/:id': { object: 'registerEntry' },
  'GET /api/v1/travel-notifications': { page: 'travelNotification' },
  'GET /api/v1/travel-notifications/:id': { object: 'travelNotification' },
  'GET /api/v1/entities': { page: 'entitySummary' },
  'GET /api/v1/entities/:id': { object: 'entityDetail' },
  'GET /api/v1/graph': { object: 'linkChart' },
  // The tip queue caps its count at 10,000 and says so (`totalCapped`).
  'GET /api/v1/tips': { page: 'tipSummary', envelopeExtra: ['totalCapped'] },
  'GET /api/v1/tips/:id': { object: 'tipDetail' },
  'GET /api/v1/tips/:id/reporter-contact': { object: 'reporterContact' },
  'GET /api/v1/tips/imports': { page: 'tipImport' },
  'GET /api/v1/tips/imports/:id': { object: 'tipImport' },
  'GET /api/v1/screening/batch': { page: 'screeningBatch' },
  'GET /api/v1/screening/batch/:id': { object: 'screeningBatch' },
  'GET /api/v1/screening/batch/:id/hits.csv': { file: 'screeningBatch', contentType: 'text/csv' },
  'GET /api/v1/screening/batch/:id/rejects.csv': { file: 'screeningBatch', contentType: 'text/csv' },
  'GET /api/v1/screening/guests': { page: 'guestImportSummary' },
  'GET /api/v1/screening/guests/:id': { object: 'guestImport' },
  'GET /api/v1/users': { page: 'user' },
  'GET /api/v1/users/:id': { object: 'user' },
  // The case list caps its count at 10,000 as the tip queue does (`totalCapped`).
  'GET /api/v1/cases': { page: 'caseSummary', envelopeExtra: ['totalCapped'] },
  'GET /api/v1/cases/:id': { object: 'caseDetail' },
  'GET /api/v1/cases/:id/persons': { object: 'casePersons' },
  'GET /api/v1/persons/:id': { object: 'personView' },
  'GET /api/v1/cases/supervisor': { object: 'caseSupervisorView' },
  'GET /api/v1/my-work': { object: 'myWork' },
  'GET /api/v1/cases/:id/plan': { object: 'planList' },
  'GET /api/v1/cases/:id/identifiers': { object: 'caseIdentifierList' },
  'GET /api/v1/cases/:id/plan/diff': { object: 'planDiff' },
  'GET /api/v1/cases/:id/plan/versions/:version': { object: 'plan' },
  'GET /api/v1/units/:id/members': { object: 'unitMembers' },
  'GET /api/v1/joint-partners': { object: 'jointPartners' },
  'GET /api/v1/audit/events': { keyset: 'auditEvent' },
  'GET /api/v1/audit/status': { object: 'auditStatus' },
  'GET /api/v1/audit/export.csv': { file: 'auditEvent', contentType: 'text/csv' },
};

const ENVELOPES = { page: ['items', 'limit', 'offset', 'total'], keyset: ['items', 'limit', 'nextBefore'] };

export function objectTypeOf(shape: ResponseShape): ObjectType {
  if ('object' in shape) return shape.object;
  if ('page' in shape) return shape.page;
  if ('keyset' in shape) return shape.keyset;
  return shape.file;
}

/**
 * The key paths a role may receive from a GET route; undefined when the route is not listed. A field
 * ending in `.*` (audit `details`) allows any key below it.
 */
export function allowedPaths(role: Role | null, routeKey: string): Set<string> | undefined {
  const shape = GET_ROUTE_SHAPES[routeKey];
  if (!shape) return undefined;
  const type = objectTypeOf(shape);
  if (role !== null && !ROLE_OBJECT_TYPES[role].includes(type)) return new Set();
  const fields: readonly string[] = OBJECT_FIELDS[type];
  if ('page' in shape || 'keyset' in shape) {
    const envelope = 'page' in shape ? [...ENVELOPES.page, ...(shape.envelopeExtra ?? [])] : ENVELOPES.keyset;
    return new Set([...envelope, ...fields.map((f) => `items[].${f}`)]);
  }
  return new Set(fields);
}

/** Is `path` in the allowlist, directly or under a `prefix.*` wildcard? */
export function isAllowedPath(allowed: Set<string>, path: string): boolean {
  if (allowed.has(path)) return true;
  for (const entry of allowed) {
    if (entry.endsWith('.*') && path.startsWith(entry.slice(0, -1))) return true;
  }
  return false;
}

/** Every key path in a JSON value (array elements as `[]`). */
export function keyPaths(value: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const element of value) keyPaths(element, `${prefix}[]`, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.add(path);
      keyPaths(child, path, out);
    }
  }
  return out;
}
