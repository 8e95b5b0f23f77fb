import type { Actor } from '../../src/access/index.ts';
import type { DemoUserRef } from './demo.ts';

/** An Actor for a demo user, as the session resolver would build it (service-level tests). */
export function actorFor(user: DemoUserRef, stepUpAt = new Date('2026-11-28T08:00:00Z')): Actor {
  return {
    userId: user.id,
    agencyId: user.agencyId,
    agencyType: 'police',
    unitId: user.unitId,
    roles: user.roles,
    sessionId: 'test-session',
    stepUpAt,
    ip: '127.0.0.1',
    requestId: null,
  };
}
