/**
 * The tips module's public surface. Today: CyberTipline report parsing (ESP-report XML and the
 * law-enforcement JSON) and identifier extraction from a parsed report. Intake, triage, the queue and
 * the public portal arrive with issue 5.
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
