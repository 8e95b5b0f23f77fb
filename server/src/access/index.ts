/** Identity and access: who is acting (auth) and what they may do (policy). */
export { type Actor, actorOf } from './actor.ts';
export { resolveActor } from './auth/index.ts';
export { installRouteGuard } from './guard.ts';
export {
  authorize,
  can,
  canPerformAction,
  type PolicyTable,
  policy,
  type Resource,
  rule,
} from './policy/index.ts';
