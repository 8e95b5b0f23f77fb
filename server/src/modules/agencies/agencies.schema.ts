import { agencyTypeSchema, orgCodeSchema, pageSchema } from '@karpear/contracts';
import { z } from 'zod';

/**
 * Request and response shapes of the agencies module. Request bodies are strict: a key the route
 * does not declare (`id`, `agencyId`, `createdAt`, `__proto__`…) is refused with 400, never stored.
 * Response objects list their fields; anything else a row carries is stripped by the serializer.
 */

/** A display name: trimmed, 1–200 characters, no control characters (they end up in logs and CSV). */
const nameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(200)
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');
const countrySchema = z.string().regex(/^[A-Z]{2}$/, 'use an ISO 3166-1 alpha-2 code such as KH');
const provinceSchema = nameSchema.max(100).nullable();

const atLeastOneField = (v: Record<string, unknown>) => Object.values(v).some((x) => x !== undefined);
const nothingToChange = { message: 'name at least one field to change' };

export const idParamsSchema = z.object({ id: z.uuid() });

export const createAgencyBodySchema = z.strictObject({
  code: orgCodeSchema,
  type: agencyTypeSchema,
  nameEn: nameSchema,
  nameKm: nameSchema,
  country: countrySchema.default('KH'),
});
export type CreateAgencyInput = z.infer<typeof createAgencyBodySchema>;

/** The type is fixed at creation: what an agency's users may see hangs off it. */
export const updateAgencyBodySchema = z
  .strictObject({
    code: orgCodeSchema.optional(),
    nameEn: nameSchema.optional(),
    nameKm: nameSchema.optional(),
    country: countrySchema.optional(),
  })
  .refine(atLeastOneField, nothingToChange);
export type UpdateAgencyInput = z.infer<typeof updateAgencyBodySchema>;

export const createUnitBodySchema = z.strictObject({
  code: orgCodeSchema,
  nameEn: nameSchema,
  nameKm: nameSchema,
  province: provinceSchema.optional(),
  isSpecialist: z.boolean().default(false),
});
export type CreateUnitInput = z.infer<typeof createUnitBodySchema>;

/** A unit stays in its agency: moving one would move every user and record under it. */
export const updateUnitBodySchema = z
  .strictObject({
    code: orgCodeSchema.optional(),
    nameEn: nameSchema.optional(),
    nameKm: nameSchema.optional(),
    province: provinceSchema.optional(),
    isSpecialist: z.boolean().optional(),
  })
  .refine(atLeastOneField, nothingToChange);
export type UpdateUnitInput = z.infer<typeof updateUnitBodySchema>;

export const agencySchema = z.object({
  id: z.uuid(),
  code: z.string(),
  type: agencyTypeSchema,
  nameEn: z.string(),
  nameKm: z.string(),
  country: z.string(),
  createdAt: z.string(),
  /** What the caller may do with this agency (policy actions), for the UI to show or hide controls. */
  abilities: z.array(z.string()),
});
export type AgencyView = z.infer<typeof agencySchema>;

export const unitSchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid(),
  code: z.string(),
  nameEn: z.string(),
  nameKm: z.string(),
  province: z.string().nullable(),
  isSpecialist: z.boolean(),
  createdAt: z.string(),
  abilities: z.array(z.string()),
});
export type UnitView = z.infer<typeof unitSchema>;

export const agencyPageSchema = pageSchema(agencySchema);
export const unitPageSchema = pageSchema(unitSchema);
