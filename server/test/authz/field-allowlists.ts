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
const CASE_SUMMARY_FIELDS = [
  'id',
  'reference',
  'title',
  'status',
  'offences',
  'agencyId',
  'unitId',
  'handling',
  'leadId',
  'createdAt',
  'updatedAt',
  'version',
] as const;
const TASK_FIELDS = [
  'id',
  'caseId',
  'tipId',
  'lineKey',
  'title',
  'ownerId',
  'dueAt',
  'status',
  'completedAt',
  'version',
  'overdue',
] as const;
const PLAN_FIELDS = [
  'id',
  'caseId',
  'version',
  'status',
  'content',
  'content.*',
  'createdBy',
  'createdAt',
  'updatedAt',
  'submittedAt',
  'decidedBy',
  'decidedAt',
  'decisionReason',
  'lockVersion',
] as const;

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
  /** An alert: kind, record id and reference, id-only params — never record content. */
  alert: [
    'id',
    'kind',
    'recordType',
    'recordId',
    'reference',
    'params',
    'params.*',
    'createdAt',
    'acknowledgedAt',
  ],
  alertCount: ['unacknowledged'],
  /** A register entry in a list: reference, status, primary name, date of birth, countries, risk. */
  registerEntrySummary: [
    'id',
    'reference',
    'status',
    'lapsed',
    'basis',
    'primaryName',
    'dob',
    'nationalities',
    'riskLevel',
    'reviewDate',
    'expiresAt',
    'agencyId',
    'unitId',
    'createdAt',
    'updatedAt',
    'version',
  ],
  /** A register entry in full (readers of the register only; never immigration officers). */
  registerEntry: [
    'id',
    'reference',
    'status',
    'lapsed',
    'basis',
    'primaryName',
    'dob',
    'nationalities',
    'riskLevel',
    'reviewDate',
    'expiresAt',
    'agencyId',
    'unitId',
    'createdAt',
    'updatedAt',
    'version',
    'names',
    'names[].name',
    'names[].primary',
    'passports',
    'passports[].country',
    'passports[].number',
    'gender',
    'offences',
    'legalBasis',
    'sourceDocument',
    'photoRef',
    'instructions',
    'createdBy',
    'activatedAt',
    'removedReason',
    'approval',
    'approval.id',
    'approval.state',
    'approval.requestedBy',
    'approval.requestedAt',
    'approval.expiresAt',
    'approval.justification',
    'approval.decidedBy',
    'approval.decidedAt',
    'approval.decisionNote',
    'abilities',
  ],
  /** An inbound travel notification (the receiving unit's staff). */
  travelNotification: [
    'id',
    'reference',
    'agencyId',
    'unitId',
    'partner',
    'partnerRef',
    'receivedAt',
    'names',
    'dob',
    'gender',
    'nationality',
    'passportCountry',
    'passportNumber',
    'travelDate',
    'flight',
    'borderPost',
    'stayPlace',
    'stayProvince',
    'watchUntil',
    'watching',
    'createdAt',
  ],
  /** A CyberTipline upload: counts and per-file results (file names, element paths, reasons, tip ids). */
  tipImport: [
    'id',
    'status',
    'createdAt',
    'finishedAt',
    'files',
    'processed',
    'imported',
    'duplicates',
    'rejected',
    'results',
    'results[].file',
    'results[].outcome',
    'results[].reports',
    'results[].imported',
    'results[].duplicates',
    'results[].rejected',
    'results[].errors',
    'results[].errors[].path',
    'results[].errors[].reason',
    'results[].tipIds',
  ],
  /** A tip in the queue: state, priority, SLA, holder and a 200-character excerpt — never the reporter contact. */
  tipSummary: [
    'id',
    'reference',
    'source',
    'status',
    'priority',
    'proposedPriority',
    'receivedAt',
    'slaDueAt',
    'slaState',
    'province',
    'unitId',
    'assigneeId',
    'excerpt',
    'lockedFiles',
  ],
  /** A tip in full for its readers; `reporterContact` is always null here (its own audited route discloses it). */
  tipDetail: [
    'id',
    'reference',
    'source',
    'status',
    'priority',
    'proposedPriority',
    'receivedAt',
    'slaDueAt',
    'slaState',
    'province',
    'unitId',
    'assigneeId',
    'excerpt',
    'lockedFiles',
    'narrative',
    'place',
    'occurredAt',
    'childAgeMin',
    'childAgeMax',
    'imminentDanger',
    'suspect',
    'suspect.*',
    'triageReasons',
    'triageReasons[].rule',
    'triageReasons[].priority',
    'triageReasons[].detail',
    'triageReasons[].detail.*',
    'externalRef',
    'caseId',
    'reporterContact',
    'hasReporterContact',
    'hasReceipt',
    'version',
    'events',
    'events[].id',
    'events[].at',
    'events[].actorId',
    'events[].kind',
    'events[].fromStatus',
    'events[].toStatus',
    'events[].reason',
    'events[].details',
    'events[].details.*',
    'entities',
    'entities[].identifierId',
    'entities[].kind',
    'entities[].value',
    'entities[].role',
    'entities[].stopListed',
    'entities[].otherTips',
    'related',
    'related[].recordType',
    'related[].id',
    'related[].reference',
    'related[].status',
    'related[].holder',
    'related[].holder.agencyCode',
    'related[].holder.unitCode',
    'related[].sharedIdentifiers',
    'related[].sharedIdentifiers[].kind',
    'related[].sharedIdentifiers[].value',
    'related[].visible',
    'messages',
    'messages[].id',
    'messages[].at',
    'messages[].direction',
    'messages[].authorId',
    'messages[].body',
    'files',
    'files[].id',
    'files[].fileName',
    'files[].hash',
    'files[].hashKind',
    'files[].viewedByPlatform',
    'files[].locked',
    'files[].legalAuthority',
    'abilities',
  ],
  /** The link chart (issue 7): records of others are `hidden:<n>` nodes with only their holder. */
  linkChart: [
    'root',
    'hops',
    'truncated',
    'nodes',
    'nodes[].id',
    'nodes[].type',
    'nodes[].label',
    'nodes[].kind',
    'nodes[].status',
    'nodes[].holder',
    'nodes[].holder.agencyCode',
    'nodes[].holder.unitCode',
    'nodes[].depth',
    'nodes[].visible',
    'edges',
    'edges[].source',
    'edges[].target',
    'edges[].role',
  ],
  /** Identifiers (issue 5): the value is the entity; records of others carry only their holder. */
  entitySummary: ['id', 'kind', 'value', 'stopListed', 'recordCount', 'firstSeenAt', 'lastSeenAt'],
  entityDetail: [
    'id',
    'kind',
    'value',
    'stopListed',
    'recordCount',
    'firstSeenAt',
    'lastSeenAt',
    'records',
    'records[].recordType',
    'records[].id',
    'records[].reference',
    'records[].status',
    'records[].holder',
    'records[].holder.agencyCode',
    'records[].holder.unitCode',
    'records[].roles',
    'records[].visible',
    // Merges (entities.merge.ts): the survivor this one went into, identifiers merged into it.
    'mergedInto',
    ...['mergeId', 'id', 'value', 'mergedAt'].map((f) => `mergedInto.${f}`),
    'mergedFrom',
    ...['mergeId', 'id', 'value', 'mergedAt'].map((f) => `mergedFrom[].${f}`),
    'canMerge',
  ],
  /** A case's identifier links (entities.detach.ts), for full readers of the case. */
  caseIdentifierList: [
    'items',
    ...['linkId', 'identifierId', 'kind', 'value', 'role', 'stopListed', 'otherRecords'].map(
      (f) => `items[].${f}`,
    ),
  ],
  /** Batch screening (issue 6): ids, status and counts only; hits files are CSV downloads. */
  screeningBatch: [
    'id',
    'fileName',
    'createdAt',
    'status',
    'inputBytes',
    'summary',
    'summary.rows',
    'summary.screened',
    'summary.rejectedLines',
    'summary.hitRows',
    'summary.reviewRows',
    'summary.pairs',
    'summary.listSize',
    'finishedAt',
  ],
  /** Guest-register imports: counts, rejected lines, hits as call references (never register names). */
  guestImportSummary: ['id', 'fileName', 'createdAt', 'rows', 'screened', 'hits', 'rejected'],
  guestImport: [
    'id',
    'fileName',
    'createdAt',
    'rows',
    'screened',
    'hits',
    'rejected',
    'rejects',
    'rejects[].line',
    'rejects[].column',
    'rejects[].reason',
    'hitList',
    'hitList[].reference',
    'hitList[].level',
    'hitList[].score',
    'hitList[].line',
    'hitList[].guestId',
    'hitList[].establishment',
    'hitList[].province',
    'hitList[].reasons',
  ],
  /** Cases (issue 7): prosecutors and liaison officers get the same keys, with notes and plan empty. */
  caseSummary: [...CASE_SUMMARY_FIELDS],
  caseDetail: [
    ...CASE_SUMMARY_FIELDS,
    'summary',
    'closedReason',
    'view',
    'team',
    ...['userId', 'displayName', 'agencyId', 'caseRole', 'addedAt'].map((f) => `team[].${f}`),
    'timeline',
    ...['id', 'at', 'actorId', 'kind', 'fromStatus', 'toStatus', 'reason', 'details', 'details.*'].map(
      (f) => `timeline[].${f}`,
    ),
    'notes',
    ...['id', 'at', 'authorId', 'body'].map((f) => `notes[].${f}`),
    'tips',
    ...['id', 'reference', 'status'].map((f) => `tips[].${f}`),
    'plan',
    'plan.version',
    'plan.status',
    'plan.approvedVersion',
    'tasks',
    ...TASK_FIELDS.map((f) => `tasks[].${f}`),
    'abilities',
  ],
  caseSupervisorView: [
    'unitId',
    'caseload',
    'caseload[].status',
    'caseload[].count',
    'openCases',
    ...['id', 'reference', 'status', 'ageDays'].map((f) => `openCases[].${f}`),
    'overdueTasks',
    ...['id', 'caseId', 'reference', 'ownerId', 'dueAt'].map((f) => `overdueTasks[].${f}`),
    'plansAwaitingApproval',
    ...['caseId', 'reference', 'version', 'submittedAt'].map((f) => `plansAwaitingApproval[].${f}`),
  ],
  myWork: [
    'tasks',
    ...[...TASK_FIELDS, 'reference'].map((f) => `tasks[].${f}`),
    'tips',
    ...['id', 'reference', 'status', 'dueAt'].map((f) => `tips[].${f}`),
  ],
  plan: [...PLAN_FIELDS],
  planList: [
    'current',
    ...PLAN_FIELDS.map((f) => `current.${f}`),
    'versions',
    ...PLAN_FIELDS.map((f) => `versions[].${f}`),
  ],
  planDiff: ['from', 'to', 'changes', 'changes[].field', 'changes[].added', 'changes[].removed'],
  /**
   * Persons on a case (entities/persons.*): a victim outside the case team has `displayName` = its victim
   * code and `named` false; the same keys for every reader.
   */
  casePersons: [
    'items',
    ...['linkId', 'personId', 'role', 'displayName', 'victimCode', 'named', 'addedAt'].map(
      (f) => `items[].${f}`,
    ),
  ],
  /** One person's identity (decrypted); `limited` views carry empty names/DOB/passports. */
  personView: [
    'id',
    'agencyId',
    'limited',
    'displayName',
    'victimCode',
    'names',
    'names[].name',
    'names[].primary',
    'dob',
    'gender',
    'nationalities',
    'passports',
    'passports[].country',
    'passports[].number',
    'mergedInto',
  ],
  /** A unit's members for assignment: id, display name, roles — never an e-mail. */
  unitMembers: ['[].id', '[].displayName', '[].roles'],
  jointPartners: ['[].id', '[].displayName', '[].roles', '[].agencyId', '[].agencyNameEn', '[].agencyNameKm'],
  /** The reporter's contact: operators and supervisors only, through its own audited route. */
  reporterContact: ['reporterContact'],
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
