/** The audit log's public surface. */
export { auditLog } from './audit.tables.ts';
export {
  type AuditEventInput,
  canonicalAuditEvent,
  chainHash,
  GENESIS_HASH,
  recordAudit,
} from './audit.writer.ts';
