import type { Actor } from '../actor.ts';

/** Whether any of the actor's roles may perform `action` at all. Deny by default. */
export function canPerformAction(_actor: Actor, _action: string): boolean {
  return false;
}
