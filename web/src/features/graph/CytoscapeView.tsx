import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { useEffect, useRef } from 'react';
import { type Graph, HIDDEN_COLOUR, NODE_COLOURS } from './types';

/**
 * The Cytoscape canvas, in its own lazily loaded chunk (cytoscape is ~400 kB): the page and the
 * controls render first. Hands the instance up (`onReady`) for PNG export, and reports taps on nodes.
 */
export interface CytoscapeViewProps {
  graph: Graph;
  selected: string | null;
  onSelect: (nodeId: string | null) => void;
  onReady: (cy: Core | null) => void;
  label: string;
}

function elementsOf(graph: Graph): ElementDefinition[] {
  const nodes: ElementDefinition[] = graph.nodes.map((n) => ({
    group: 'nodes',
    data: {
      id: n.id,
      label: n.label,
      colour: n.visible ? NODE_COLOURS[n.type] : HIDDEN_COLOUR,
      root: n.id === graph.root ? 1 : 0,
      depth: n.depth,
    },
    classes: n.visible ? n.type : `${n.type} hidden`,
  }));
  const edges: ElementDefinition[] = graph.edges.map((e, i) => ({
    group: 'edges',
    data: { id: `e${i}`, source: e.source, target: e.target, label: e.role },
  }));
  return [...nodes, ...edges];
}

export default function CytoscapeView({ graph, selected, onSelect, onReady, label }: CytoscapeViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);

  useEffect(() => {
    if (!container.current) return;
    const big = graph.nodes.length > 1500;
    const cy = cytoscape({
      container: container.current,
      elements: elementsOf(graph),
      // Large neighbourhoods: a cheap concentric layout by depth; small ones: force-directed.
      layout: big
        ? { name: 'concentric', concentric: (n) => 10 - Number(n.data('depth') ?? 0), animate: false }
        : { name: 'cose', animate: false, nodeDimensionsIncludeLabels: true },
      textureOnViewport: big,
      hideEdgesOnViewport: big,
      minZoom: 0.05,
      maxZoom: 4,
      style: [
        {
          selector: 'node',
          style: {
            'background-color': 'data(colour)',
            label: big ? '' : 'data(label)',
            'font-size': 10,
            'text-valign': 'bottom',
            'text-margin-y': 4,
            width: 22,
            height: 22,
          },
        },
        {
          selector: 'node[root = 1]',
          style: { width: 34, height: 34, 'border-width': 3, 'border-color': '#212529' },
        },
        {
          selector: 'node.hidden',
          style: {
            'border-width': 2,
            'border-style': 'dashed',
            'border-color': '#495057',
            shape: 'round-rectangle',
          },
        },
        { selector: 'node.identifier', style: { shape: 'diamond' } },
        { selector: 'node.person', style: { shape: 'ellipse' } },
        { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#fab005' } },
        {
          selector: 'edge',
          style: {
            width: 1,
            'line-color': '#ced4da',
            'curve-style': big ? 'haystack' : 'bezier',
            label: big ? '' : 'data(label)',
            'font-size': 8,
            color: '#868e96',
          },
        },
      ],
    });
    cy.on('tap', 'node', (event) => onSelect(event.target.id() as string));
    cy.on('tap', (event) => {
      if (event.target === cy) onSelect(null);
    });
    cyRef.current = cy;
    onReady(cy);
    return () => {
      onReady(null);
      cyRef.current = null;
      cy.destroy();
    };
  }, [graph, onSelect, onReady]);

  // Selection made from the keyboard list shows on the chart too.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.nodes().unselect();
    if (selected) {
      const node = cy.getElementById(selected);
      if (node.nonempty()) {
        node.select();
        cy.animate({ center: { eles: node } }, { duration: 200 });
      }
    }
  }, [selected]);

  return (
    <div
      ref={container}
      role="img"
      aria-label={label}
      data-testid="link-chart-canvas"
      style={{ width: '100%', height: 520, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }}
    />
  );
}
