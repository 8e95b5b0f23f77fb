/**
 * The tips module's public surface: CyberTipline report parsing (ESP-report XML and the
 * law-enforcement JSON) and identifier extraction from a parsed report; the one intake door
 * (`insertTip`, `resolveIntakeAgency`), the pure triage/SLA/workflow rules, the policy and routes.
 */
export { CyberTipParseError, type ParseWarning } from './cybertip/errors.ts';
export * from './cybertip/identifiers.ts';
export { CYBERTIP_SOURCE, type CyberTipReport, cyberTipReportSchema, reportKey } from './cybertip/model.ts';
export {
  type CyberTipParseOptions,
  type CyberTipParseOutcome,
  parseCyberTip,
  parseCyberTipOrThrow,
} from './cybertip/parse.ts';
export {
  fileFromBytes,
  filesFromPaths,
  type ImportFile,
  type ImportProgress,
  type ImportSummary,
  importCyberTipFiles,
  tipImportJobs,
  tipImportRoutes,
} from './import/index.ts';
export { portalRoutes, portalStats } from './portal/index.ts';
export { escalateSlaBreaches, slaEscalationJob } from './sla/index.ts';
export {
  formatTipReference,
  type InsertedTip,
  type InsertTipDeps,
  type IntakeAudit,
  insertTip,
  type NewTip,
  type NewTipFile,
  type NewTipIdentifier,
  resolveIntakeAgency,
  suspectNamesOf,
} from './tips.intake.ts';
export { TIP_ABILITIES, TIPS_POLICY } from './tips.policy.ts';
export { tipsRoutes } from './tips.routes.ts';
export { slaDueAt, slaMinutesFor, slaState } from './tips.sla.ts';
export { proposePriority, type TriageFacts } from './tips.triage.ts';
export { canMove, isClosed } from './tips.workflow.ts';
