// `npm run bench -- web-pages [--runs 3] [--out NAME]`
//
// PERFORMANCE.md §5 for the pages a person meets before logging in (the log-in page and the public tip
// portal, in Khmer): the JavaScript they download (≤ 150 KB gzip) and their largest contentful paint on
// an emulated slow 3G link (≤ 2.5 s), in headless Chromium against a demo server on 127.0.0.1.
//
// Slow 3G is Chrome DevTools' preset: every request waits 2,000 ms and the link carries 50,000 bytes/s
// each way (CDP Network.emulateNetworkConditions). Cold = a fresh browser context (empty cache); warm =
// the same page loaded again in that context. Baseline, in the same run and under the same link: a bare
// HTML page with one heading served by this process — the floor any page pays for one round trip; the
// ratio page/baseline says how many such trips a page costs.
//
// Bytes are counted per response as they crossed the wire (Content-Length / body size as received,
// compressed or not), and the JavaScript once more as gzip -9 of its body, the form the target uses.
// Needs the built web app (npm run build -w web) and Chromium at /usr/bin/chromium.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeBrowser, launchBrowser } from '../e2e/support/browser.ts';
import { startServer } from '../e2e/support/server.ts';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, out: { type: 'string', default: 'web-pages' } },
});
const RUNS = Number(args.runs);
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 20) {
  console.error('usage: npm run bench -- web-pages [--runs 1..20] [--out NAME]');
  process.exit(2);
}

const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 };
const TARGET = { jsGzipBytes: 150 * 1024, lcpMs: 2500 };

interface Load {
  lcpMs: number;
  wireBytes: number;
  jsWireBytes: number;
  jsGzipBytes: number;
  requests: number;
  encodings: string[];
}

/** Records LCP in the page (the latest candidate wins, as Chrome reports it). */
const LCP_OBSERVER = `
  window.__lcp = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__lcp = Math.max(window.__lcp, entry.startTime);
  }).observe({ type: 'largest-contentful-paint', buffered: true });
`;

async function slowContext(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-US', serviceWorkers: 'block' });
  await context.addInitScript(LCP_OBSERVER);
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  return { context, page };
}

/** Loads `url` in `page` and waits for the network to settle, counting what crossed the wire. */
async function measure(page: Page, url: string, ready: (page: Page) => Promise<void>): Promise<Load> {
  const load: Load = { lcpMs: 0, wireBytes: 0, jsWireBytes: 0, jsGzipBytes: 0, requests: 0, encodings: [] };
  const pending: Promise<void>[] = [];
  const onResponse = (response: import('playwright-core').Response) => {
    pending.push(
      (async () => {
        const request = response.request();
        const sizes = await request.sizes().catch(() => null);
        const fromCache = sizes !== null && sizes.responseBodySize === 0 && response.status() !== 204;
        if (fromCache) return;
        load.requests++;
        load.wireBytes += (sizes?.responseBodySize ?? 0) + (sizes?.responseHeadersSize ?? 0);
        const encoding = (await response.headerValue('content-encoding')) ?? 'identity';
        if (!load.encodings.includes(encoding)) load.encodings.push(encoding);
        if (request.resourceType() === 'script') {
          load.jsWireBytes += sizes?.responseBodySize ?? 0;
          const body = await response.body().catch(() => Buffer.alloc(0));
          load.jsGzipBytes += gzipSync(body, { level: 9 }).length;
        }
      })(),
    );
  };
  page.on('response', onResponse);
  await page.goto(url, { waitUntil: 'load' });
  await ready(page);
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  page.off('response', onResponse);
  load.lcpMs = Math.round(await page.evaluate(() => (window as unknown as { __lcp: number }).__lcp));
  return load;
}

function summary(loads: Load[]) {
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
  return {
    runs: loads.length,
    lcpMs: { median: median(loads.map((l) => l.lcpMs)), max: Math.max(...loads.map((l) => l.lcpMs)) },
    wireBytes: median(loads.map((l) => l.wireBytes)),
    jsWireBytes: median(loads.map((l) => l.jsWireBytes)),
    jsGzipBytes: median(loads.map((l) => l.jsGzipBytes)),
    requests: median(loads.map((l) => l.requests)),
    encodings: [...new Set(loads.flatMap((l) => l.encodings))],
  };
}

/** The baseline page: one heading, nothing else, from this process. */
function baselineServer(): Promise<{ url: string; close(): void }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    res.end('<!doctype html><html lang="en"><title>Baseline</title><h1>Baseline page</h1></html>');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        close: () => server.close(),
      }),
    ),
  );
}

const heading = (page: Page) => page.locator('h1').first().waitFor();

const pages: Array<{ name: string; path: string }> = [
  { name: 'log-in page (Khmer)', path: '/login' },
  { name: 'public tip portal (Khmer)', path: '/report' },
];

const server = await startServer({ timeoutMs: 180_000 });
const baseline = await baselineServer();
let browser: Browser | undefined;
try {
  browser = await launchBrowser();
  const results: Record<string, unknown> = {};
  const base: Load[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await slowContext(browser);
    base.push(await measure(page, baseline.url, heading));
    await context.close();
  }
  const baseSummary = summary(base);
  console.log(`baseline (one heading, one request): LCP median ${baseSummary.lcpMs.median} ms`);
  for (const p of pages) {
    const cold: Load[] = [];
    const warm: Load[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { context, page } = await slowContext(browser);
      cold.push(await measure(page, `${server.url}${p.path}`, heading));
      warm.push(await measure(page, `${server.url}${p.path}`, heading));
      await context.close();
    }
    const c = summary(cold);
    const w = summary(warm);
    const ratio = Number((c.lcpMs.median / baseSummary.lcpMs.median).toFixed(2));
    results[p.path] = {
      name: p.name,
      cold: c,
      warm: w,
      coldLcpRatioToBaseline: ratio,
      met: { jsGzip: c.jsGzipBytes <= TARGET.jsGzipBytes, lcp: c.lcpMs.median <= TARGET.lcpMs },
    };
    console.log(
      `${p.name}: cold LCP ${c.lcpMs.median} ms (max ${c.lcpMs.max}; ${ratio}× baseline), warm ${w.lcpMs.median} ms; ` +
        `${c.requests} requests, ${(c.wireBytes / 1024).toFixed(1)} KiB over the wire (${c.encodings.join(', ')}); ` +
        `JavaScript ${(c.jsWireBytes / 1024).toFixed(1)} KiB sent, ${(c.jsGzipBytes / 1024).toFixed(1)} KiB as gzip -9`,
    );
  }
  const out = {
    benchmark: 'web-pages',
    at: new Date().toISOString(),
    node: process.version,
    loadAverage1m: Number((await import('node:os')).loadavg()[0]!.toFixed(1)),
    link: { preset: 'Chrome DevTools Slow 3G', ...SLOW_3G },
    target: TARGET,
    baseline: baseSummary,
    pages: results,
  };
  const here = path.dirname(fileURLToPath(import.meta.url));
  const file = path.join(here, 'results', `${args.out}.json`);
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
} finally {
  await closeBrowser(browser);
  baseline.close();
  await server.stop();
}
