import type { ReactElement } from 'react';

/**
 * Pages beyond the pillar capabilities: administration, the approvals inbox (and, later, audit).
 * Navigation and routes are generated from this list. A page is offered only when the user's
 * `abilities` (from `GET /api/v1/me`) contain one of `abilities`: a name ending in `.` matches any
 * action of that module. The server still decides every request.
 */
export interface AdminNavEntry {
  id: 'approvals' | 'users' | 'agencies' | 'audit' | 'myWork' | 'supervisor';
  path: `/${string}`;
  /** Shown under "Work" (everyone's daily pages) or "Administration". */
  group: 'work' | 'admin';
  abilities: readonly string[];
  load: () => Promise<{ default: () => ReactElement }>;
}

export const ADMIN_NAV: readonly AdminNavEntry[] = [
  {
    // Issue 7: the user's tasks and assigned tips across cases.
    id: 'myWork',
    path: '/work',
    group: 'work',
    abilities: ['cases.my_work'],
    load: () => import('../features/work/MyWorkPage'),
  },
  {
    id: 'supervisor',
    path: '/cases/supervisor',
    group: 'work',
    abilities: ['cases.supervisor_view'],
    load: () => import('../features/work/SupervisorPage'),
  },
  {
    id: 'approvals',
    path: '/approvals',
    group: 'work',
    abilities: ['approvals.list', 'approvals.decide'],
    load: () => import('../features/admin/approvals/ApprovalsPage'),
  },
  {
    id: 'users',
    path: '/admin/users',
    group: 'admin',
    abilities: ['users.list', 'users.create', 'users.update'],
    load: () => import('../features/admin/users/UsersPage'),
  },
  {
    id: 'agencies',
    path: '/admin/agencies',
    group: 'admin',
    // Every role may read its own agency; only those who may create or change units administer it.
    abilities: ['agencies.create', 'agencies.update', 'agencies.create_unit', 'agencies.update_unit'],
    load: () => import('../features/admin/agencies/AgenciesPage'),
  },
  {
    id: 'audit',
    path: '/audit',
    group: 'work',
    // Auditors only (server/src/audit/audit.policy.ts); the label is the audit section's own (audit.nav).
    abilities: ['audit.read'],
    load: () => import('../features/audit/AuditPage'),
  },
];
