import { z } from 'zod';

export const AGENCY_TYPES = [
  'police',
  'prosecution',
  'immigration',
  'ncct',
  'ngo',
  'foreign',
  'other',
] as const;
export const agencyTypeSchema = z.enum(AGENCY_TYPES);
export type AgencyType = z.infer<typeof agencyTypeSchema>;

/** Short stable code of an agency or unit, e.g. `KH-NP-TCSE`: upper-case letters, digits and dashes. */
export const orgCodeSchema = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'use 2–32 upper-case letters, digits or dashes');
