import { ROLES, type Role } from '@karpear/contracts';
import { APPROVER_ROLES } from '../../src/access/policy/index.ts';

/**
 * SECURITY.md A.3: the JSON keys each role may receive. Written by hand, apart from the response
 * schemas, so that a field added to a response is a reviewed decision here. Keys are paths:
 * `items[].nameEn` is the `nameEn` of every element of `items`.
 *
 * Object types are grouped by content: a role receives an object type only if it is listed for the
 * role in ROLE_OBJECT_TYPES (immigration never receives case or evidence content, NGOs never suspects,
 * administrators never case content — those types arrive with their modules and are refused here
 * until someone lists them).
 */
export const OBJECT_FIELDS = {
  agency: ['id', 'code', 'type', 'nameEn', 'nameKm', 'country', 'createdAt', 'abilities'],
  unit: ['id', 'agencyId', 'code', 'nameEn', 'nameKm', 'province', 'isSpecialist', 'createdAt', 'abilities'],
  approval: [
    'id',
    'kind',
    'recordType',
    'recordId',
    'agencyId',
    'requestedBy',
    'requestedAt',
    'expiresAt',
    'justification',
    'state',
    'decidedBy',
    'decidedAt',
    'decisionNote',
    'abilities',
  ],
  health: [
    'status',
    'version',
    'database',
    'database.engine',
    'database.reachable',
    'database.migrationsCurrent',
  ],
  /** The caller's own account (`GET /api/v1/me`): never a hash, a secret or another person's data. */
  me: [
    'id',
    'email',
    'displayName',
    'roles',
    'status',
    'agency',
    'agency.id',
    'agency.code',
    'agency.type',
    'agency.nameEn',
    'agency.nameKm',
    'unit',
    'unit.id',
    'unit.code',
    'unit.nameEn',
    'unit.nameKm',
    'bannerAcknowledged',
    'factors',
    'factors.totp',
    'factors.webauthn',
    'abilities',
  ],
  /** The audit log, for auditors: ids, actions and outcomes; `details` is the writer's id-only map. */
  auditEvent: [
    'position',
    'at',
    'actorId',
    'agencyId',
    'action',
    'objectType',
    'objectId',
    'outcome',
    'ip',
    'requestId',
    'justification',
    'details',
    'details.*',
    'hash',
  ],
  auditStatus: [
    'status',
    'message',
    'events',
    'checkpoints',
    'latestCheckpoint',
    'latestCheckpoint.position',
    'latestCheckpoint.at',
    'unanchoredTail',
    'firstBadPosition',
    'problem',
    'checkedAt',
    'ms',
    'eventsPerSecond',
    'cached',
  ],
  /** A user as administrators see it: no password hash, no factor secrets, no session data. */
  user: [
    'id',
    'email',
    'displayName',
    'roles',
    'status',
    'agencyId',
    'unitId',
    'lastLoginAt',
    'createdAt',
    'factors',
    'factors.totp',
    'factors.webauthn',
  ],
} as const;

export type ObjectType = keyof typeof OBJECT_FIELDS;

/**
 * The object types each role may receive at all: their own account and organisation for everyone;
 * four-eyes requests for the roles that decide them; user records for user administrators; the audit
 * log for auditors only (not system administrators).
 */
const EVERYONE: readonly ObjectType[] = ['health', 'me', 'agency', 'unit'];
const USER_ADMINS: readonly Role[] = ['agency_admin', 'system_admin'];
export const ROLE_OBJECT_TYPES = {} as Record<Role, readonly ObjectType[]>;
for (const role of ROLES) {
  ROLE_OBJECT_TYPES[role] = [
    ...EVERYONE,
    ...(APPROVER_ROLES.includes(role) ? (['approval'] as const) : []),
    ...(USER_ADMINS.includes(role) ? (['user'] as const) : []),
    ...(role === 'auditor' ? (['auditEvent', 'auditStatus'] as const) : []),
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
  | { page: ObjectType }
  | { keyset: ObjectType }
  | { file: ObjectType; contentType: string };

export const GET_ROUTE_SHAPES: Record<string, ResponseShape> = {
  'GET /api/health': { object: 'health' },
  'GET /api/v1/agencies': { page: 'agency' },
  'GET /api/v1/agencies/:id': { object: 'agency' },
  'GET /api/v1/agencies/:id/units': { page: 'unit' },
  'GET /api/v1/approvals': { page: 'approval' },
  'GET /api/v1/me': { object: 'me' },
  'GET /api/v1/users': { page: 'user' },
  'GET /api/v1/users/:id': { object: 'user' },
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
    const envelope = 'page' in shape ? ENVELOPES.page : ENVELOPES.keyset;
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
