/** The audit log's public surface (see README.md here). */
export { type ActorAuditEvent, recordActorAudit } from './audit.actor.ts';
export { type AuditEventInput, canonicalAuditEvent, chainHash, GENESIS_HASH } from './audit.chain.ts';
export { AuditCheckpointer, type CheckpointSigner, writeCheckpoint } from './audit.checkpointer.ts';
export { type CheckpointSink, defaultCheckpointFile, FileCheckpointSink } from './audit.checkpoints.ts';
export { type AuditGroupOptions, AuditGroupWriter } from './audit.group.ts';
export { AUDIT_POLICY } from './audit.policy.ts';
export { auditRoutes } from './audit.routes.ts';
export { auditLog } from './audit.tables.ts';
export {
  type AuditVerification,
  type VerificationStatus,
  verifyAuditLog,
} from './audit.verify.ts';
export { recordAudit, recordAuditMany } from './audit.writer.ts';
