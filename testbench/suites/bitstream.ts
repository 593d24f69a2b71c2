// Co-simulation suite for the bitstream ALU (rtl/bitstream) against the
// emulator's cycle-exact model (emulator/bitstream): every operation with
// random operands and stream lengths (0, 1, short, up to the largest the
// length field holds, capped for time), random numbers and rand_valid
// stalls every cycle, starts while busy (ignored) and idle spells.
import fc from 'fast-check';
import { BitstreamAlu } from '../../rtl/bitstream/index.ts';
import { BitstreamAluModel, OP_NAMES, type BitstreamParams } from '../../emulator/bitstream/index.ts';
import { mulberry32 } from '../../emulator/device/rng.ts';
import { CycleCommand, type CycleModel, type Values } from '../cosim/cycle-model.ts';
import type { CommandList, CosimSuite } from '../cosim/suite.ts';

export type BitstreamSuiteConfig = BitstreamParams;

class AluCycleModel implements CycleModel {
  private readonly model: BitstreamAluModel;
  constructor(p: BitstreamParams) {
    this.model = new BitstreamAluModel(p);
  }
  outputs(inputs: Values): Record<string, bigint | undefined> {
    return this.model.outputs(inputs);
  }
  step(inputs: Values): void {
    this.model.step(inputs);
  }
}

function randomConfig(rng: () => number): BitstreamParams {
  return { bits: 1 + Math.floor(rng() * 16), lengthBits: 1 + Math.floor(rng() * 16), tanhStates: 2 * (1 + Math.floor(rng() * 16)) };
}

export const bitstreamSuite: CosimSuite<BitstreamSuiteConfig> = {
  target: 'bitstream',
  description: 'bitstream ALU (SNG, AND/XNOR multiply, MUX add, OR, CORDIV, Brown-Card tanh, XOR, counter) vs the emulator, random operands, numbers and stalls',
  defaultConfig: { bits: 8, lengthBits: 13, tanhStates: 8 },
  randomConfigs: (rng, count) => Array.from({ length: count }, () => randomConfig(rng)),
  describeConfig: (p) => `${p.bits}-bit operands, ${p.lengthBits}-bit length, ${p.tanhStates}-state tanh`,
  design: (p) => BitstreamAlu(p),
  model: (p) => new AluCycleModel(p),
  defaults: () => ({ start_valid: 0n, start_op: 0n, start_a: 0n, start_b: 0n, start_n: 0n, rand_valid: 0n, rand_a: 0n, rand_b: 0n, rand_s: 0n }),
  commands: (p, replayPath) => {
    const top = 2 ** p.bits - 1;
    const maxN = Math.min(2 ** p.lengthBits - 1, 600);
    const operand = fc.oneof(fc.integer({ min: 0, max: top }), fc.constantFrom(0, top, 2 ** (p.bits - 1)));
    const length = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: Math.min(maxN, 64) }) }, { weight: 1, arbitrary: fc.constantFrom(0, 1, maxN) });
    const randoms = (rng: () => number, valid: number): Partial<Values> => ({
      rand_valid: rng() * 100 < valid ? 1n : 0n,
      rand_a: BigInt(Math.floor(rng() * (top + 1))),
      rand_b: BigInt(Math.floor(rng() * (top + 1))),
      rand_s: BigInt(Math.floor(rng() * (top + 1))),
    });
    const run = fc
      .record({
        op: fc.integer({ min: 0, max: OP_NAMES.length - 1 }),
        a: operand,
        b: operand,
        n: length,
        valid: fc.constantFrom(100, 100, 70, 30),
        restart: fc.boolean(),
        s: fc.integer({ min: 0, max: 0xffffffff }),
      })
      .map(({ op, a, b, n, valid, restart, s }) => {
        const rng = mulberry32(s);
        const start = { start_valid: 1n, start_op: BigInt(op), start_a: BigInt(a), start_b: BigInt(b), start_n: BigInt(n) };
        const cycles: Partial<Values>[] = [{ ...start, ...randoms(rng, valid) }];
        const length = Math.ceil(((n + 2) * 100) / valid);
        for (let t = 0; t < length; t++) cycles.push({ ...randoms(rng, valid), ...(restart ? { ...start, start_op: BigInt((op + t) % 8) } : {}) });
        return new CycleCommand(`${OP_NAMES[op]}(a ${a}, b ${b}, n ${n}, valid ${valid}%${restart ? ', start held' : ''})`, cycles);
      });
    const idle = fc
      .record({ n: fc.integer({ min: 1, max: 20 }), s: fc.integer({ min: 0, max: 0xffffffff }) })
      .map(({ n, s }) => {
        const rng = mulberry32(s);
        return new CycleCommand(`idle(${n})`, Array.from({ length: n }, () => randoms(rng, 50)));
      });
    return fc.commands([run, run, run, idle], { maxCommands: 12, replayPath }).map((c): CommandList => c);
  },
};
