import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) builds; Node, Yoga and graphql-ws load the CJS one, so the
    // tests must too, or `instanceof GraphQLError` fails across the two copies and expected errors get masked.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
