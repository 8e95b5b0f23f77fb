import { pageQuerySchema, pageSchema } from '@karpear/contracts';
import { z } from 'zod';

/**
 * Request and response shapes of the register, travel notifications and the border check. Request
 * bodies are strict (an undeclared key answers 400, never stored). Normalisation (countries to
 * alpha-2, passport numbers, one primary name) happens in the service, which names the field it
 * refuses.
 */
export const REGISTER_BASES = ['convicted_kh', 'foreign_notification', 'deported', 'green_notice'] as const;
export const REGISTER_STATUSES = ['proposed', 'active', 'expired', 'removed'] as const;
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const GENDERS = ['male', 'female', 'other', 'unknown'] as const;

const noControl = /^[^\p{Cc}]*$/u;
/** Trimmed text without control characters (they end up in logs and CSV). */
const text = (max: number) =>
  z.string().trim().min(1, 'is required').max(max).regex(noControl, 'must not contain control characters');

/** Full, year-month or year only, as written; the service checks it is a real date. */
export const dobSchema = z
  .string()
  .trim()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'use YYYY-MM-DD, YYYY-MM or YYYY');
const isoDateSchema = z.iso.date('use YYYY-MM-DD');
const datetimeSchema = z.iso.datetime({ offset: true, message: 'use an ISO 8601 date and time' });

export const nameInputSchema = z.strictObject({
  /** Any script: Latin, Khmer, Thai, Chinese, Cyrillic… the matcher transliterates. */
  name: text(200),
  primary: z.boolean().default(false),
});
export const passportInputSchema = z.strictObject({
  /** Issuing country: alpha-2, alpha-3 or English name. */
  country: text(60),
  number: text(40),
});

const entryFields = {
  basis: z.enum(REGISTER_BASES),
  names: z.array(nameInputSchema).min(1, 'give at least one name').max(20),
  dob: dobSchema.nullable().optional(),
  gender: z.enum(GENDERS).nullable().optional(),
  nationalities: z.array(text(60)).max(10),
  passports: z.array(passportInputSchema).max(10),
  photoRef: text(300).nullable().optional(),
  offences: z.array(text(500)).max(50),
  legalBasis: text(2000),
  sourceDocument: text(500).nullable().optional(),
  riskLevel: z.enum(RISK_LEVELS),
  reviewDate: isoDateSchema.nullable().optional(),
  expiresAt: datetimeSchema.nullable().optional(),
  /** What a border or guest-screening hit tells the officer; never case content. */
  instructions: text(1000),
};

export const createEntryBodySchema = z.strictObject({
  ...entryFields,
  nationalities: entryFields.nationalities.default([]),
  passports: entryFields.passports.default([]),
  offences: entryFields.offences.default([]),
});
export type CreateEntryInput = z.infer<typeof createEntryBodySchema>;

export const updateEntryBodySchema = z
  .strictObject({
    /** The version the change was made on (optimistic locking): 409 when someone changed it since. */
    version: z.number().int().min(1),
    basis: entryFields.basis.optional(),
    names: entryFields.names.optional(),
    dob: entryFields.dob,
    gender: entryFields.gender,
    nationalities: entryFields.nationalities.optional(),
    passports: entryFields.passports.optional(),
    photoRef: entryFields.photoRef,
    offences: entryFields.offences.optional(),
    legalBasis: entryFields.legalBasis.optional(),
    sourceDocument: entryFields.sourceDocument,
    riskLevel: entryFields.riskLevel.optional(),
    reviewDate: entryFields.reviewDate,
    expiresAt: entryFields.expiresAt,
    instructions: entryFields.instructions.optional(),
  })
  .refine((v) => Object.entries(v).some(([k, x]) => k !== 'version' && x !== undefined), {
    message: 'name at least one field to change',
  });
export type UpdateEntryInput = z.infer<typeof updateEntryBodySchema>;

export const entryListQuerySchema = pageQuerySchema.extend({
  status: z.enum(REGISTER_STATUSES).optional(),
  /** A name (any part, any script as stored), a reference or a passport number. */
  q: z.string().trim().min(1).max(100).regex(noControl).optional(),
});
export type EntryListQuery = z.infer<typeof entryListQuerySchema>;

export const idParamsSchema = z.object({ id: z.uuid() });

export const activationRequestBodySchema = z.strictObject({
  justification: z.string().max(2000),
});
export const activationDecisionBodySchema = z.strictObject({
  decision: z.enum(['approved', 'rejected']),
  note: z.string().max(2000).optional(),
});
export const removeBodySchema = z.strictObject({ reason: text(1000) });
export const expireBodySchema = z.strictObject({ version: z.number().int().min(1) });

const approvalViewSchema = z.object({
  id: z.uuid(),
  state: z.enum(['pending', 'approved', 'rejected', 'withdrawn']),
  requestedBy: z.uuid(),
  requestedAt: z.string(),
  expiresAt: z.string(),
  justification: z.string(),
  decidedBy: z.uuid().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});

export const entrySummarySchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(REGISTER_STATUSES),
  /** True when an active entry's `expiresAt` has passed: it no longer matches. */
  lapsed: z.boolean(),
  basis: z.enum(REGISTER_BASES),
  primaryName: z.string(),
  dob: z.string().nullable(),
  nationalities: z.array(z.string()),
  riskLevel: z.enum(RISK_LEVELS),
  reviewDate: z.string().nullable(),
  expiresAt: z.string().nullable(),
  agencyId: z.uuid(),
  unitId: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type EntrySummary = z.infer<typeof entrySummarySchema>;

export const entryDetailSchema = entrySummarySchema.extend({
  names: z.array(z.object({ name: z.string(), primary: z.boolean() })),
  passports: z.array(z.object({ country: z.string().nullable(), number: z.string() })),
  gender: z.enum(GENDERS).nullable(),
  offences: z.array(z.string()),
  legalBasis: z.string(),
  sourceDocument: z.string().nullable(),
  photoRef: z.string().nullable(),
  instructions: z.string(),
  createdBy: z.uuid().nullable(),
  activatedAt: z.string().nullable(),
  removedReason: z.string().nullable(),
  approval: approvalViewSchema.nullable(),
  abilities: z.array(z.string()),
});
export type EntryDetail = z.infer<typeof entryDetailSchema>;
export const entryPageSchema = pageSchema(entrySummarySchema);

// ---- travel notifications ----

export const createTravelBodySchema = z.strictObject({
  /** The partner who sent it; defaults to the caller's agency name. */
  partner: text(200).optional(),
  partnerRef: text(100).nullable().optional(),
  receivedAt: datetimeSchema.optional(),
  names: z.array(text(200)).min(1, 'give at least one name').max(10),
  dob: dobSchema.nullable().optional(),
  gender: z.enum(GENDERS).nullable().optional(),
  nationality: text(60).nullable().optional(),
  passportCountry: text(60).nullable().optional(),
  passportNumber: text(40).nullable().optional(),
  travelDate: isoDateSchema,
  flight: text(40).nullable().optional(),
  borderPost: text(200).nullable().optional(),
  stayPlace: text(300).nullable().optional(),
  stayProvince: text(100).nullable().optional(),
  /** Until when a screening of this traveller raises an alert; default travel date + 30 days. */
  watchUntil: datetimeSchema.optional(),
});
export type CreateTravelInput = z.infer<typeof createTravelBodySchema>;

export const travelListQuerySchema = pageQuerySchema.extend({
  /** Only notifications still watching (watch until in the future). */
  watching: z.enum(['true', 'false']).optional(),
});
export type TravelListQuery = z.infer<typeof travelListQuerySchema>;

export const travelSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  agencyId: z.uuid(),
  unitId: z.uuid().nullable(),
  partner: z.string(),
  partnerRef: z.string().nullable(),
  receivedAt: z.string(),
  names: z.array(z.string()),
  dob: z.string().nullable(),
  gender: z.string().nullable(),
  nationality: z.string().nullable(),
  passportCountry: z.string().nullable(),
  passportNumber: z.string().nullable(),
  travelDate: z.string().nullable(),
  flight: z.string().nullable(),
  borderPost: z.string().nullable(),
  stayPlace: z.string().nullable(),
  stayProvince: z.string().nullable(),
  watchUntil: z.string(),
  watching: z.boolean(),
  createdAt: z.string(),
});
export type TravelView = z.infer<typeof travelSchema>;
export const travelPageSchema = pageSchema(travelSchema);

// ---- border check ----

export const screeningCheckBodySchema = z
  .strictObject({
    passportNumber: text(40).optional(),
    passportCountry: text(60).optional(),
    /** Full names as on the document, any script; several when the document has several. */
    names: z.array(text(200)).max(5).default([]),
    dob: z.string().trim().max(20).regex(noControl).optional(),
    nationality: text(60).optional(),
    gender: z.enum(GENDERS).optional(),
  })
  .refine((v) => v.names.length > 0 || v.passportNumber !== undefined, {
    message: 'give a passport number or a name',
    path: ['names'],
  });
export type ScreeningCheckInput = z.infer<typeof screeningCheckBodySchema>;

/**
 * The border desk's answer: never names, offences or case content. `level` `review` is a possible
 * match (verify identity, call the duty officer); `hit` a strong one (follow the instructions).
 */
export const screeningResultSchema = z.discriminatedUnion('result', [
  z.object({ result: z.literal('no_hit'), checkedAt: z.string() }),
  z.object({
    result: z.literal('hit'),
    level: z.enum(['hit', 'review']),
    /** Quote it when calling the duty officer; the unit's alert carries the same. */
    reference: z.string(),
    instructions: z.string().nullable(),
    dutyUnit: z.object({ id: z.uuid(), nameEn: z.string(), nameKm: z.string() }).nullable(),
    checkedAt: z.string(),
  }),
]);
export type ScreeningResult = z.infer<typeof screeningResultSchema>;
