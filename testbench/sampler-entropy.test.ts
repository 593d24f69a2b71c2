// The proof that the sampler RTL holds no random source of its own: with the
// twin's read noise off (sigma table all zero) every output of the Sampler,
// on every cycle, is the same for every twin seed, and no unbiased bit comes
// out; with the noise on, two seeds give different streams. Runs the real
// RTL (rtl/sampler with the crossbar twin) on the DSL simulator and on
// Verilator.
import { afterAll, describe, expect, it } from 'vitest';
import { elaborate } from '../gen/index.ts';
import { Sampler } from '../rtl/sampler/index.ts';
import { entropyProgram, programWrites, type SamplerParams } from '../emulator/sampler/index.ts';
import { dutFromDesign, startSimulator } from './dut.ts';
import { inputsOf, outputsOf } from './ports.ts';
import type { Backend, Simulator } from './simulator.ts';

const P: SamplerParams = { lanes: 4, rows: 1, gbits: 4, adcBits: 8, numberBits: 8, windowLog2: 4, deadband: 2 };
const RUN_CYCLES = 3000;

const open: Simulator[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

/** Input rows: reset, the host program (each write held until the macro is idle), then RUN_CYCLES of consuming every lane. */
function stimulus(sim: Simulator, seed: number, readNoise: number): bigint[][] {
  const names = inputsOf(sim.iface).map((p) => p.name);
  const row = (values: Record<string, bigint>) => names.map((n) => values[n] ?? 0n);
  const rows = [row({ reset: 1n })];
  // The sampler is disabled while it is programmed, so each write is taken at once (hold a few cycles anyway).
  for (const w of programWrites(P, entropyProgram(P, { seed, readNoise }))) {
    for (let k = 0; k < P.rows + 5; k++) rows.push(row({ wr_valid: 1n, wr_kind: BigInt(w.kind), wr_addr: BigInt(w.addr), wr_data: BigInt(w.data) }));
  }
  const ready = Object.fromEntries(Array.from({ length: P.lanes }, (_, i) => [`num_${i}_ready`, 1n]));
  for (let c = 0; c < RUN_CYCLES; c++) rows.push(row({ ...ready, rd_addr: BigInt(c % 128) }));
  return rows;
}

async function outputsFor(sim: Simulator, seed: number, readNoise: number) {
  const batch = await sim.runBatch(stimulus(sim, seed, readNoise));
  const outs = outputsOf(sim.iface).map((p) => p.name);
  const trace = Array.from({ length: batch.cycles - 1 }, (_, c) => outs.map((_, k) => batch.getAt(c + 1, k)).join(','));
  let bits = 0;
  const bitPorts = outs.map((n, k) => (/^bit_\d+_valid$/.test(n) ? k : -1)).filter((k) => k >= 0);
  for (let c = 1; c < batch.cycles; c++) for (const k of bitPorts) bits += Number(batch.getAt(c, k));
  return { trace, bits };
}

for (const backend of ['dsl', 'verilator'] as Backend[]) {
  describe(`sampler RTL entropy on ${backend}`, () => {
    it('no read noise: the same outputs on every cycle for every twin seed, and no bits; noise: seeds differ', async () => {
      const sim = await startSimulator(backend, dutFromDesign(elaborate(Sampler(P))));
      open.push(sim);
      const silent = [await outputsFor(sim, 1, 0), await outputsFor(sim, 0xdeadbeef, 0), await outputsFor(sim, 77, 0)];
      for (const s of silent) expect(s.bits).toBe(0);
      expect(silent[1]!.trace).toEqual(silent[0]!.trace);
      expect(silent[2]!.trace).toEqual(silent[0]!.trace);

      const noisy = [await outputsFor(sim, 1, 1), await outputsFor(sim, 2, 1)];
      for (const s of noisy) expect(s.bits).toBeGreaterThan(100);
      expect(noisy[0]!.trace).not.toEqual(noisy[1]!.trace);
    }, 600_000);
  });
}
