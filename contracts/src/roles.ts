import { z } from 'zod';

/** Every role named in PRODUCT.md. A user holds one or more; permissions come from the policy table. */
export const ROLES = [
  'hotline_operator',
  'investigator',
  'unit_supervisor',
  'intel_analyst',
  'evidence_custodian',
  'forensic_interviewer',
  'victim_support_officer',
  'prosecutor',
  'immigration_officer',
  'ncct_coordinator',
  'ngo_caseworker',
  'liaison_officer',
  'trainer',
  'auditor',
  'agency_admin',
  'system_admin',
] as const;

export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const USER_STATUSES = ['invited', 'active', 'disabled', 'locked'] as const;
export const userStatusSchema = z.enum(USER_STATUSES);
export type UserStatus = z.infer<typeof userStatusSchema>;
