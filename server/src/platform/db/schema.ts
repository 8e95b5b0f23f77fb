/**
 * Every table Karpear has, gathered for Drizzle and drizzle-kit. Each table is defined in the module
 * that owns it (`<module>.tables.ts`); this file only collects them.
 */

export {
  approvals,
  authFailures,
  grants,
  invitations,
  loginChallenges,
  recoveryCodes,
  sessions,
  totpFactors,
  webauthnCredentials,
} from '../../access/access.tables.ts';
export { auditLog } from '../../audit/audit.tables.ts';
export { agencies, units } from '../../modules/agencies/agencies.tables.ts';
export { alerts } from '../../modules/alerts/alerts.tables.ts';
export { cases, caseTips } from '../../modules/cases/cases.tables.ts';
export {
  caseEvents,
  caseMembers,
  caseNotes,
  investigationPlans,
  tasks,
} from '../../modules/cases/cases.work.tables.ts';
export { identifierLinks, identifiers } from '../../modules/entities/entities.tables.ts';
export { entityMerges, personLinks, persons } from '../../modules/entities/persons.tables.ts';
export {
  establishments,
  guestImports,
  registerEntries,
  registerNames,
  registerPassports,
  screeningHits,
  travelNotifications,
} from '../../modules/offenders/offenders.tables.ts';
export {
  tipEvents,
  tipFiles,
  tipImportFiles,
  tipImports,
  tipMessages,
  tipReferenceSeq,
  tips,
} from '../../modules/tips/tips.tables.ts';
export { users } from '../../modules/users/users.tables.ts';
export { dataKeys, keyEncryptionKeys } from '../crypto/crypto.tables.ts';
export { jobs } from '../jobs/jobs.tables.ts';
