import { vi } from 'vitest';

/**
 * A fake `/api` for component tests: `on('POST /api/v1/auth/login', handler)`; a handler returns
 * `[status, body]` (or a Response). Unhandled calls answer 404 and are listed in `unhandled`.
 */
export type Handler = (request: {
  body: unknown;
  url: URL;
  init: RequestInit | undefined;
}) => [number, unknown?] | Response | Promise<[number, unknown?] | Response>;

export interface MockApi {
  on(route: string, handler: Handler | [number, unknown?]): MockApi;
  calls: Array<{ route: string; body: unknown; headers: Record<string, string> }>;
  unhandled: string[];
}

export function error(code: string, status: number, issues?: Array<{ path: string; message: string }>) {
  return [status, { error: { code, message: code, ...(issues ? { issues } : {}) } }] as [number, unknown];
}

export function mockApi(): MockApi {
  const handlers = new Map<string, Handler>();
  // The header's alerts bell polls this on every signed-in page; tests may override it.
  handlers.set('GET /api/v1/alerts/count', () => [200, { unacknowledged: 0 }]);
  const api: MockApi = {
    calls: [],
    unhandled: [],
    on(route, handler) {
      handlers.set(route, typeof handler === 'function' ? handler : () => handler);
      return api;
    },
  };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://localhost');
      const method = (init?.method ?? 'GET').toUpperCase();
      const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      const route = `${method} ${url.pathname}`;
      api.calls.push({ route, body, headers: Object.fromEntries(new Headers(init?.headers).entries()) });
      const handler = handlers.get(route);
      if (!handler) {
        api.unhandled.push(route);
        return new Response(JSON.stringify({ error: { code: 'not_found', message: 'Not found' } }), {
          status: 404,
          headers: { 'content-type': 'application/json' },
        });
      }
      const result = await handler({ body, url, init });
      if (result instanceof Response) return result;
      const [status, payload] = result;
      return new Response(status === 204 || payload === undefined ? null : JSON.stringify(payload), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    }),
  );
  return api;
}

/**
 * happy-dom has no matchMedia (Mantine reads it for colour scheme and responsive hooks) and no
 * document.fonts (Mantine's autosizing Textarea listens to it).
 */
export function stubMatchMedia(): void {
  if (!('fonts' in document)) {
    Object.defineProperty(document, 'fonts', {
      configurable: true,
      value: { addEventListener: () => {}, removeEventListener: () => {}, ready: Promise.resolve() },
    });
  }
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    configurable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
}

export const AGENCY = {
  id: '00000000-0000-4000-8000-000000000001',
  code: 'KH-NP-AHTJP',
  type: 'police' as const,
  nameEn: 'National Police — Anti-Human Trafficking and Juvenile Protection',
  nameKm: 'នគរបាលជាតិ — នាយកដ្ឋានប្រឆាំងការជួញដូរមនុស្ស និងការពារអនីតិជន',
};

/** A signed-in user as `GET /api/v1/me` returns it. */
export function meBody(overrides: Record<string, unknown> = {}) {
  return {
    id: '00000000-0000-4000-8000-000000000002',
    email: 'agency.admin@demo.karpear.test',
    displayName: 'Pich Rotha',
    roles: ['agency_admin'],
    status: 'active',
    agency: AGENCY,
    unit: null,
    bannerAcknowledged: true,
    factors: { totp: true, webauthn: 0 },
    abilities: ['users.list', 'users.create', 'users.update', 'agencies.create_unit'],
    ...overrides,
  };
}

/**
 * Records every translation key rendered without a translation. The public pages get only the public
 * sections (messages.plugin.ts): a key from another section shows up here.
 */
export function trackMissingKeys(i18n: import('i18next').i18n): string[] {
  const missing: string[] = [];
  i18n.options.saveMissing = true;
  i18n.on('missingKey', (_languages: readonly string[], _namespace: string, key: string) => {
    missing.push(key);
  });
  return missing;
}
