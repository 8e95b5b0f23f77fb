import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError, toErrorBody } from '../errors.ts';

/**
 * Serve the built web app (web/dist) and answer unknown paths: API paths get a JSON 404, page
 * navigations get index.html so the client router can show the page (or its own 404 page).
 * Hashed assets are cached for a year; index.html never, so a deployment is picked up at once.
 * Assets go brotli- or gzip-compressed when the build left a compressed copy and the browser accepts it.
 */
export async function installWebApp(app: FastifyInstance, distDir: string | undefined): Promise<void> {
  const indexFile = distDir ? path.join(distDir, 'index.html') : undefined;
  const hasWeb = indexFile !== undefined && fs.existsSync(indexFile);
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: distDir!,
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside each asset (web/vite.precompress.ts): sent as they are to a
      // browser that accepts them, so nothing is compressed per request.
      preCompressed: true,
      setHeaders(res, filePath) {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        res.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const urlPath = request.url.split('?')[0] ?? '/';
    // A page navigation: GET of a path without a file extension (assets that are missing stay 404).
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') && !/\.[a-z0-9]+$/i.test(urlPath);
    if (!urlPath.startsWith('/api/') && wantsPage && hasWeb) {
      reply.header('Cache-Control', 'no-cache');
      return reply.type('text/html; charset=utf-8').send(fs.createReadStream(indexFile!));
    }
    if (!urlPath.startsWith('/api/') && wantsPage) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built yet: run `npm run build` (npm start does it for you).');
    }
    return reply.status(404).send(toErrorBody(AppError.notFound(), request.id));
  });
}
