import type { Actor } from '../access/actor.ts';
import type { Clock } from '../platform/clock.ts';
import type { Executor } from '../platform/db/index.ts';
import type { AuditEventInput } from './audit.chain.ts';
import { recordAudit } from './audit.writer.ts';

/** What a service says about the act; who, from where and when come from the actor and the clock. */
export type ActorAuditEvent = Pick<AuditEventInput, 'action' | 'objectType'> &
  Partial<Pick<AuditEventInput, 'objectId' | 'outcome' | 'justification' | 'details'>>;

/**
 * Record what a signed-in actor did, in the caller's transaction (fail closed, as `recordAudit`):
 * actor, agency, IP and request id from the session, time from the clock, outcome `success` unless
 * said otherwise. Services call this rather than spelling out the same eight fields each time.
 */
export function recordActorAudit(
  tx: Executor,
  clock: Pick<Clock, 'now'>,
  actor: Actor,
  event: ActorAuditEvent,
): Promise<number> {
  return recordAudit(tx, {
    at: clock.now(),
    actorId: actor.userId,
    agencyId: actor.agencyId,
    outcome: 'success',
    ip: actor.ip,
    requestId: actor.requestId,
    ...event,
  });
}
