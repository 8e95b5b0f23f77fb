/** The agencies module's public surface: other modules import from here only. */

export {
  type AgencyRow,
  findAgencyByCode,
  listAgencies,
  listUnitsOfAgency,
  type NewAgency,
  type NewUnit,
  type UnitRow,
  upsertAgencyByCode,
  upsertUnitByCode,
} from './agencies.repo.ts';
export { agencies, units } from './agencies.tables.ts';
