// `neurotile emulate`'s own session on the RTL: the shipped network
// programmed onto the reference chip (2 x 1 tiles of 256 x 256) by the
// emulate runner (workloads/inference: every PAIR write, routes, sampler
// macros, the sampler warm-up, then per image a reset, the per-image
// registers, the run and the read-back of votes, totals, RESULT and all 19
// counters of both tiles), recorded at the chip emulator's host port and
// replayed in the same cycles on the generated Verilog (Verilator), compared
// with the port-level model on every output in every cycle. Every response
// and its cycle equal the emulator's: the counters energy is computed from,
// and the cycles per inference, are the RTL's.
import fc from 'fast-check';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elaborate } from '../gen/index.ts';
import type { HostAccessRecord, HostPortEvent } from '../emulator/chip/index.ts';
import { CSR, REFERENCE_TILE, COUNTER_NAMES } from '../emulator/tile/index.ts';
import { loadFashionMnist } from '../workloads/fashion-mnist.ts';
import { pool2x2 } from '../workloads/encoding.ts';
import { loadNetwork } from '../workloads/network/format.ts';
import { ChipRunner } from '../workloads/inference/chip-run.ts';
import { planInference } from '../workloads/inference/plan.ts';
import { formatReport, runCosim } from './cosim/run-cosim.ts';
import { chipSuite } from './suites/chip.ts';
import { replayCommand, type ReplayOutcome } from './suites/chip-replay.ts';
import { dutFromDesign, startSimulator } from './dut.ts';

const IMAGES = 2;
const TIMESTEPS = 8;

describe("emulate's session replayed on the reference chip", () => {
  it(`program, warm up, ${IMAGES} Fashion-MNIST images at T ${TIMESTEPS}: every response equal, on verilator`, async () => {
    const chip = { width: 2, height: 1, tile: REFERENCE_TILE };
    const net = loadNetwork(resolve(import.meta.dirname, '../workloads/networks/fashion-mnist-snn.json'));
    const plan = planInference(net, chip, { tS: 3600, compensate: true, seed: 1, timesteps: TIMESTEPS, samples: 1 });
    const log: HostPortEvent[] = [];
    const runner = new ChipRunner(plan, log);
    const test = loadFashionMnist('test');
    const pooled = pool2x2(test.images.subarray(0, IMAGES * 784), IMAGES);
    const results = Array.from({ length: IMAGES }, (_, i) => runner.infer(pooled.subarray(i * 196, (i + 1) * 196), i));
    expect(results.every((r) => r.cycles > 0)).toBe(true);

    const sim = await startSimulator('verilator', dutFromDesign(elaborate(chipSuite.design(chip))));
    try {
      const outcome: ReplayOutcome = { responses: [] };
      const suite = { ...chipSuite, commands: () => fc.constant([replayCommand(`replay(emulate: ${log.length} host events)`, log, outcome)]) };
      const report = await runCosim(suite, chip, sim, { runs: 1, seed: 1 });
      expect(report.passed, formatReport(report)).toBe(true);
      const offset = log[0]!.cycle;
      const accesses = log.filter((e): e is HostAccessRecord => e.kind === 'access');
      expect(outcome.responses.length).toBe(accesses.length);
      expect(outcome.responses).toEqual(accesses.map((a) => ({ value: a.response, cycle: a.responseCycle - offset })));
      // What emulate sums into energy: the counters of the last image, as the RTL returned them.
      const spikesIndex = COUNTER_NAMES.indexOf('spikes');
      const lastCounters = results[IMAGES - 1]!.counters;
      expect(lastCounters[spikesIndex]).toBeGreaterThan(0);
      const rtlCounterReads = accesses
        .map((a, i) => ({ a, rtl: outcome.responses[i]!.value }))
        .filter(({ a }) => !a.write && !a.chip && a.addr >= CSR.COUNTER && a.addr < CSR.COUNTER + COUNTER_NAMES.length);
      expect(rtlCounterReads.length).toBeGreaterThanOrEqual(IMAGES * 2 * COUNTER_NAMES.length);
      const lastRtl = rtlCounterReads.slice(-2 * COUNTER_NAMES.length).map((r) => r.rtl);
      expect(lastRtl).toEqual(lastCounters);
    } finally {
      await sim.close();
    }
  }, 5_400_000);
});
