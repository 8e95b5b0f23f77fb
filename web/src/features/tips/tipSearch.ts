/**
 * The tip queue's filters live in the address (`/tips?status=new,triaged&priority=P1&page=2`), so a
 * filtered queue can be bookmarked, shared with a colleague and survives a reload on a slow link.
 *
 * This file has no runtime imports: the router (in the signed-in chunk) uses `parseTipSearch` as the
 * route's `validateSearch`; the page checks the values against the contract's vocabularies.
 */
export interface TipSearch {
  /** Comma-separated statuses, or `open` (new, triaged, assigned). */
  status?: string;
  priority?: string;
  province?: string;
  source?: string;
  /** `me`, `none` or a user id. */
  assignee?: string;
  sla?: string;
  q?: string;
  sort?: string;
  page?: number;
}

const TEXT_KEYS = ['status', 'priority', 'province', 'source', 'assignee', 'sla', 'q', 'sort'] as const;

/** Keeps the known keys; values as strings (the router's parser turns `?q=12` into a number). */
export function parseTipSearch(raw: Record<string, unknown>): TipSearch {
  const search: TipSearch = {};
  for (const key of TEXT_KEYS) {
    const value = raw[key];
    if (typeof value === 'string' || typeof value === 'number') {
      const text = String(value).trim();
      if (text) search[key] = text.slice(0, 200);
    }
  }
  const page = Number(raw.page);
  if (Number.isInteger(page) && page > 1 && page <= 200) search.page = page;
  return search;
}
