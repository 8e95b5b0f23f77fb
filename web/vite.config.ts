import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { karpearMessages } from './src/i18n/messages.plugin.ts';
import { precompress } from './vite.precompress.ts';

// Resolve relative to this file so `vite build web` from the repo root and `vite build` inside web/ agree.
const webRoot = fileURLToPath(new URL('.', import.meta.url));

/** The API server that `karpear serve` starts by default; the dev server forwards to it. */
const apiTarget = 'http://127.0.0.1:8080';

export default defineConfig({
  root: webRoot,
  plugins: [react(), karpearMessages(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // Provincial offices are on slow links: report gzip sizes on every build so growth is visible.
    reportCompressedSize: true,
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      // The public tip portal (/report) is server-rendered so it works without JavaScript.
      '/report': { target: apiTarget, changeOrigin: false },
    },
  },
});
