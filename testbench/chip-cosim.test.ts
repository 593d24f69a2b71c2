// The chip (rtl/chip) co-simulated against the emulator's model
// (emulator/chip), every output on every cycle: 1x2 and 2x2 chips of small
// tiles on all three backends (inference runs of several timesteps and
// samples through the barrier, host accesses anywhere). Full-size tiles:
// chip-full-size.test.ts (the reference chip, 2x1 of 256 x 256, on Verilator).
import { afterAll, describe, expect, it } from 'vitest';
import { elaborate } from '../gen/index.ts';
import { dutFromDesign, startSimulator } from './dut.ts';
import { formatReport, runCosim } from './cosim/run-cosim.ts';
import { chipSuite } from './suites/chip.ts';
import type { ChipParams } from '../emulator/chip/index.ts';
import type { Backend, Simulator } from './simulator.ts';

const open: Simulator[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

const small = chipSuite.defaultConfig.tile;
const CONFIGS: [ChipParams, number][] = [
  [{ width: 1, height: 2, tile: { ...small, rows: 8, cols: 8, adcShare: 2 } }, 6],
  [{ width: 2, height: 2, tile: { ...small, rows: 8, cols: 8, adcShare: 4, fanout: 2 } }, 4],
];

for (const backend of (process.env.CHIP_BACKENDS?.split(',') ?? ['dsl', 'verilator', 'icarus']) as Backend[]) {
  describe(`chip on ${backend}`, () => {
    it.each(CONFIGS.map(([c, runs]) => [chipSuite.describeConfig(c), c, runs] as const))(
      '[%s] matches the emulator on every cycle',
      async (_, config, runs) => {
        const sim = await startSimulator(backend, dutFromDesign(elaborate(chipSuite.design(config))));
        open.push(sim);
        const report = await runCosim(chipSuite, config, sim, { runs: backend === 'icarus' ? Math.ceil(runs / 2) : runs, seed: 2026 });
        expect(report.passed, formatReport(report)).toBe(true);
        expect(report.cycles).toBeGreaterThan(1000);
      },
      3_600_000,
    );
  });
}
