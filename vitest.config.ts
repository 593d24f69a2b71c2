import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'build/**'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Verilator builds use both cores; keep test files from fighting over them.
    maxWorkers: 2,
  },
});
