import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import type { Core } from 'cytoscape';
import type { TFunction } from 'i18next';
import { lazy, Suspense, useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../app/links';
import { useGraph } from './graph.api';
import { GRAPH_NODE_TYPES, type GraphNode, HIDDEN_COLOUR, NODE_COLOURS } from './types';

// cytoscape only loads when a chart is shown.
const CytoscapeView = lazy(() => import('./CytoscapeView'));

export interface LinkChartProps {
  /** `case:<id>`, `tip:<id>`, `register_entry:<id>`, `identifier:<id>` or `person:<id>`. */
  root: string;
  /** Initial hops (1–3). */
  hops?: number;
}

/**
 * The link chart of a record or an entity: a hops selector, the Cytoscape canvas, a legend, a details
 * panel for the selected node and PNG export. Every control works from the keyboard; the node list
 * (a select) is the keyboard's way to reach nodes. A record the viewer may not read is drawn grey and
 * dashed and says who holds it — contact them — never its content.
 */
export function LinkChart({ root, hops: initialHops = 1 }: LinkChartProps) {
  const { t } = useTranslation();
  const [hops, setHops] = useState(initialHops);
  const [selected, setSelected] = useState<string | null>(null);
  const cy = useRef<Core | null>(null);
  const graph = useGraph(root, hops);
  const onReady = useCallback((instance: Core | null) => {
    cy.current = instance;
  }, []);
  const onSelect = useCallback((id: string | null) => setSelected(id), []);
  const byId = useMemo(() => new Map((graph.data?.nodes ?? []).map((n) => [n.id, n])), [graph.data]);
  const node = selected ? byId.get(selected) : undefined;

  const exportPng = () => {
    if (!cy.current) return;
    const blob = cy.current.png({ output: 'blob', full: true, bg: '#ffffff', scale: 2 }) as unknown as Blob;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `link-chart-${root.replace(':', '-')}.png`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <Stack gap="sm" data-testid="link-chart">
      <Group gap="md" align="flex-end" wrap="wrap">
        <div>
          <Text size="sm" fw={500} id="graph-hops-label">
            {t('graph.hops')}
          </Text>
          <SegmentedControl
            aria-labelledby="graph-hops-label"
            value={String(hops)}
            onChange={(v) => setHops(Number(v))}
            data={['1', '2', '3'].map((v) => ({ value: v, label: v }))}
          />
        </div>
        <Select
          label={t('graph.findNode')}
          placeholder={t('graph.findNodePlaceholder')}
          searchable
          clearable
          w={280}
          value={selected}
          onChange={setSelected}
          data={(graph.data?.nodes ?? []).slice(0, 2000).map((n) => ({ value: n.id, label: nodeText(t, n) }))}
        />
        <Button variant="light" onClick={exportPng} disabled={!graph.data}>
          {t('graph.exportPng')}
        </Button>
        {graph.isFetching && <Loader size="sm" aria-label={t('graph.loading')} />}
      </Group>
      {graph.isError && (
        <Alert color="red" role="alert">
          {t('graph.loadError')}
        </Alert>
      )}
      {graph.data?.truncated && (
        <Alert color="yellow" role="status">
          {t('graph.truncated', { count: graph.data.nodes.length })}
        </Alert>
      )}
      {graph.data && (
        <Text size="sm" c="dimmed" role="status">
          {t('graph.summary', { nodes: graph.data.nodes.length, edges: graph.data.edges.length })}
        </Text>
      )}
      <Group align="flex-start" wrap="nowrap" gap="md">
        <Box style={{ flex: 1, minWidth: 0 }}>
          {graph.data ? (
            <Suspense fallback={<Loader aria-label={t('graph.loading')} />}>
              <CytoscapeView
                graph={graph.data}
                selected={selected}
                onSelect={onSelect}
                onReady={onReady}
                label={t('graph.canvasLabel', { nodes: graph.data.nodes.length })}
              />
            </Suspense>
          ) : (
            !graph.isError && <Loader aria-label={t('graph.loading')} />
          )}
        </Box>
        <Stack gap="sm" w={260} style={{ flexShrink: 0 }}>
          <Legend />
          <Details node={node} />
        </Stack>
      </Group>
    </Stack>
  );
}

type T = TFunction;

function holderText(t: T, node: GraphNode): string {
  const unit = node.holder?.unitCode ?? node.holder?.agencyCode ?? '';
  return t('graph.heldBy', { unit });
}

function nodeText(t: T, node: GraphNode): string {
  const type = t(`graph.type.${node.type}`);
  if (!node.visible)
    return `${type}: ${node.type === 'person' ? t('graph.hiddenPerson') : holderText(t, node)}`;
  return `${type}: ${node.label}`;
}

function Legend() {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="xs">
      <Text size="sm" fw={600} mb={4}>
        {t('graph.legend')}
      </Text>
      <Stack gap={2}>
        {GRAPH_NODE_TYPES.map((type) => (
          <Group key={type} gap={6}>
            <Swatch colour={NODE_COLOURS[type]} />
            <Text size="xs">{t(`graph.type.${type}`)}</Text>
          </Group>
        ))}
        <Group gap={6}>
          <Swatch colour={HIDDEN_COLOUR} dashed />
          <Text size="xs">{t('graph.hiddenLegend')}</Text>
        </Group>
      </Stack>
    </Paper>
  );
}

function Swatch({ colour, dashed = false }: { colour: string; dashed?: boolean }) {
  return (
    <span
      aria-hidden="true"
      style={{
        display: 'inline-block',
        width: 12,
        height: 12,
        borderRadius: 3,
        background: colour,
        border: dashed ? '2px dashed #495057' : 'none',
      }}
    />
  );
}

const RECORD_LINKS: Partial<Record<string, (id: string) => string>> = {
  tip: (id) => `/tips/${id}`,
  identifier: (id) => `/entities/${id}`,
  register_entry: (id) => `/offenders/${id}`,
  case: (id) => `/cases/${id}`,
};

function Details({ node }: { node: GraphNode | undefined }) {
  const { t } = useTranslation();
  if (!node) {
    return (
      <Paper withBorder p="xs">
        <Text size="sm" c="dimmed">
          {t('graph.selectHint')}
        </Text>
      </Paper>
    );
  }
  const [type, id] = [node.id.slice(0, node.id.indexOf(':')), node.id.slice(node.id.indexOf(':') + 1)];
  const href = node.visible ? RECORD_LINKS[type]?.(id) : undefined;
  return (
    <Paper withBorder p="xs" aria-live="polite" data-testid="link-chart-details">
      <Group gap={6} mb={4}>
        <Badge variant="light">{t(`graph.type.${node.type}`)}</Badge>
        {node.kind && <Badge variant="outline">{t(`tips.identifierKind.${node.kind}`, node.kind)}</Badge>}
      </Group>
      {node.visible ? (
        <Stack gap={4}>
          <Text size="sm" fw={600} style={{ wordBreak: 'break-all' }} lang="en">
            {node.label}
          </Text>
          {node.status && <Text size="xs">{t('graph.status', { status: node.status })}</Text>}
          {node.holder && (
            <Text size="xs">
              {t('graph.holder', { unit: node.holder.unitCode ?? node.holder.agencyCode })}
            </Text>
          )}
          {href && (
            <AnchorLink to={href} size="sm">
              {t('graph.open')}
            </AnchorLink>
          )}
        </Stack>
      ) : (
        <Text size="sm">
          {node.type === 'person'
            ? t('graph.hiddenPerson')
            : t('graph.hiddenContact', { unit: node.holder?.unitCode ?? node.holder?.agencyCode ?? '' })}
        </Text>
      )}
    </Paper>
  );
}
