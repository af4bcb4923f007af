import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/__tests__/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // graphql-http and graphql-ws check `instanceof GraphQLError`: run them through vite like the
    // sources, so both see one copy of graphql (its ESM build), as under plain Node both load its CJS build.
    server: { deps: { inline: ['graphql-http', 'graphql-ws'] } },
  },
});
