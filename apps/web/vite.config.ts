// The dashboard's build (served by apps/api at /) and its tests: unit tests in src, the browser suite in test/e2e.
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const api = process.env.CUMULUS_API_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [vue()],
  server: {
    // `vite` in development talks to a running API (PORT=4000 by default).
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: true },
      // The API's Summary of Findings downloads (/reviews/:id itself is a client route).
      '^/reviews/[^/]+/summary-of-findings\\.(csv|html)$': { target: api, changeOrigin: true },
      // Sign-in through an OpenID Connect provider: the API's redirects.
      '/auth/': { target: api },
    },
  },
  // Apollo Client strips its development-only checks and messages when __DEV__ is false.
  // Vue without the Options API and production devtools (unused here) is smaller.
  define: {
    ...(process.env.VITEST ? {} : { 'globalThis.__DEV__': 'false' }),
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 700,
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 10_000,
  },
});
