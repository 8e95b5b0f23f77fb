import { z } from 'zod';
import { linkedIdentifierKindSchema } from './tips.ts';

/**
 * Merging duplicate identifiers (issue 7 §5) with undo, and detaching an identifier from a case.
 * Only ids, kinds and counts travel here besides the identifiers' own values.
 */

/** `POST /entities/:id/merge`: merge this identifier into `intoId` (the survivor), with a reason. */
export const entityMergeBodySchema = z.object({
  intoId: z.uuid(),
  reason: z.string().trim().min(5).max(500),
});
export type EntityMergeBody = z.infer<typeof entityMergeBodySchema>;

/** One merge as stored: what it joined, when, and whether it was undone. */
export const entityMergeSchema = z.object({
  id: z.uuid(),
  kind: linkedIdentifierKindSchema,
  survivorId: z.uuid(),
  mergedId: z.uuid(),
  reason: z.string().nullable(),
  mergedAt: z.string(),
  /** Links re-pointed to the survivor. */
  movedLinks: z.number().int(),
  /** Links of the merged identifier that duplicated one on the survivor: removed, restored on undo. */
  removedDuplicates: z.number().int(),
  undoneAt: z.string().nullable(),
});
export type EntityMerge = z.infer<typeof entityMergeSchema>;

/** On an identifier's page: the identifier it was merged into (link to the survivor). */
export const entityMergedIntoSchema = z.object({
  mergeId: z.uuid(),
  id: z.uuid(),
  value: z.string(),
  mergedAt: z.string(),
});
export type EntityMergedInto = z.infer<typeof entityMergedIntoSchema>;

/** On a survivor's page: an identifier merged into it that can still be undone. */
export const entityMergedFromSchema = z.object({
  mergeId: z.uuid(),
  id: z.uuid(),
  value: z.string(),
  mergedAt: z.string(),
});
export type EntityMergedFrom = z.infer<typeof entityMergedFromSchema>;

/** `GET /cases/:id/identifiers`: a case's identifier links (one per identifier and role). */
export const caseIdentifierSchema = z.object({
  linkId: z.uuid(),
  identifierId: z.uuid(),
  kind: linkedIdentifierKindSchema,
  value: z.string(),
  role: z.string(),
  stopListed: z.string().nullable(),
  /** Other records sharing it (all agencies). */
  otherRecords: z.number().int(),
});
export type CaseIdentifier = z.infer<typeof caseIdentifierSchema>;
export const caseIdentifierListSchema = z.object({ items: z.array(caseIdentifierSchema) });
export type CaseIdentifierList = z.infer<typeof caseIdentifierListSchema>;

/** `DELETE /cases/:id/identifiers/:linkId`: what was removed. */
export const caseIdentifierDetachedSchema = z.object({
  linkId: z.uuid(),
  identifierId: z.uuid(),
  role: z.string(),
  /** The identifier's record count afterwards. */
  recordCount: z.number().int(),
});
export type CaseIdentifierDetached = z.infer<typeof caseIdentifierDetachedSchema>;
