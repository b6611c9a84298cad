import { relative } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Rollup } from 'vite';

const API = 'http://localhost:3000';
const ROUTES = fileURLToPath(new URL('./src/app/routes', import.meta.url));

/** Libraries every dashboard page needs: one long-cached chunk that survives deploys that change only our code. */
const VENDOR = /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@tanstack[\\/][^\\/]+)[\\/]/;

/**
 * A page's chunk is named after its route file (src/app/routes/app/vouchers.tsx → route-vouchers,
 * routes/app/routers/index.tsx → route-routers, routes/auth/login.tsx → route-auth-login), so the
 * file names say which page they belong to (test/browser/bundle.browser-spec.ts relies on it).
 */
function chunkName(chunk: Rollup.PreRenderedChunk): string {
  const file = chunk.facadeModuleId ?? [...chunk.moduleIds].reverse().find((id) => id.startsWith(ROUTES));
  if (!file?.startsWith(ROUTES)) return chunk.name;
  const route = relative(ROUTES, file)
    .replace(/\.tsx?$/, '')
    .replace(/^app[\\/]index$/, 'app-index')
    .replace(/[\\/]index$/, '')
    .replace(/^app[\\/]/, '')
    .replace(/[\\/]/g, '-');
  return `route-${route}`;
}

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: API, changeOrigin: false },
      '/health': { target: API, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      // One HTML entry per bundle: the dashboard, and the captive portal (its own small bundle, served at /portal/{routerId})
      input: {
        dashboard: fileURLToPath(new URL('./index.html', import.meta.url)),
        portal: fileURLToPath(new URL('./portal.html', import.meta.url)),
      },
      output: {
        // the dashboard is split by route (src/app/router.tsx); the portal does not use React, so it never loads vendor
        manualChunks: (id) => (VENDOR.test(id) ? 'vendor' : undefined),
        chunkFileNames: (chunk) => `assets/${chunkName(chunk)}-[hash].js`,
      },
    },
  },
});
