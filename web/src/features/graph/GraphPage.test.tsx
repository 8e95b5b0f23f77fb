// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { createI18n, LANGUAGE_STORAGE_KEY } from '../../i18n';
import en from '../../i18n/en.json';
import { type MockApi, meBody, mockApi, stubMatchMedia } from '../../testing/mockApi';
import type { Graph } from './types';

// The canvas needs a real browser: stand in with one button per node that "taps" it.
vi.mock('./CytoscapeView', () => ({
  default: ({ graph, onSelect }: { graph: Graph; onSelect: (id: string) => void }) => (
    <div data-testid="fake-canvas">
      {graph.nodes.map((n) => (
        <button key={n.id} type="button" onClick={() => onSelect(n.id)}>
          {`tap ${n.id}`}
        </button>
      ))}
    </div>
  ),
}));

const TIP_ID = '00000000-0000-4000-8000-0000000000c1';
const IDENT_ID = '00000000-0000-4000-8000-0000000000e1';
const GRAPH: Graph = {
  root: `tip:${TIP_ID}`,
  hops: 1,
  nodes: [
    {
      id: `tip:${TIP_ID}`,
      type: 'tip',
      label: 'T-2026-000042',
      status: 'new',
      holder: { agencyCode: 'KH-NP', unitCode: 'HOTLINE' },
      depth: 0,
      visible: true,
    },
    {
      id: `identifier:${IDENT_ID}`,
      type: 'identifier',
      label: '+85512388001',
      kind: 'phone',
      depth: 1,
      visible: true,
    },
    {
      id: 'hidden:1',
      type: 'tip',
      label: 'held by BORDER',
      holder: { agencyCode: 'KH-GDI', unitCode: 'BORDER' },
      depth: 1,
      visible: false,
    },
  ],
  edges: [
    { source: `tip:${TIP_ID}`, target: `identifier:${IDENT_ID}`, role: 'suspect' },
    { source: 'hidden:1', target: `identifier:${IDENT_ID}`, role: 'victim' },
  ],
  truncated: false,
};
const slow = { timeout: 5000 };

let api: MockApi;
let hopsAsked: string[];
beforeAll(stubMatchMedia);
beforeEach(() => {
  localStorage.clear();
  localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
  hopsAsked = [];
  api = mockApi()
    .on('GET /api/v1/me', [
      200,
      meBody({ roles: ['intel_analyst'], abilities: ['entities.list', 'tips.read'] }),
    ])
    .on('GET /api/v1/alerts/count', [200, { unacknowledged: 0 }])
    .on('GET /api/v1/graph', ({ url }) => {
      hopsAsked.push(url.searchParams.get('hops') ?? '');
      return [200, GRAPH];
    });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('link chart page', () => {
  it('shows the legend and details; a hidden record names only its holder to contact', async () => {
    window.history.replaceState(null, '', `/entities/graph?root=tip:${TIP_ID}`);
    render(<App i18n={createI18n()} />);
    expect(await screen.findByRole('heading', { level: 1, name: en.graph.title }, slow)).toBeTruthy();
    expect(await screen.findByText('3 nodes, 2 links', {}, slow)).toBeTruthy();
    expect(screen.getByText(en.graph.hiddenLegend)).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'tap hidden:1' }, slow));
    expect(screen.getByText(en.graph.hiddenContact.replace('{{unit}}', 'BORDER'))).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: `tap tip:${TIP_ID}` }));
    expect(screen.getByRole('link', { name: en.graph.open }).getAttribute('href')).toBe(`/tips/${TIP_ID}`);
    // The hops selector asks the API again.
    fireEvent.click(screen.getByRole('radio', { name: '2' }));
    await vi.waitFor(() => expect(hopsAsked).toEqual(['1', '2']));
    expect(api.unhandled).toEqual([]);
  });

  it('refuses a malformed root without calling the API', async () => {
    window.history.replaceState(null, '', '/entities/graph?root=nothing');
    render(<App i18n={createI18n()} />);
    expect(await screen.findByText(en.graph.badRoot, {}, slow)).toBeTruthy();
    expect(hopsAsked).toEqual([]);
  });
});
