// The neuron array (rtl/neuron) co-simulated against the emulator's model
// (emulator/neuron) on all three backends, every output on every cycle:
// the default configuration, the 1-neuron corner, wide potentials with
// 16-bit numbers, and one seeded random configuration.
import { afterAll, describe, expect, it } from 'vitest';
import { elaborate } from '../gen/index.ts';
import { dutFromDesign, startSimulator } from './dut.ts';
import { formatReport, runCosim } from './cosim/run-cosim.ts';
import { neuronSuite } from './suites/neuron.ts';
import { mulberry32 } from '../emulator/device/rng.ts';
import type { NeuronParams } from '../emulator/neuron/index.ts';
import type { Backend, Simulator } from './simulator.ts';

const open: Simulator[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

const CONFIG_SEED = Number(process.env.NEURON_CONFIG_SEED ?? 20261201);
const CONFIGS: NeuronParams[] = [
  neuronSuite.defaultConfig,
  { cols: 1, adcShare: 1, adcBits: 1, vBits: 4, refBits: 8, numberBits: 8, lanes: 1 },
  { cols: 12, adcShare: 4, adcBits: 8, vBits: 24, refBits: 1, numberBits: 16, lanes: 2 },
  neuronSuite.randomConfigs(mulberry32(CONFIG_SEED), 1)[0]!,
];

for (const backend of ['dsl', 'verilator', 'icarus'] as Backend[]) {
  describe(`neuron array on ${backend}`, () => {
    it.each(CONFIGS.map((c) => [neuronSuite.describeConfig(c), c] as const))(
      '[%s] matches the emulator on every cycle',
      async (_, config) => {
        const sim = await startSimulator(backend, dutFromDesign(elaborate(neuronSuite.design(config))));
        open.push(sim);
        const report = await runCosim(neuronSuite, config, sim, { runs: backend === 'icarus' ? 15 : 40, seed: 2026 });
        expect(report.passed, formatReport(report)).toBe(true);
        expect(report.cycles).toBeGreaterThan(200);
      },
      600_000,
    );
  });
}
