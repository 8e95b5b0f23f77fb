/** The agencies module's public surface: other modules import from here only. */

export { AGENCIES_POLICY } from './agencies.policy.ts';
export {
  type AgencyRow,
  findAgencyByCode,
  findAgencyById,
  findUnitById,
  listAgencies,
  listUnitsOfAgency,
  type NewAgency,
  type NewUnit,
  type UnitRow,
  upsertAgencyByCode,
  upsertUnitByCode,
} from './agencies.repo.ts';
export { agenciesRoutes } from './agencies.routes.ts';
export { agencies, units } from './agencies.tables.ts';
