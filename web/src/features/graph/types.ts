/**
 * The link chart's wire format, mirroring server/src/modules/entities/entities.graph.schema.ts
 * (GET /api/v1/graph). Types only: no zod in the chart's chunk.
 */
export type GraphNodeType = 'tip' | 'case' | 'register_entry' | 'referral' | 'identifier' | 'person';

export interface GraphNode {
  /** `<type>:<id>`, or `hidden:<n>` for a record held by others. */
  id: string;
  type: GraphNodeType;
  label: string;
  kind?: string;
  status?: string;
  holder?: { agencyCode: string; unitCode: string | null };
  depth: number;
  visible: boolean;
}

export interface GraphEdge {
  source: string;
  target: string;
  role: string;
}

export interface Graph {
  root: string;
  hops: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
  truncated: boolean;
}

export const GRAPH_NODE_TYPES: readonly GraphNodeType[] = [
  'case',
  'tip',
  'register_entry',
  'referral',
  'identifier',
  'person',
];

/** One colour per node type (legend and chart agree); hidden records are grey and dashed. */
export const NODE_COLOURS: Record<GraphNodeType, string> = {
  case: '#1c7ed6',
  tip: '#f08c00',
  register_entry: '#c2255c',
  referral: '#2f9e44',
  identifier: '#7048e8',
  person: '#0c8599',
};
export const HIDDEN_COLOUR = '#adb5bd';
