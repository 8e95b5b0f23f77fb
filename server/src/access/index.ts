/** Identity and access: who is acting (auth) and what they may do (policy). */
export { type Actor, actorOf } from './actor.ts';
export { resolveActor } from './auth/index.ts';
export { installRouteGuard } from './guard.ts';
export { canPerformAction } from './policy/index.ts';
