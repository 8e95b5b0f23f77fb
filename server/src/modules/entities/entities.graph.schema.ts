import { z } from 'zod';

/**
 * The link chart's wire format (GET /api/v1/graph). Kept next to the code (not in contracts) while the
 * shape settles; the web mirrors it in web/src/features/graph/types.ts.
 */
export const GRAPH_NODE_TYPES = [
  'tip',
  'case',
  'register_entry',
  'referral',
  'identifier',
  'person',
] as const;
export type GraphNodeType = (typeof GRAPH_NODE_TYPES)[number];

/** Largest neighbourhood one call returns (the benchmark's 5,000 nodes fit). */
export const GRAPH_MAX_LIMIT = 6000;

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const graphQuerySchema = z.object({
  root: z
    .string()
    .regex(
      new RegExp(`^(tip|case|register_entry|identifier|person):${uuid}$`, 'i'),
      'root must be <type>:<uuid> with type tip, case, register_entry, identifier or person',
    ),
  hops: z.coerce.number().int().min(1).max(3).default(1),
  limit: z.coerce.number().int().min(1).max(GRAPH_MAX_LIMIT).default(1000),
});
export type GraphQuery = z.infer<typeof graphQuerySchema>;

export const graphNodeSchema = z.object({
  /** `<type>:<id>` for what the viewer may see; `hidden:<n>` for a record held by others. */
  id: z.string(),
  type: z.enum(GRAPH_NODE_TYPES),
  /** Reference, identifier value, person's name — or "held by <unit code>" for a hidden record. */
  label: z.string(),
  /** The identifier's kind (email, phone…) for identifier nodes. */
  kind: z.string().optional(),
  /** The record's status, for visible records. */
  status: z.string().optional(),
  /** The holder's codes: always for records (visible or not), to know whom to contact. */
  holder: z.object({ agencyCode: z.string(), unitCode: z.string().nullable() }).optional(),
  /** Hops (record → entity → record) from the root; the root is 0. */
  depth: z.number().int(),
  visible: z.boolean(),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

export const graphEdgeSchema = z.object({ source: z.string(), target: z.string(), role: z.string() });
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const graphSchema = z.object({
  root: z.string(),
  hops: z.number().int(),
  nodes: z.array(graphNodeSchema),
  edges: z.array(graphEdgeSchema),
  /** True when the node limit cut the walk short. */
  truncated: z.boolean(),
});
export type Graph = z.infer<typeof graphSchema>;
