import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Every data test runs on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set.
const dbs = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export default defineConfig({
  test: {
    // Most of a test waits on its database: two workers even on two cores (the default would be one).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    projects: dbs.map((db) => ({
      extends: true,
      test: {
        name: db,
        env: { TEST_DB: db },
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        testTimeout: 30_000,
        hookTimeout: 60_000,
        pool: 'forks',
        // Test files share a worker's loaded modules: importing the app once per worker, not once
        // per file, was most of the run. Every file builds its own app on its own database copy;
        // vi.mock and process.env changes are per file and undone.
        isolate: false,
        globalSetup: ['test/global-setup.ts'],
      },
    })),
  },
});
