import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/__tests__/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Many files mostly wait (child processes, sockets, ptys, fsync): one more fork than cores keeps
    // both cores of a 2-core CI machine busy (5m51s instead of 7m52s for the whole suite here).
    maxWorkers: Math.max(3, availableParallelism()),
    // graphql-http and graphql-ws check `instanceof GraphQLError`: run them through vite like the
    // sources, so both see one copy of graphql (its ESM build), as under plain Node both load its CJS build.
    server: { deps: { inline: ['graphql-http', 'graphql-ws'] } },
  },
});
