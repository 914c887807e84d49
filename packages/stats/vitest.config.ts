import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // A ceiling against hanging, not a speed target: the sequential boundaries' accurate integration takes seconds
    // on a busy machine.
    testTimeout: 60_000,
  },
});
