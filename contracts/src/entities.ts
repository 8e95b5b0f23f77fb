import { z } from 'zod';
import { entityMergedFromSchema, entityMergedIntoSchema } from './entity-merge.ts';
import { pageQuerySchema, pageSchema } from './pagination.ts';
import { linkedIdentifierKindSchema } from './tips.ts';

/**
 * Entities (issue 5): identifiers (e-mail, phone, IP, username, URL, device, passport…) linked across
 * tips, cases and register entries. A record the viewer may not open shows only who holds it
 * (deconfliction: "held by unit X — contact them").
 */

export const entityListQuerySchema = pageQuerySchema.extend({
  /** Part of a value (three characters or more match inside values) or a whole identifier as typed. */
  q: z.string().trim().min(2).max(200).optional(),
  kind: linkedIdentifierKindSchema.optional(),
});
export type EntityListQuery = z.infer<typeof entityListQuerySchema>;

export const entitySummarySchema = z.object({
  id: z.uuid(),
  kind: linkedIdentifierKindSchema,
  value: z.string(),
  /** Why it never links records (placeholder, non-public IP, too common…), or null. */
  stopListed: z.string().nullable(),
  /** Records linked to it, all agencies. */
  recordCount: z.number().int(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
});
export type EntitySummary = z.infer<typeof entitySummarySchema>;
export const entityPageSchema = pageSchema(entitySummarySchema);

export const ENTITY_RECORD_TYPES = ['tip', 'case', 'register_entry', 'referral'] as const;

/** A record linked to an identifier: its content if the viewer may open it, else only its holder. */
export const entityRecordSchema = z.object({
  recordType: z.enum(ENTITY_RECORD_TYPES),
  /** Present only when the viewer may open the record. */
  id: z.uuid().nullable(),
  reference: z.string().nullable(),
  status: z.string().nullable(),
  holder: z.object({ agencyCode: z.string(), unitCode: z.string().nullable() }),
  /** What the identifier is in the record (reported_person, suspect…); withheld when not visible. */
  roles: z.array(z.string()),
  visible: z.boolean(),
});
export type EntityRecord = z.infer<typeof entityRecordSchema>;

export const entityDetailSchema = entitySummarySchema.extend({
  /** At most 100 records: the viewer's own agency's first, then the most recently linked. */
  records: z.array(entityRecordSchema),
  /** Set when this identifier was merged into another one (its links now live on the survivor). */
  mergedInto: entityMergedIntoSchema.nullable(),
  /** Identifiers merged into this one whose merge can still be undone (most recent first). */
  mergedFrom: z.array(entityMergedFromSchema),
  /** Whether the viewer may merge this identifier (and undo merges into it). */
  canMerge: z.boolean(),
});
export type EntityDetail = z.infer<typeof entityDetailSchema>;
