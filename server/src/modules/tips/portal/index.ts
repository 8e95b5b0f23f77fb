/** The public tip portal (issue 5): server-rendered pages at /report and /report/status. */
export { portalRoutes, portalStats } from './portal.routes.ts';
