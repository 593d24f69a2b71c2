// Co-simulation suite for the crossbar block (rtl/crossbar: interface
// controller + digital twin) against the emulator's bit-exact, cycle-exact
// model (emulator/crossbar). Stimulus: random conductance levels (whole-array
// fills and single writes, also outside the array), sigma tables (random and
// the host's table for an inference time), seeds, reads with random spike
// vectors and ADC shifts, and random back-pressure on the result port.
import fc from 'fast-check';
import { Crossbar } from '../../rtl/crossbar/index.ts';
import { CrossbarInterfaceModel, sigmaTable, type CrossbarInputs, type CrossbarParams } from '../../emulator/crossbar/index.ts';
import { CycleCommand, type CycleModel, type Values } from '../cosim/cycle-model.ts';
import type { CommandList, CosimSuite } from '../cosim/suite.ts';
// Bulk data (fills) derived from one shrinkable seed.
import { mulberry32 } from '../../emulator/device/rng.ts';

export type CrossbarSuiteConfig = CrossbarParams;

const bits = (n: number) => Math.max(1, Math.ceil(Math.log2(n)));

/** The emulator's interface model seen as a CycleModel. */
class CrossbarCycleModel implements CycleModel {
  private readonly model: CrossbarInterfaceModel;
  constructor(p: CrossbarParams) {
    this.model = new CrossbarInterfaceModel(p);
  }
  outputs(inputs: Values): Record<string, bigint | undefined> {
    return { ...this.model.outputs(inputs as unknown as CrossbarInputs) };
  }
  step(inputs: Values): void {
    this.model.step(inputs as unknown as CrossbarInputs);
  }
}

const write = (kind: number, addr: number, data: number): Partial<Values> => ({
  wr_valid: 1n,
  wr_kind: BigInt(kind),
  wr_addr: BigInt(addr),
  wr_data: BigInt(data >>> 0),
});

/** Cycles with out_ready drawn at `readyPercent`% from `seed`. */
function drainCycles(n: number, readyPercent: number, seed: number): Partial<Values>[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, () => ({ out_ready: rng() * 100 < readyPercent ? 1n : 0n }));
}

/** The full-size array of a full run (ADC_SHARE 32: 8 ADCs, 32 rounds of 259 cycles per read). */
export const FULL_SIZE = { rows: 256, cols: 256, adcShare: 32 } as const;

function randomConfig(rng: () => number, maxDim: number): CrossbarParams {
  const rows = 1 + Math.floor(rng() * maxDim);
  const cols = 1 + Math.floor(rng() * maxDim);
  const shares = [1, 2, 4, 8, 16, 32, 64, 128, 256].filter((s) => cols % s === 0);
  return {
    rows,
    cols,
    gbits: 1 + Math.floor(rng() * 8),
    adcBits: 1 + Math.floor(rng() * 8),
    adcShare: shares[Math.floor(rng() * shares.length)]!,
  };
}

export const crossbarSuite: CosimSuite<CrossbarSuiteConfig> = {
  target: 'crossbar',
  description: 'crossbar interface + digital twin vs the emulator (bit-exact, cycle-exact), random arrays, spikes, seeds and back-pressure',
  defaultConfig: { rows: 16, cols: 16, gbits: 4, adcBits: 6, adcShare: 4 },
  /** A full run: one 256 x 256 array (the largest the spec allows), then random ones up to 64 x 64. */
  randomConfigs: (rng, count) =>
    Array.from({ length: count }, (_, i) => (i === 0 ? { ...randomConfig(rng, 64), ...FULL_SIZE } : randomConfig(rng, 64))),
  describeConfig: (p) => `${p.rows}x${p.cols}, ${p.gbits}-bit levels, ${p.adcBits}-bit ADC, share ${p.adcShare}`,
  design: (p) => Crossbar(p),
  model: (p) => new CrossbarCycleModel(p),
  defaults: () => ({
    wr_valid: 0n,
    wr_kind: 0n,
    wr_addr: 0n,
    wr_data: 0n,
    start_valid: 0n,
    start_spikes: 0n,
    start_shift: 0n,
    out_ready: 1n,
    peek_en: 0n,
    peek_addr: 0n,
    sigma_rd_level: 0n,
  }),
  commands: (p, replayPath) => {
    const cb = bits(p.cols);
    const rb = bits(p.rows);
    const top = 2 ** p.gbits - 1;
    const readCycles = p.adcShare * (p.rows + 3) + 4;
    const seed32 = fc.integer({ min: 0, max: 0xffffffff });
    // Mostly shifts that put the column sums near the ADC's full scale, so codes are neither all
    // saturated nor all zero and the noise shows in their low bits; sometimes any shift.
    const fullScale = Math.ceil(Math.log2(p.rows * 2 ** p.gbits * 256)) - p.adcBits;
    const adcShift = fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: Math.max(0, fullScale - 5), max: Math.min(31, Math.max(0, fullScale + 1)) }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 31 }) },
    );
    const spikes = fc
      .tuple(fc.bigInt({ min: 0n, max: (1n << BigInt(p.rows)) - 1n }), fc.integer({ min: 0, max: 3 }))
      // density: random, sparse (AND of two), all on, or the raw value
      .chain(([a, mode]) =>
        fc.bigInt({ min: 0n, max: (1n << BigInt(p.rows)) - 1n }).map((b) => [a & b, a, (1n << BigInt(p.rows)) - 1n, a | b][mode]!),
      );
    const fill = seed32.map((s) => {
      const rng = mulberry32(s);
      const cycles: Partial<Values>[] = [];
      for (let r = 0; r < p.rows; r++)
        for (let c = 0; c < p.cols; c++) {
          const plus = Math.floor(rng() * (top + 1));
          const minus = rng() < 0.5 ? 0 : Math.floor(rng() * (top + 1));
          cycles.push(write(0, (r << cb) | c, plus | (minus << p.gbits)));
        }
      return new CycleCommand(`fill(${s})`, cycles);
    });
    const addrBits = Math.max(rb + cb, p.gbits);
    const pair = fc
      .record({ addr: fc.integer({ min: 0, max: 2 ** addrBits - 1 }), data: fc.integer({ min: 0, max: 0xffff }) })
      .map(({ addr, data }) => new CycleCommand(`pair(addr 0x${addr.toString(16)},0x${data.toString(16)})`, [write(0, addr, data)]));
    const sigmaOne = fc
      .record({ addr: fc.integer({ min: 0, max: 2 ** addrBits - 1 }), data: fc.integer({ min: 0, max: 0xffff }) })
      .map(({ addr, data }) => new CycleCommand(`sigma(addr 0x${addr.toString(16)},0x${data.toString(16)})`, [write(1, addr, data)]));
    const kind3 = seed32.map((d) => new CycleCommand(`write-kind-3(${d})`, [write(3, d % 2 ** addrBits, d)]));
    const randomSigma = seed32.map((s) => {
      const rng = mulberry32(s);
      const scale = [0x100, 0x1000, 0x10000][Math.floor(rng() * 3)]!;
      return new CycleCommand(
        `sigma-random(${s})`,
        Array.from({ length: top + 1 }, (_, l) => write(1, l, Math.floor(rng() * scale))),
      );
    });
    const hostSigma = fc.constantFrom(0, 1, 3600, 86400, 31536000).map((t) => {
      const table = sigmaTable(p.gbits, t);
      return new CycleCommand(`sigma-host(t=${t})`, Array.from(table, (v, l) => write(1, l, v)));
    });
    const seed = seed32.map((s) => new CycleCommand(`seed(${s})`, [write(2, 0, s)]));
    const read = fc
      .record({ spikes, shift: adcShift, ready: fc.constantFrom(100, 100, 70, 20), drain: seed32 })
      .map(({ spikes, shift, ready, drain }) => {
        const cycles: Partial<Values>[] = [{ start_valid: 1n, start_spikes: spikes, start_shift: BigInt(shift), out_ready: 1n }];
        cycles.push(...drainCycles(Math.ceil((readCycles * 100) / ready), ready, drain));
        return new CycleCommand(`read(0x${spikes.toString(16)},shift ${shift},ready ${ready}%)`, cycles);
      });
    // A start together with a write: the start wins, the write waits.
    const startWithWrite = fc
      .record({ spikes, shift: adcShift, data: seed32 })
      .map(({ spikes, shift, data }) => new CycleCommand(`start+write(0x${spikes.toString(16)})`, [
        { ...write(2, 0, data), start_valid: 1n, start_spikes: spikes, start_shift: BigInt(shift), out_ready: 0n },
      ]));
    const idle = fc
      .record({ n: fc.integer({ min: 1, max: 2 * (p.rows + 3) }), ready: fc.integer({ min: 0, max: 100 }), s: seed32 })
      .map(({ n, ready, s }) => new CycleCommand(`idle(${n},ready ${ready}%)`, drainCycles(n, ready, s)));
    // Memory survives reset and the simulator is reused across runs: every run programs the whole
    // array first, and loads a sigma table (it resets to zeros: no noise).
    const body = fc.commands(
      [
        fill,
        pair,
        sigmaOne,
        kind3,
        randomSigma,
        hostSigma,
        seed,
        read,
        read,
        read,
        startWithWrite,
        idle,
      ],
      { maxCommands: 14, replayPath },
    );
    return fc
      .tuple(fill, fc.oneof(hostSigma, randomSigma), body)
      .map(([levels, sigmas, rest]): CommandList => [levels, sigmas, ...rest]);
  },
};
