import { z } from 'zod';

/** The largest page any list route returns (SECURITY.md 20: bounded work). */
export const MAX_PAGE_LIMIT = 100;
export const DEFAULT_PAGE_LIMIT = 50;
/** Offsets beyond this are refused: deep paging is a scan, use filters instead. */
export const MAX_PAGE_OFFSET = 10_000;

/**
 * The query of every list route: `?limit=&offset=`. The rule is **reject, never clamp**: a limit above
 * 100 (or below 1), a negative or too deep offset, or a non-integer answers 400 naming the field, so a
 * client never silently receives less than it asked for.
 */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
  offset: z.coerce.number().int().min(0).max(MAX_PAGE_OFFSET).default(0),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** The envelope of every list response: the items of this page, the page asked for and the total. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    limit: z.number().int(),
    offset: z.number().int(),
    total: z.number().int(),
  });
}
