import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'build/**'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Verilator builds use both cores; keep test files from fighting over them.
    // (Tool runs also share one machine-wide job limit: gen/tools/job-slots.ts.)
    maxWorkers: 2,
    // A fixed, printed fast-check seed for every property test (NEUROTILE_FC_SEED overrides).
    setupFiles: ['scripts/vitest-fc-seed.ts'],
  },
});
