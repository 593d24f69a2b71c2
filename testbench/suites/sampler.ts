// Co-simulation suite for the LFSR-free sampler (rtl/sampler: logic + the
// entropy macro's crossbar and twin) against the emulator's cycle-exact
// model (emulator/sampler). Every run programs the entropy macro (reference
// pairs, a sigma table, a seed, the ADC shift) and enables it; then
// fast-check mixes consumption with random back-pressure and Bernoulli
// probabilities, register writes (thresholds, shift, enable, recalibrate,
// unknown addresses), writes into the macro while it reads, and idle spells
// in which the sampler must go quiet. Every output, every cycle.
import fc from 'fast-check';
import { Sampler } from '../../rtl/sampler/index.ts';
import {
  chooseShift,
  KIND_PAIR,
  KIND_SAMPLER,
  KIND_SEED,
  KIND_SIGMA,
  REG,
  SamplerInterfaceModel,
  type SamplerParams,
} from '../../emulator/sampler/index.ts';
import { sigmaTable } from '../../emulator/crossbar/index.ts';
import { mulberry32 } from '../../emulator/device/rng.ts';
import { CycleCommand, type CycleModel, type Values } from '../cosim/cycle-model.ts';
import type { CommandList, CosimSuite } from '../cosim/suite.ts';

export type SamplerSuiteConfig = SamplerParams;

class SamplerCycleModel implements CycleModel {
  private readonly model: SamplerInterfaceModel;
  constructor(p: SamplerParams) {
    this.model = new SamplerInterfaceModel(p);
  }
  outputs(inputs: Values): Record<string, bigint | undefined> {
    return this.model.outputs(inputs);
  }
  step(inputs: Values): void {
    this.model.step(inputs);
  }
}

const write = (kind: number, addr: number, data: number): Partial<Values> => ({
  wr_valid: 1n,
  wr_kind: BigInt(kind),
  wr_addr: BigInt(addr),
  wr_data: BigInt(data >>> 0),
});

const colBits = (p: SamplerParams) => Math.max(1, Math.ceil(Math.log2(p.lanes)));
const writeAddrBits = (p: SamplerParams) => Math.max(Math.max(Math.max(1, Math.ceil(Math.log2(p.rows))) + colBits(p), p.gbits), 8);

/** Addresses of the register map (and a few that are not in it), for writes and reads. */
function registerAddresses(p: SamplerParams): number[] {
  const lanes = Array.from({ length: p.lanes }, (_, i) => i);
  return [
    ...Object.values(REG).filter((a) => a < 0x20),
    ...lanes.flatMap((i) => [REG.threshold + i, REG.calibration + i, REG.number + i]),
    0x08, 0x1f, REG.threshold + 31, 0x80, 0xff,
  ];
}

function randomConfig(rng: () => number): SamplerParams {
  const pick = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const windowLog2 = pick(1, 6);
  return {
    lanes: pick(1, 6),
    rows: pick(1, 3),
    gbits: pick(1, 8),
    adcBits: pick(2, 8),
    numberBits: pick(8, 10),
    windowLog2,
    deadband: pick(0, 2 ** windowLog2 / 2),
  };
}

export const samplerSuite: CosimSuite<SamplerSuiteConfig> = {
  target: 'sampler',
  description: 'LFSR-free sampler (logic + entropy macro with its twin) vs the emulator: programming, consumption, calibration, quiet state',
  /** The reference tile's sampler (the `sampler` target's defaults). */
  defaultConfig: { lanes: 16, rows: 1, gbits: 4, adcBits: 8, numberBits: 8, windowLog2: 8, deadband: 16 },
  randomConfigs: (rng, count) => Array.from({ length: count }, () => randomConfig(rng)),
  describeConfig: (p) =>
    `${p.lanes} lanes, ${p.rows} rows, ${p.gbits}-bit levels, ${p.adcBits}-bit ADC, ${p.numberBits}-bit numbers, window 2^${p.windowLog2}, deadband ${p.deadband}`,
  design: (p) => Sampler(p),
  model: (p) => new SamplerCycleModel(p),
  defaults: (p) => {
    const d: Values = { wr_valid: 0n, wr_kind: 0n, wr_addr: 0n, wr_data: 0n, rd_addr: 0n };
    for (let i = 0; i < p.lanes; i++) {
      d[`num_${i}_ready`] = 0n;
      d[`bern_${i}_p`] = 0n;
    }
    return d;
  },
  commands: (p, replayPath) => {
    const top = 2 ** p.gbits - 1;
    const drain = p.rows + 5; // a read in flight ends within R + 4 cycles
    const seed32 = fc.integer({ min: 0, max: 0xffffffff });
    const addrs = registerAddresses(p);
    const K = p.numberBits;

    /** Disable, program every reference pair and the sigma table, seed, shift, enable. */
    const program = fc
      .record({ s: seed32, t: fc.constantFrom(0, 3600, 86400, 31536000), noise: fc.constantFrom(1, 1, 4, 0), mismatch: fc.integer({ min: 0, max: 3 }) })
      .map(({ s, t, noise, mismatch }) => {
        const rng = mulberry32(s);
        const cycles: Partial<Values>[] = Array.from({ length: drain }, () => write(KIND_SAMPLER, REG.control, 0));
        const plus = new Uint8Array(p.rows * p.lanes);
        const minus = new Uint8Array(p.rows * p.lanes);
        for (let i = 0; i < plus.length; i++) {
          // Reference pairs near the top level, G- off from G+ by up to `mismatch` levels (or anywhere).
          const base = Math.max(0, top - Math.floor(rng() * 3));
          plus[i] = rng() < 0.1 ? Math.floor(rng() * (top + 1)) : base;
          minus[i] = Math.min(top, Math.max(0, base + Math.floor(rng() * (2 * mismatch + 1)) - mismatch));
          cycles.push(write(KIND_PAIR, (Math.floor(i / p.lanes) << colBits(p)) | i % p.lanes, plus[i]! | (minus[i]! << p.gbits)));
        }
        const table = sigmaTable(p.gbits, t).map((v) => Math.min(65535, v * noise));
        table.forEach((v, level) => cycles.push(write(KIND_SIGMA, level, v)));
        cycles.push(write(KIND_SEED, 0, s));
        const shift = Math.max(0, chooseShift(p, plus, minus, sigmaTable(p.gbits, t)) + Math.floor(rng() * 3) - 1);
        cycles.push(write(KIND_SAMPLER, REG.shift, shift), write(KIND_SAMPLER, REG.control, 1));
        return new CycleCommand(`program(seed ${s}, t ${t}, noise x${noise}, mismatch ${mismatch}, shift ${shift})`, cycles);
      });

    /** Cycles of consumption: each lane ready with `ready`%, random p, random read-port addresses. */
    const run = fc
      .record({ n: fc.integer({ min: 20, max: 60 * (p.rows + 4) }), ready: fc.constantFrom(100, 100, 60, 10, 0), s: seed32 })
      .map(({ n, ready, s }) => {
        const rng = mulberry32(s);
        const cycles = Array.from({ length: n }, () => {
          const c: Partial<Values> = { rd_addr: BigInt(addrs[Math.floor(rng() * addrs.length)]!) };
          for (let i = 0; i < p.lanes; i++) {
            c[`num_${i}_ready`] = rng() * 100 < ready ? 1n : 0n;
            c[`bern_${i}_p`] = BigInt(Math.floor(rng() * 2 ** K));
          }
          return c;
        });
        return new CycleCommand(`run(${n}, ready ${ready}%)`, cycles);
      });

    /** A register write held for `hold` cycles (taken at the first idle cycle, again while held). */
    const register = fc
      .record({ addr: fc.constantFrom(...addrs), data: seed32, hold: fc.integer({ min: 1, max: drain }) })
      .map(({ addr, data, hold }) => new CycleCommand(`reg(0x${addr.toString(16)}, 0x${data.toString(16)}, ${hold})`, Array.from({ length: hold }, () => write(KIND_SAMPLER, addr, data))));
    const threshold = fc
      .record({ lane: fc.integer({ min: 0, max: p.lanes - 1 }), value: fc.integer({ min: -(2 ** (p.adcBits - 1)), max: 2 ** (p.adcBits - 1) - 1 }) })
      .map(({ lane, value }) => new CycleCommand(`threshold(${lane}, ${value})`, Array.from({ length: drain }, () => write(KIND_SAMPLER, REG.threshold + lane, value))));
    const recalibrate = fc.constant(new CycleCommand('recalibrate', [write(KIND_SAMPLER, REG.command, 1)]));
    /** A write into the macro (any kind, any address) held for `hold` cycles: it waits for an idle macro and holds reads back. */
    const macroWrite = fc
      .record({ kind: fc.integer({ min: 0, max: 2 }), addr: fc.integer({ min: 0, max: 2 ** writeAddrBits(p) - 1 }), data: seed32, hold: fc.integer({ min: 1, max: drain }) })
      .map(({ kind, addr, data, hold }) => {
        const value = kind === KIND_SEED ? data : data % 2 ** (2 * p.gbits);
        return new CycleCommand(`macro-write(${kind}, 0x${addr.toString(16)}, 0x${value.toString(16)}, ${hold})`, Array.from({ length: hold }, () => write(kind, addr, value)));
      });
    /** Nothing consumed for long enough that every lane fills and the sampler goes quiet. */
    const idle = fc
      .record({ n: fc.integer({ min: 1, max: 200 * (p.rows + 4) }), s: seed32 })
      .map(({ n, s }) => {
        const rng = mulberry32(s);
        return new CycleCommand(`idle(${n})`, Array.from({ length: n }, () => ({ rd_addr: BigInt(addrs[Math.floor(rng() * addrs.length)]!) })));
      });

    const body = fc.commands([run, run, run, idle, register, threshold, recalibrate, macroWrite, program], { maxCommands: 16, replayPath });
    return fc.tuple(program, run, body).map(([prog, first, rest]): CommandList => [prog, first, ...rest]);
  },
};
