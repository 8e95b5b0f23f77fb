/**
 * Cases: authorize first (a case the actor may not see answers 404 like a missing one), then the
 * repository; every change writes one case event (the timeline) and one audit event, and every read of
 * a case one audit event, in the same transaction. Ids only in audit details; no content in logs.
 *
 * This file is what other code imports; the use cases live in small files beside it: cases.shared.ts
 * (deps, visibility, load-and-authorize, audit), cases.create.ts (creation and references),
 * cases.read.ts (list and detail), cases.status.ts (edits and the status workflow), cases.team.ts
 * (team) and cases.notes.ts (notes).
 */
export { createCase, createCaseFromTip, formatCaseReference, type NewCaseFromTip } from './cases.create.ts';
export { addNote } from './cases.notes.ts';
export { getCase, listCases, taskView } from './cases.read.ts';
export {
  audit,
  type CaseDeps,
  caseResource,
  type LoadedCase,
  loadCase,
  type PageOf,
  summaryView,
  visibleCasesSql,
} from './cases.shared.ts';
export { changeStatus, updateCase } from './cases.status.ts';
export { addMember, changeMemberRole, removeMember } from './cases.team.ts';
