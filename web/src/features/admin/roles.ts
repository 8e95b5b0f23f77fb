import type { Role, UserStatus } from '@karpear/contracts';

/**
 * Every role of PRODUCT.md, in the order administrators think of them. A copy of contracts' ROLES (the
 * value would bring zod into the bundle); the checks below fail compilation if the lists drift.
 */
export const ROLE_OPTIONS = [
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
] as const satisfies readonly Role[];

type MissingRole = Exclude<Role, (typeof ROLE_OPTIONS)[number]>;
const allRolesListed: [MissingRole] extends [never] ? true : false = true;
void allRolesListed;

export const USER_STATUS_OPTIONS = [
  'invited',
  'active',
  'disabled',
  'locked',
] as const satisfies readonly UserStatus[];

/** Filled badge colours: dark shades, so white text keeps ≥ 4.5:1 contrast (the light variant does not). */
export const STATUS_COLOR: Record<UserStatus, string> = {
  invited: 'blue.9',
  active: 'teal.9',
  disabled: 'gray.7',
  locked: 'red.9',
};
