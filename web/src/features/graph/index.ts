/** The link chart: embed `<LinkChart root="case:<id>" />` (cytoscape loads lazily with the chart). */
export { LinkChart, type LinkChartProps } from './LinkChart';
export type { Graph, GraphEdge, GraphNode, GraphNodeType } from './types';
