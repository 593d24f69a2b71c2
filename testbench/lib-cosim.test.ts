// gen/lib's FIFO and round-robin arbiter co-simulated against their
// TypeScript models on all three backends (model-based: fc.commands, outputs
// compared on every cycle).
import { afterAll, describe, expect, it } from 'vitest';
import { elaborate } from '../gen/index.ts';
import { dutFromDesign, startSimulator } from './dut.ts';
import { formatReport, runCosim } from './cosim/run-cosim.ts';
import type { CosimSuite } from './cosim/suite.ts';
import { fifoSuite } from './suites/fifo.ts';
import { arbiterSuite } from './suites/arbiter.ts';
import type { Backend, Simulator } from './simulator.ts';

const open: Simulator[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

const cases: { suite: CosimSuite; configs: unknown[] }[] = [
  { suite: fifoSuite, configs: [fifoSuite.defaultConfig, { width: 37, depth: 5 }, { width: 1, depth: 1 }] },
  { suite: arbiterSuite, configs: [arbiterSuite.defaultConfig, { n: 7 }, { n: 1 }] },
];

for (const backend of ['dsl', 'verilator', 'icarus'] as Backend[]) {
  describe(`gen/lib blocks on ${backend}`, () => {
    for (const { suite, configs } of cases) {
      it.each(configs.map((c) => [suite.describeConfig(c), c]))(`${suite.target} [%s] matches its model`, async (_, config) => {
        const sim = await startSimulator(backend, dutFromDesign(elaborate(suite.design(config))));
        open.push(sim);
        const report = await runCosim(suite, config, sim, { runs: 150, seed: 4242 });
        expect(report.passed, formatReport(report)).toBe(true);
        expect(report.runs).toBe(150);
        expect(report.cycles).toBeGreaterThan(150 * 5);
      });
    }
  });
}
