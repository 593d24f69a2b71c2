// A 1 x 1 chip against the timestep-level reading of the spec in
// reference.test-util.ts: random crossbars (noise included), neuron
// parameters, bias rows and routing tables with recurrent and off-mesh
// routes. Cycles, counters, spikes per timestep and the final membrane
// potentials must match, with and without fast-forward.
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { ChipEmulator } from './emulator.ts';
import { CHIP_REG } from './params.ts';
import { referenceRun, type RefTile } from './reference.test-util.ts';
import { CSR, type TileParams } from '../tile/index.ts';
import { samplerParams } from '../sampler/index.ts';

interface Case {
  params: TileParams;
  ref: RefTile;
  T: number;
  S: number;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    rows: fc.integer({ min: 1, max: 12 }),
    units: fc.integer({ min: 1, max: 4 }),
    shareLog: fc.integer({ min: 0, max: 2 }),
    gbits: fc.integer({ min: 1, max: 4 }),
    adcBits: fc.integer({ min: 1, max: 8 }),
    vBits: fc.integer({ min: 4, max: 12 }),
    refBits: fc.integer({ min: 1, max: 3 }),
    fanout: fc.integer({ min: 1, max: 3 }),
    fifoDepth: fc.integer({ min: 2, max: 4 }),
    T: fc.integer({ min: 1, max: 5 }),
    S: fc.integer({ min: 1, max: 2 }),
  })
  .chain((g) => {
    const cols = g.units << g.shareLog;
    const top = 2 ** g.gbits - 1;
    const level = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: top }));
    const idBits = Math.max(1, Math.ceil(Math.log2(g.rows)));
    const slot = fc.option(
      fc.record({
        destX: fc.constantFrom(0, 0, 0, 1),
        destY: fc.constantFrom(0, 0, 0, 1),
        id: fc.integer({ min: 0, max: 2 ** idBits - 1 }),
      }),
      { nil: undefined, freq: 2 },
    );
    return fc.record({
      g: fc.constant(g),
      plus: fc.array(level, { minLength: g.rows * cols, maxLength: g.rows * cols }),
      minus: fc.array(level, { minLength: g.rows * cols, maxLength: g.rows * cols }),
      sigma: fc.oneof(fc.constant(new Array(top + 1).fill(0)), fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: top + 1, maxLength: top + 1 })),
      seed: fc.integer({ min: 0, max: 0xffffffff }),
      shift: fc.integer({ min: 0, max: 12 }),
      threshold: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 2 ** (g.vBits - 1) - 1 })),
      leak: fc.integer({ min: -4, max: 4 }),
      resetMode: fc.integer({ min: 0, max: 1 }),
      refractory: fc.integer({ min: 0, max: 2 ** g.refBits - 1 }),
      alwaysOn: fc.uniqueArray(fc.integer({ min: 0, max: g.rows - 1 }), { maxLength: g.rows }),
      routes: fc.array(fc.array(slot, { minLength: g.fanout, maxLength: g.fanout }), { minLength: cols, maxLength: cols }),
    });
  })
  .map(({ g, ...r }) => {
    const cols = g.units << g.shareLog;
    const params: TileParams = {
      rows: g.rows,
      cols,
      gbits: g.gbits,
      adcBits: g.adcBits,
      adcShare: 1 << g.shareLog,
      vBits: g.vBits,
      refBits: g.refBits,
      fanout: g.fanout,
      classes: 0,
      xBits: 1,
      yBits: 1,
      fifoDepth: g.fifoDepth,
      sampler: samplerParams({ lanes: 4, numberBits: 8 }),
    };
    const ref: RefTile = { rows: g.rows, cols, adcShare: 1 << g.shareLog, adcBits: g.adcBits, vBits: g.vBits, ...r };
    return { params, ref, T: g.T, S: g.S };
  });

function program(emu: ChipEmulator, c: Case): void {
  const r = c.ref;
  emu.programPairs(0, 0, r.plus, r.minus);
  emu.programSigma(0, 0, r.sigma);
  emu.writeTile(0, 0, CSR.XBAR_SEED, r.seed);
  emu.setNeuronSettings(0, 0, { threshold: r.threshold, leak: r.leak, resetMode: r.resetMode as 0 | 1, stochastic: 0, noiseShift: 0, refractory: r.refractory, adcShift: r.shift });
  emu.setAlwaysOn(0, 0, r.alwaysOn);
  const routes = r.routes.flatMap((row, neuron) =>
    row.map((s, slot) => ({ neuron, slot, enabled: s !== undefined, destX: s?.destX ?? 0, destY: s?.destY ?? 0, id: s?.id ?? 0 })),
  );
  emu.programRoutes(0, 0, routes);
}

function runCase(c: Case, fastForward: boolean) {
  const emu = new ChipEmulator({ width: 1, height: 1, tile: c.params });
  emu.fastForward = fastForward;
  program(emu, c);
  emu.writeChip(CHIP_REG.TIMESTEPS, c.T);
  emu.writeChip(CHIP_REG.SAMPLES, c.S);
  const trace = emu.trace()!;
  emu.writeTile(0, 0, CSR.CTRL, 1); // clear the tile's counters at this edge
  emu.writeChip(CHIP_REG.CTRL, 1); // start, 2 cycles later
  emu.waitWhileBusy(1_000_000);
  const runCycles = emu.readChip(CHIP_REG.RUN_CYCLES);
  const counters = emu.counters(0, 0);
  const v = Array.from({ length: c.params.cols }, (_, n) => emu.readTile(0, 0, CSR.V + n) | 0);
  const ref = Array.from({ length: c.params.cols }, (_, n) => emu.readTile(0, 0, CSR.REF + n));
  const readIndex = emu.readTile(0, 0, CSR.XBAR_READ_INDEX);
  const spikes: number[][][] = Array.from({ length: c.S }, () => Array.from({ length: c.T }, () => [] as number[]));
  for (const s of trace.spikes) spikes[s.sample]![s.timestep - 1]!.push(s.neuron);
  return { runCycles, counters, v, ref, readIndex, spikes, cycle: emu.cycle };
}

describe('1 x 1 chip vs the timestep-level reference', () => {
  fcTest.prop([caseArb], { numRuns: 120, seed: 20260601 })('cycles, counters, spikes and potentials follow the spec', (c) => {
    const want = referenceRun(c.ref, c.T, c.S);
    const got = runCase(c, true);
    expect(got.runCycles, 'RUN_CYCLES').toBe(want.runCycles);
    expect(got.spikes).toEqual(want.spikes);
    expect(got.v).toEqual(want.v);
    expect(got.ref).toEqual(want.ref);
    expect(got.readIndex).toBe(want.readIndex);
    const { cycles, busy_cycles, sampler_reads, sampler_raw_bits, sampler_bits, alu_bit_ops, ...rest } = got.counters;
    expect(rest).toEqual(want.counters);
    expect(busy_cycles).toBe(want.busyCycles);
    // The counters were cleared at the edge of the CTRL write (cycle w); the start was taken 2
    // cycles later at a; RUN_CYCLES was read right after the run, then COUNTER[0] first: it returns
    // its value 3 cycles after the RUN_CYCLES request, which came in the cycle after the run ended.
    expect(cycles).toBe(want.runCycles + 2 + 2 + 1);
    expect([sampler_reads, sampler_raw_bits, sampler_bits, alu_bit_ops]).toEqual([0, 0, 0, 0]);
  });

  fcTest.prop([caseArb], { numRuns: 60, seed: 777 })('fast-forward gives exactly what stepping every cycle gives', (c) => {
    expect(runCase(c, true)).toEqual(runCase(c, false));
  });

  it('on an idle network, timesteps are 3 + ADC_SHARE (R + 3) cycles apart', () => {
    for (const [rows, share, T] of [[1, 1, 1], [5, 2, 3], [16, 4, 2], [256, 8, 2]] as const) {
      const params: TileParams = { rows, cols: 8, gbits: 4, adcBits: 8, adcShare: share, vBits: 16, refBits: 4, fanout: 2, classes: 0, xBits: 1, yBits: 1, fifoDepth: 4, sampler: samplerParams({ lanes: 4, numberBits: 8 }) };
      const emu = new ChipEmulator({ width: 1, height: 1, tile: params });
      emu.writeTile(0, 0, CSR.THRESHOLD, 2 ** 15 - 1); // nothing fires
      const trace = emu.trace()!;
      const run = emu.run({ timesteps: T, samples: 1 });
      const D = 3 + share * (rows + 3);
      const starts = trace.steps.filter((s) => s.kind === 1 || s.kind === 2).map((s) => s.cycle);
      expect(starts.slice(1).map((x, i) => x - starts[i]!)).toEqual(new Array(T - 1).fill(D));
      // start edge a: SAMPLE_START at a+1, TIMESTEP at a+2, T timesteps, SAMPLE_END, RUN_END, the end
      expect(run).toBe(4 + T * D);
    }
  });
});
