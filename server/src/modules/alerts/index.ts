/** The alerts module's public surface: in-app alerts to users and units (SLA breaches, hits…). */
export { alerts } from './alerts.tables.ts';
