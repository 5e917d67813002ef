import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The console is built into dist/console and served by the ledger at /console: no CDN,
// every script and style comes from the ledger's own origin.
const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/console/',
  // Preact's JSX without a plugin: the transformer is told where the runtime lives.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    // ECharts alone is most of the bundle; it is split out so the shell paints first.
    chunkSizeWarningLimit: 1200,
  },
  logLevel: 'warn',
});
