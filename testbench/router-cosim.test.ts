// The address-event network's RTL against the emulator on all three
// backends (model-based: fc.commands, every output compared on every cycle):
// the router, the multicast injector, meshes of random sizes up to 4 x 4, and
// a mesh with a multicast injector at every node.
import { afterAll, describe, expect, it } from 'vitest';
import { elaborate } from '../gen/index.ts';
import { mulberry32 } from '../emulator/router/index.ts';
import { dutFromDesign, startSimulator } from './dut.ts';
import { formatReport, runCosim } from './cosim/run-cosim.ts';
import type { CosimSuite } from './cosim/suite.ts';
import { routerSuite, multicastSuite } from './suites/router.ts';
import { meshSuite, multicastMeshSuite, type MeshSuiteConfig } from './suites/mesh.ts';
import type { Backend, Simulator } from './simulator.ts';

const open: Simulator[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

// Each configuration costs one model build per backend: a few, chosen to cover the corners.
const randomMesh = meshSuite.randomConfigs(mulberry32(5), 1)[0] as MeshSuiteConfig;
const cases: { suite: CosimSuite; configs: unknown[]; runs: number }[] = [
  {
    suite: routerSuite,
    configs: [routerSuite.defaultConfig, { xBits: 3, yBits: 1, idBits: 5, payloadBits: 4, fifoDepth: 1, hereX: 5, hereY: 0 }],
    runs: 150,
  },
  { suite: multicastSuite, configs: [multicastSuite.defaultConfig, { xBits: 3, yBits: 2, idBits: 5, payloadBits: 3, neuronBits: 2, fanout: 3 }], runs: 150 },
  {
    suite: meshSuite,
    configs: [meshSuite.defaultConfig, randomMesh, { width: 4, height: 4, xBits: 2, yBits: 2, idBits: 4, payloadBits: 2, fifoDepth: 2 }],
    runs: 60,
  },
  // Multicast end to end: routing tables in every node's injector, spike events in, packets out of the mesh.
  { suite: multicastMeshSuite, configs: [{ ...multicastMeshSuite.defaultConfig, width: 3, height: 2, payloadBits: 3 }], runs: 60 },
];

for (const backend of ['dsl', 'verilator', 'icarus'] as Backend[]) {
  describe(`address-event network on ${backend}`, () => {
    for (const { suite, configs, runs } of cases) {
      it.each(configs.map((c) => [suite.describeConfig(c), c]))(`${suite.target} [%s] matches the emulator`, async (_, config) => {
        const sim = await startSimulator(backend, dutFromDesign(elaborate(suite.design(config))));
        open.push(sim);
        const report = await runCosim(suite, config, sim, { runs, seed: 5150 });
        expect(report.passed, formatReport(report)).toBe(true);
        expect(report.runs).toBe(runs);
        expect(report.cycles).toBeGreaterThan(runs * 10);
      });
    }
  });
}
