import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './scripts/vitest-sequencer.ts';

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
    // The files that take minutes start first (scripts/vitest-sequencer.ts).
    sequence: { sequencer: SlowFirstSequencer },
  },
});
