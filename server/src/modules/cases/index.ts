/**
 * The cases module's public surface: the case record a tip converts into (issue 5), and the cases,
 * teams, timeline, notes, investigation plans, tasks and supervisor view of issue 7.
 */
export { notifyOverdueTasks, overdueTasksJob } from './cases.overdue.ts';
export { CASE_ABILITIES, CASES_POLICY } from './cases.policy.ts';
export { findCaseHeads } from './cases.repo.ts';
export { casesRoutes } from './cases.routes.ts';
export {
  createCaseFromTip,
  formatCaseReference,
  type NewCaseFromTip,
  visibleCasesSql,
} from './cases.service.ts';
export { cases, caseTips } from './cases.tables.ts';
