import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Migrations over many snapshots on a busy machine take seconds: a ceiling against hanging, not a speed target.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
