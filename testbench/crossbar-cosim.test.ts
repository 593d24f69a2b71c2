// The crossbar block (rtl/crossbar: interface + digital twin) co-simulated
// against the emulator's integer model (emulator/crossbar) on all three
// backends: every output on every cycle, so bit-exact and cycle-exact.
// Configurations are few (each is one model build per backend) and cover
// the 1 x 1 corner, ADC_SHARE 1..8 and = C, ADC bits 1..8, level bits 1..8,
// up to 64 x 64, plus one seeded random configuration; fast-check adds random
// levels, sigma tables, seeds, spike vectors, ADC shifts and back-pressure.
import { afterAll, describe, expect, it } from 'vitest';
import { elaborate } from '../gen/index.ts';
import { dutFromDesign, startSimulator } from './dut.ts';
import { formatReport, runCosim } from './cosim/run-cosim.ts';
import { crossbarSuite, FULL_SIZE, type CrossbarSuiteConfig } from './suites/crossbar.ts';
import type { Backend, Simulator } from './simulator.ts';

const open: Simulator[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

/** [config, runs per backend]: large arrays get fewer runs (each read is R x ADC_SHARE cycles). */
const CONFIGS: [CrossbarSuiteConfig, number][] = [
  [crossbarSuite.defaultConfig, 40],
  [{ rows: 1, cols: 1, gbits: 1, adcBits: 1, adcShare: 1 }, 25],
  [{ rows: 5, cols: 12, gbits: 8, adcBits: 8, adcShare: 4 }, 40],
  [{ rows: 9, cols: 8, gbits: 3, adcBits: 2, adcShare: 1 }, 40],
  [{ rows: 64, cols: 64, gbits: 4, adcBits: 5, adcShare: 64 }, 8],
];

/** One more configuration drawn at random (R, C, level bits, ADC bits, ADC_SHARE up to 64 x 64); CROSSBAR_CONFIG_SEED picks another. */
const configSeed = Number(process.env.CROSSBAR_CONFIG_SEED ?? 20261126);
let state = configSeed >>> 0;
const seededRng = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
CONFIGS.push([crossbarSuite.randomConfigs(seededRng, 2)[1]!, 15]);

const BACKENDS = (process.env.CROSSBAR_BACKENDS?.split(',') ?? ['dsl', 'verilator', 'icarus']) as Backend[];

for (const backend of BACKENDS) {
  describe(`crossbar interface + twin on ${backend}`, () => {
    it.each(CONFIGS.map(([c, runs]) => [crossbarSuite.describeConfig(c), c, runs] as const))(
      '[%s] matches the emulator bit for bit and cycle for cycle',
      async (_, config, runs) => {
        const sim = await startSimulator(backend, dutFromDesign(elaborate(crossbarSuite.design(config))));
        open.push(sim);
        const report = await runCosim(crossbarSuite, config, sim, { runs: backend === 'icarus' ? Math.ceil(runs / 2) : runs, seed: 2026 });
        expect(report.passed, formatReport(report)).toBe(true);
        expect(report.cycles).toBeGreaterThan(100);
      },
      600_000,
    );
  });
}

// Every run checks the full-size 256 x 256 array once, on Verilator (about 12 s with the build).
describe('crossbar 256 x 256', () => {
  it('matches the emulator on verilator', async () => {
    const config: CrossbarSuiteConfig = { ...FULL_SIZE, gbits: 4, adcBits: 8 };
    const sim = await startSimulator('verilator', dutFromDesign(elaborate(crossbarSuite.design(config))));
    open.push(sim);
    const report = await runCosim(crossbarSuite, config, sim, { runs: 3, seed: 2026 });
    expect(report.passed, formatReport(report)).toBe(true);
  }, 1_800_000);
});
