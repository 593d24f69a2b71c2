// A register that the reset forgets is masked when every register starts at
// 0 (Verilator's --x-initial 0): the FIFO below has no reset of its
// occupancy counter and still passes from zeros. With random start values
// from a seed (randomInit: --x-initial unique, +verilator+seed) the cosim
// catches it. Needs Verilator (fails loudly when it is missing).
import { describe, expect, it } from 'vitest';
import { elaborate } from '../gen/index.ts';
import { dutFromDesign, dutFromSources, startSimulator } from './dut.ts';
import { runCosim, formatReport } from './cosim/run-cosim.ts';
import { fifoSuite } from './suites/fifo.ts';

const config = fifoSuite.defaultConfig;
const generated = dutFromDesign(elaborate(fifoSuite.design(config)));
const RESET_LINE = "occupancy <= 5'd0;";

function withoutOccupancyReset() {
  const sources = generated.sources.map((s) => {
    if (!s.text.includes(RESET_LINE)) return s;
    return { ...s, text: s.text.replace(RESET_LINE, 'occupancy <= occupancy; // the reset forgot it') };
  });
  expect(sources.some((s) => s.text.includes('the reset forgot it'))).toBe(true);
  return dutFromSources(sources, generated.iface, 'fifo without occupancy reset');
}

// One model build (a few minutes on a loaded machine), then one run each:
// the first run after the simulator starts is the one that depends on the
// start values (later runs inherit the previous run's occupancy, which the
// forgotten reset would not clear either).
describe('a missing reset on Verilator', { timeout: 900_000 }, () => {
  it('is masked when registers start at 0', async () => {
    const sim = await startSimulator('verilator', withoutOccupancyReset());
    try {
      const r = await runCosim(fifoSuite, config, sim, { runs: 1, seed: 3 });
      expect(r.passed, formatReport(r)).toBe(true);
    } finally {
      await sim.close();
    }
  });

  it('is caught when registers start at random values from a seed', async () => {
    for (const randomInit of [1, 2]) {
      const sim = await startSimulator('verilator', withoutOccupancyReset(), { randomInit });
      try {
        const r = await runCosim(fifoSuite, config, sim, { runs: 1, seed: 3 });
        expect(r.passed, `randomInit ${randomInit}`).toBe(false);
        expect(r.counterexample!.failure).toMatch(/output '(enq_ready|deq_valid)'/);
      } finally {
        await sim.close();
      }
    }
  });

  it('the generated FIFO (with its resets) passes from random start values', async () => {
    const sim = await startSimulator('verilator', generated, { randomInit: 1 });
    try {
      const r = await runCosim(fifoSuite, config, sim, { runs: 30, seed: 3 });
      expect(r.passed, formatReport(r)).toBe(true);
    } finally {
      await sim.close();
    }
  });
});
