// The LFSR-free sampler (rtl/sampler: logic + entropy macro with its twin)
// co-simulated against the emulator (emulator/sampler) on all three
// backends: every output on every cycle, so bit-exact and cycle-exact.
// Configurations cover 1 lane and a 2-bit ADC with a 2-bit window, several
// rows, 8-bit levels, 16-bit numbers, the reference tile's sampler (16 lanes, window 256), plus one
// seeded random configuration; fast-check adds programming for random
// times, consumption, back-pressure, register and macro writes and idle spells.
import { afterAll, describe, expect, it } from 'vitest';
import { elaborate } from '../gen/index.ts';
import { dutFromDesign, startSimulator } from './dut.ts';
import { formatReport, runCosim } from './cosim/run-cosim.ts';
import { samplerSuite, type SamplerSuiteConfig } from './suites/sampler.ts';
import type { Backend, Simulator } from './simulator.ts';

const open: Simulator[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

/** [config, runs per backend]. */
const CONFIGS: [SamplerSuiteConfig, number][] = [
  [{ lanes: 4, rows: 1, gbits: 4, adcBits: 6, numberBits: 8, windowLog2: 4, deadband: 2 }, 30],
  [{ lanes: 1, rows: 1, gbits: 1, adcBits: 2, numberBits: 8, windowLog2: 1, deadband: 0 }, 20],
  [{ lanes: 3, rows: 3, gbits: 8, adcBits: 8, numberBits: 16, windowLog2: 3, deadband: 4 }, 20],
  [samplerSuite.defaultConfig, 10],
];

/** One configuration drawn at random; SAMPLER_CONFIG_SEED picks another. */
const configSeed = Number(process.env.SAMPLER_CONFIG_SEED ?? 20261201);
let state = configSeed >>> 0;
const seededRng = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
CONFIGS.push([samplerSuite.randomConfigs(seededRng, 1)[0]!, 15]);

const BACKENDS = (process.env.SAMPLER_BACKENDS?.split(',') ?? ['dsl', 'verilator', 'icarus']) as Backend[];

for (const backend of BACKENDS) {
  describe(`sampler on ${backend}`, () => {
    it.each(CONFIGS.map(([c, runs]) => [samplerSuite.describeConfig(c), c, runs] as const))(
      '[%s] matches the emulator bit for bit and cycle for cycle',
      async (_, config, runs) => {
        const sim = await startSimulator(backend, dutFromDesign(elaborate(samplerSuite.design(config))));
        open.push(sim);
        const report = await runCosim(samplerSuite, config, sim, { runs: backend === 'icarus' ? Math.ceil(runs / 3) : runs, seed: 2026 });
        expect(report.passed, formatReport(report)).toBe(true);
        expect(report.cycles).toBeGreaterThan(1000);
      },
      900_000,
    );
  });
}
