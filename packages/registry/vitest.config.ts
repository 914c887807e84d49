import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A ceiling against hanging, not a speed target: the CLI tests spawn node.
    testTimeout: 60_000,
  },
});
