import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/build.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests that start servers pick free ports; two files at a time suits the 2-core machines.
    maxWorkers: 2,
  },
});
