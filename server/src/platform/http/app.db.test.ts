import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';

const ASSET = Buffer.from(`export const words = ${JSON.stringify('synthetic '.repeat(400))};\n`);

describe('HTTP kernel', () => {
  let t: TestApp;
  let webDir: string;
  beforeAll(async () => {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-web-'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Karpear test shell</title>');
    // A built asset with the compressed copies the web build writes beside it (web/vite.precompress.ts).
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'assets', 'app-test.js'), ASSET);
    fs.writeFileSync(path.join(webDir, 'assets', 'app-test.js.br'), brotliCompressSync(ASSET));
    fs.writeFileSync(path.join(webDir, 'assets', 'app-test.js.gz'), gzipSync(ASSET));
    t = await createTestApp({ webDistDir: webDir });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('reports health: database reachable, migrations current, engine named', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      database: { engine: t.database.engine, reachable: true, migrationsCurrent: true },
    });
  });

  it('answers unknown API routes with a JSON 404 and no detail', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/no-such-thing',
      headers: { accept: 'text/html' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json().error.code).toBe('not_found');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('serves the web app for page navigations to client routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/tips/queue', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Karpear test shell');
  });

  it('sends an asset as the build compressed it when the browser accepts that encoding', async () => {
    const get = (encoding?: string) =>
      t.app.inject({
        method: 'GET',
        url: '/assets/app-test.js',
        headers: encoding ? { 'accept-encoding': encoding } : {},
      });
    const brotli = await get('gzip, deflate, br');
    expect(brotli.statusCode).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers.vary).toMatch(/accept-encoding/i);
    expect(brotli.headers['content-type']).toMatch(/javascript/);
    expect(brotli.headers['cache-control']).toContain('immutable');
    expect(brotliDecompressSync(brotli.rawPayload).equals(ASSET)).toBe(true);
    expect(brotli.rawPayload.length).toBeLessThan(ASSET.length / 4);

    const gzip = await get('gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).equals(ASSET)).toBe(true);

    const plain = await get();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(ASSET)).toBe(true);
  });

  it('puts security headers on every response, and no-store on API responses', async () => {
    for (const url of ['/api/health', '/api/v1/nothing', '/']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers.server).toBeUndefined();
      if (url.startsWith('/api/')) expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('serves the OpenAPI document and the browsable docs', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().paths['/api/health']).toBeDefined();
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toMatch(/swagger/i);
  });

  it('records every API route with its declared access', () => {
    const health = t.routes.routes.find((r) => r.url === '/api/health');
    expect(health?.access).toHaveProperty('public');
    for (const route of t.routes.routes) expect(route.hasResponseSchema).toBe(true);
  });
});
