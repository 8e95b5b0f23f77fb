import { z } from 'zod';

/**
 * Persons on cases (issue 7 §5): a person's identity (names in any script with one primary, date of
 * birth at its precision, gender, nationalities, passports) is stored encrypted; a case shows each
 * person with their role. A victim (`victim_code`) is shown by code, never by name, to anyone outside
 * the case team. Request bodies are strict: an undeclared key answers 400 and is never stored.
 */

export const CASE_PERSON_ROLES = ['suspect', 'victim_code', 'witness', 'associate'] as const;
export const casePersonRoleSchema = z.enum(CASE_PERSON_ROLES);
export type CasePersonRole = z.infer<typeof casePersonRoleSchema>;

export const PERSON_GENDERS = ['male', 'female', 'other', 'unknown'] as const;

const noControl = /^[^\p{Cc}]*$/u;
const text = (max: number) =>
  z.string().trim().min(1, 'is required').max(max).regex(noControl, 'must not contain control characters');
const alpha2 = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'use a two-letter ISO country code such as KH')
  .transform((s) => s.toUpperCase());

export const personNameInputSchema = z.strictObject({
  /** Any script: Latin, Khmer, Thai, Chinese, Cyrillic… (the blind index transliterates). */
  name: text(200),
  primary: z.boolean().optional(),
});

export const personPassportInputSchema = z.strictObject({
  country: alpha2,
  number: text(40),
});

export const personIdentityInputSchema = z.strictObject({
  names: z.array(personNameInputSchema).min(1, 'give at least one name').max(10, 'at most 10 names'),
  /** Full, year-month or year only, as known. */
  dob: z
    .string()
    .trim()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'use YYYY-MM-DD, YYYY-MM or YYYY')
    .optional(),
  gender: z.enum(PERSON_GENDERS).optional(),
  nationalities: z.array(alpha2).max(10).optional(),
  passports: z.array(personPassportInputSchema).max(10).optional(),
});
export type PersonIdentityInput = z.input<typeof personIdentityInputSchema>;

/** Attach a person to a case: a new person (`person`) or one already known (`personId`), not both. */
export const attachPersonBodySchema = z
  .strictObject({
    person: personIdentityInputSchema.optional(),
    personId: z.uuid().optional(),
    role: casePersonRoleSchema,
  })
  .superRefine((body, ctx) => {
    if ((body.person === undefined) === (body.personId === undefined))
      ctx.addIssue({ code: 'custom', path: ['person'], message: 'give either person or personId' });
  });
export type AttachPersonBody = z.input<typeof attachPersonBodySchema>;

export const attachPersonResultSchema = z.object({
  linkId: z.uuid(),
  personId: z.uuid(),
  role: casePersonRoleSchema,
  /** Other holders' active records found sharing this person (or a likely same person) and alerts raised. */
  deconfliction: z.object({ matches: z.number().int(), alertsRaised: z.number().int() }),
});
export type AttachPersonResult = z.infer<typeof attachPersonResultSchema>;

/**
 * A person on a case. `displayName` is the primary name, or the victim code in a limited view, where
 * `personId` is withheld too (null): the same id on another case's list would tie the victim to a
 * named person.
 */
export const casePersonSchema = z.object({
  linkId: z.uuid(),
  personId: z.uuid().nullable(),
  role: casePersonRoleSchema,
  displayName: z.string(),
  /** For victims: `V-` + 6 characters keyed on the person (stable, not derivable from the id); else null. */
  victimCode: z.string().nullable(),
  /** False when the name is withheld (a victim seen from outside the case team). */
  named: z.boolean(),
  addedAt: z.string(),
});
export type CasePerson = z.infer<typeof casePersonSchema>;
export const casePersonsSchema = z.object({ items: z.array(casePersonSchema) });
export type CasePersons = z.infer<typeof casePersonsSchema>;

/** A person's identity, decrypted, for a permitted reader. `limited`: only the victim code. */
export const personViewSchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid(),
  limited: z.boolean(),
  displayName: z.string(),
  victimCode: z.string().nullable(),
  names: z.array(z.object({ name: z.string(), primary: z.boolean() })),
  dob: z.string().nullable(),
  gender: z.enum(PERSON_GENDERS).nullable(),
  nationalities: z.array(z.string()),
  passports: z.array(z.object({ country: z.string(), number: z.string() })),
  mergedInto: z.uuid().nullable(),
});
export type PersonView = z.infer<typeof personViewSchema>;

export const mergePersonBodySchema = z.strictObject({
  /** The person that survives; this one is merged into it. */
  intoId: z.uuid(),
  reason: text(500),
});
export type MergePersonBody = z.input<typeof mergePersonBodySchema>;

export const personMergeResultSchema = z.object({
  mergeId: z.uuid(),
  survivorId: z.uuid(),
  mergedId: z.uuid(),
  movedLinks: z.number().int(),
});
export type PersonMergeResult = z.infer<typeof personMergeResultSchema>;

export const personUndoResultSchema = z.object({
  mergeId: z.uuid(),
  survivorId: z.uuid(),
  mergedId: z.uuid(),
  restoredLinks: z.number().int(),
});
export type PersonUndoResult = z.infer<typeof personUndoResultSchema>;
