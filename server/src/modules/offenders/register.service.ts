/**
 * The offender register: propose, read, search, edit (optimistic version), ask for activation, decide
 * it (four eyes), expire, remove. Authorize first (a record the actor may not see answers 404 like a
 * missing one); every change and every read of entries writes one audit event in its transaction,
 * with ids only. After a change commits, the screening index is told to pick it up.
 *
 * This file is what other code imports; the use cases live in small files beside it:
 * register.shared.ts (deps, views, load-and-authorize, audit), register.propose.ts (propose and edit),
 * register.activation.ts (four eyes), register.retire.ts (expire and remove) and register.read.ts
 * (one entry, list/search).
 */
export { decideActivation, requestActivation } from './register.activation.ts';
export { createEntry, updateEntry } from './register.propose.ts';
export { getEntry, listEntries } from './register.read.ts';
export { expireEntry, removeEntry } from './register.retire.ts';
export type { PageOf, RegisterDeps } from './register.shared.ts';
