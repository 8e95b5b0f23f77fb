/** The alerts module's public surface: in-app alerts to users and units (SLA breaches, hits…). */
export { alertJobs } from './alerts.jobs.ts';
export { ALERTS_POLICY } from './alerts.policy.ts';
export { alertsRoutes } from './alerts.routes.ts';
export { type AlertParams, type RaiseAlertInput, raiseAlert } from './alerts.service.ts';
export { alerts } from './alerts.tables.ts';
