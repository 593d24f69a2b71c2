// One tile (rtl/tile) co-simulated against the emulator's model
// (emulator/tile) on all three backends, every output on every cycle:
// programmed through its CSR port, then samples of a few timesteps with mesh
// traffic, run ends (the confidence on bitstreams), odd step kinds, CSR
// accesses anywhere and back-pressure everywhere.
import { afterAll, describe, expect, it } from 'vitest';
import { elaborate } from '../gen/index.ts';
import { dutFromDesign, startSimulator } from './dut.ts';
import { formatReport, runCosim } from './cosim/run-cosim.ts';
import { tileSuite, type TileSuiteConfig } from './suites/tile.ts';
import { mulberry32 } from '../emulator/device/rng.ts';
import type { Backend, Simulator } from './simulator.ts';

const open: Simulator[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

const CONFIG_SEED = Number(process.env.TILE_CONFIG_SEED ?? 20261201);
const CONFIGS: [TileSuiteConfig, number][] = [
  [tileSuite.defaultConfig, 12],
  [tileSuite.randomConfigs(mulberry32(CONFIG_SEED), 1)[0]!, 8],
];

for (const backend of (process.env.TILE_BACKENDS?.split(',') ?? ['dsl', 'verilator', 'icarus']) as Backend[]) {
  describe(`tile on ${backend}`, () => {
    it.each(CONFIGS.map(([c, runs]) => [tileSuite.describeConfig(c), c, runs] as const))(
      '[%s] matches the emulator on every cycle',
      async (_, config, runs) => {
        const sim = await startSimulator(backend, dutFromDesign(elaborate(tileSuite.design(config))));
        open.push(sim);
        const report = await runCosim(tileSuite, config, sim, { runs: backend === 'icarus' ? Math.ceil(runs / 3) : runs, seed: 2026 });
        expect(report.passed, formatReport(report)).toBe(true);
        expect(report.cycles).toBeGreaterThan(1000);
      },
      1_800_000,
    );
  });
}
