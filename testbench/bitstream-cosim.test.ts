// The bitstream ALU (rtl/bitstream) co-simulated against the emulator
// (emulator/bitstream) on all three backends, every output on every cycle:
// the reference configuration, 1-bit operands with a 1-bit length, 16-bit
// operands with a 256-state tanh, plus one seeded random configuration.
import { afterAll, describe, expect, it } from 'vitest';
import { elaborate } from '../gen/index.ts';
import { dutFromDesign, startSimulator } from './dut.ts';
import { formatReport, runCosim } from './cosim/run-cosim.ts';
import { bitstreamSuite, type BitstreamSuiteConfig } from './suites/bitstream.ts';
import type { Backend, Simulator } from './simulator.ts';

const open: Simulator[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

const CONFIGS: [BitstreamSuiteConfig, number][] = [
  [bitstreamSuite.defaultConfig, 60],
  [{ bits: 1, lengthBits: 1, tanhStates: 2 }, 30],
  [{ bits: 16, lengthBits: 10, tanhStates: 256 }, 40],
];
const configSeed = Number(process.env.BITSTREAM_CONFIG_SEED ?? 20261204);
let state = configSeed >>> 0;
const seededRng = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
CONFIGS.push([bitstreamSuite.randomConfigs(seededRng, 1)[0]!, 30]);

const BACKENDS = (process.env.BITSTREAM_BACKENDS?.split(',') ?? ['dsl', 'verilator', 'icarus']) as Backend[];

for (const backend of BACKENDS) {
  describe(`bitstream ALU on ${backend}`, () => {
    it.each(CONFIGS.map(([c, runs]) => [bitstreamSuite.describeConfig(c), c, runs] as const))(
      '[%s] matches the emulator bit for bit and cycle for cycle',
      async (_, config, runs) => {
        const sim = await startSimulator(backend, dutFromDesign(elaborate(bitstreamSuite.design(config))));
        open.push(sim);
        const report = await runCosim(bitstreamSuite, config, sim, { runs: backend === 'icarus' ? Math.ceil(runs / 2) : runs, seed: 2026 });
        expect(report.passed, formatReport(report)).toBe(true);
        expect(report.cycles).toBeGreaterThan(500);
      },
      600_000,
    );
  });
}
